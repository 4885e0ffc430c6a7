// A cache of promises that forgets after `ttlMs`: the public campaign page reads the same campaign,
// page and anonymous view for every fan who arrives in the same second, so they are read once and
// shared (also by requests that arrive while the first read is still under way). A failed read is
// forgotten at once. Staleness is bounded by ttlMs on every process, whatever changed the data.
export function shortCache<V>(ttlMs: number, maxEntries = 1000) {
  const entries = new Map<string, { value: Promise<V>; until: number }>()
  return {
    get(key: string, load: () => Promise<V>): Promise<V> {
      const now = Date.now()
      const hit = entries.get(key)
      if (hit && hit.until > now) return hit.value
      if (entries.size >= maxEntries) {
        for (const [k, e] of entries) if (e.until <= now) entries.delete(k)
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string)
      }
      const value = load()
      entries.set(key, { value, until: now + ttlMs })
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key)
      })
      return value
    },
    /** Forgets a key now (after a change made by this process). */
    forget(key: string) {
      entries.delete(key)
    },
    /** Forgets everything now. */
    clear() {
      entries.clear()
    },
  }
}
