// Telling this process's caches that a campaign changed: every function of a service wrapped with
// `notifying` calls the listeners once it has finished (even when it failed half-way), so a campaign
// closed or drawn here shows at once on this process; other processes see it when their cache ends.
export function campaignChanges() {
  const listeners: (() => void)[] = []
  const changed = () => {
    for (const listener of listeners) listener()
  }
  return {
    listen(listener: () => void): void {
      listeners.push(listener)
    },
    notifying<T extends object>(service: T): T {
      const wrapped: Record<string, unknown> = {}
      for (const [name, value] of Object.entries(service)) {
        wrapped[name] =
          typeof value === 'function'
            ? async (...args: unknown[]) => {
                try {
                  return await value.apply(service, args)
                } finally {
                  changed()
                }
              }
            : value
      }
      return wrapped as T
    },
  }
}
