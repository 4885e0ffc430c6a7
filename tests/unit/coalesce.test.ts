import { describe, expect, it } from 'vitest'
import { coalesced } from '../../src/coalesce.js'

/** A run that records its inputs and waits until `release` is called. */
function gatedRun() {
  const runs: number[][] = []
  let release: () => void = () => {}
  const run = async (inputs: number[]) => {
    runs.push(inputs)
    await new Promise<void>((resolve) => {
      release = resolve
    })
    if (inputs.includes(13)) throw new Error('thirteen')
    return inputs.map((n) => n * 10)
  }
  return { runs, run, release: () => release() }
}

const settledSoon = () => new Promise((resolve) => setImmediate(resolve))

describe('coalesced', () => {
  it('runs a lone call at once and the calls that arrive meanwhile together, each answered in order', async () => {
    const gate = gatedRun()
    const call = coalesced(gate.run, 10)
    const first = call(1)
    expect(gate.runs).toEqual([[1]])
    const rest = [call(2), call(3), call(4)]
    await settledSoon()
    // Only one run at a time: the others wait for the first.
    expect(gate.runs).toEqual([[1]])
    gate.release()
    expect(await first).toBe(10)
    await settledSoon()
    expect(gate.runs).toEqual([[1], [2, 3, 4]])
    gate.release()
    expect(await Promise.all(rest)).toEqual([20, 30, 40])
  })

  it('puts at most maxBatch inputs in one run', async () => {
    const gate = gatedRun()
    const call = coalesced(gate.run, 2)
    const all = [call(1), call(2), call(3), call(4), call(5)]
    for (let i = 0; i < 3; i++) {
      await settledSoon()
      gate.release()
    }
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50])
    expect(gate.runs).toEqual([[1], [2, 3], [4, 5]])
  })

  it('fails only the call whose input breaks a shared run: the others go again on their own', async () => {
    const gate = gatedRun()
    const call = coalesced(gate.run, 10)
    const first = call(1)
    const shared = [call(12), call(13), call(14)]
    const outcomes = Promise.allSettled(shared)
    gate.release()
    await first
    // the shared run fails, then 12, 13 and 14 run one by one
    for (let i = 0; i < 4; i++) {
      await settledSoon()
      gate.release()
    }
    const [a, b, c] = await outcomes
    expect(a).toEqual({ status: 'fulfilled', value: 120 })
    expect(b).toMatchObject({ status: 'rejected', reason: new Error('thirteen') })
    expect(c).toEqual({ status: 'fulfilled', value: 140 })
    expect(gate.runs).toEqual([[1], [12, 13, 14], [12], [13], [14]])
  })
})
