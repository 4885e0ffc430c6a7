// The public page's short cache: shared reads within the time, a fresh read after it, failures forgotten.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { campaignChanges } from '../../src/modules/campaigns/changes.js'
import { shortCache } from '../../src/modules/campaigns/short-cache.js'

describe('the short cache of the public page', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['Date'] }))
  afterEach(() => vi.useRealTimers())

  it('shares one read within the time and reads again once it is over', async () => {
    const cache = shortCache<number>(1000)
    let reads = 0
    const load = async () => ++reads
    expect(await Promise.all([cache.get('a', load), cache.get('a', load)])).toEqual([1, 1])
    vi.advanceTimersByTime(999)
    expect(await cache.get('a', load)).toBe(1)
    vi.advanceTimersByTime(1)
    expect(await cache.get('a', load)).toBe(2)
  })

  it('forgets a failed read at once, and a key on request', async () => {
    const cache = shortCache<string>(1000)
    await expect(cache.get('a', () => Promise.reject(new Error('store away')))).rejects.toThrow('store away')
    expect(await cache.get('a', async () => 'fresh')).toBe('fresh')
    cache.forget('a')
    expect(await cache.get('a', async () => 'after forget')).toBe('after forget')
  })

  it('keeps at most the given number of keys', async () => {
    const cache = shortCache<string>(60_000, 2)
    await cache.get('a', async () => 'a1')
    await cache.get('b', async () => 'b1')
    await cache.get('c', async () => 'c1')
    expect(await cache.get('a', async () => 'a2')).toBe('a2')
  })
})

describe('campaign changes', () => {
  it('tells the listeners after every call of a wrapped service, also one that failed', async () => {
    const changes = campaignChanges()
    const heard: string[] = []
    changes.listen(() => heard.push('changed'))
    const service = changes.notifying({
      async close(id: string) {
        heard.push(`close ${id}`)
        return id
      },
      async draw() {
        throw new Error('not closed')
      },
    })
    expect(await service.close('c1')).toBe('c1')
    await expect(service.draw()).rejects.toThrow('not closed')
    expect(heard).toEqual(['close c1', 'changed', 'changed'])
  })
})
