// Group commit: calls that arrive while a run is busy wait for it and then go together as the next
// run, so a lone call runs at once and a burst costs one run per batch instead of one per call.

/**
 * Wraps `run` (many inputs → one output each, in order) so that concurrent calls share runs, at
 * most `maxBatch` inputs per run and one run at a time. When a run of several fails, each of its
 * inputs runs again on its own, so one bad input fails only its own call.
 */
export function coalesced<I, O>(
  run: (inputs: I[]) => Promise<O[]>,
  maxBatch: number,
): (input: I) => Promise<O> {
  type Waiting = { input: I; resolve: (output: O) => void; reject: (err: unknown) => void }
  const waiting: Waiting[] = []
  let busy = false

  async function settle(batch: Waiting[]) {
    try {
      const outputs = await run(batch.map((w) => w.input))
      for (const [i, w] of batch.entries()) w.resolve(outputs[i] as O)
    } catch (err) {
      if (batch.length === 1) (batch[0] as Waiting).reject(err)
      else for (const w of batch) await settle([w])
    }
  }

  async function drain() {
    busy = true
    try {
      while (waiting.length > 0) await settle(waiting.splice(0, maxBatch))
    } finally {
      busy = false
    }
  }

  return (input) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ input, resolve, reject })
      if (!busy) void drain()
    })
}
