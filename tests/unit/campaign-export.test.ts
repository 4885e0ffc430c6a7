// The CSV exports stream with backpressure: a client that stops reading stops the cursor too, so a
// million entries never pile up in the web process.
import { describe, expect, it } from 'vitest'
import type { Campaign } from '../../src/modules/campaigns/campaign-repository.js'
import type { DrawListRow, EntryRepository } from '../../src/modules/campaigns/entry-repository.js'
import { entryListStream } from '../../src/modules/campaigns/export.js'

describe('the entry list export', () => {
  it('pulls rows from the cursor only as fast as the reader takes them', async () => {
    let pulled = 0
    async function* drawList(): AsyncIterable<DrawListRow> {
      for (let i = 0; i < 1_000_000; i++) {
        pulled += 1
        yield { ref: `ref${String(i).padStart(12, '0')}`, entrant: { kind: 'app' } } as DrawListRow
      }
    }
    const entries = { drawList } as unknown as EntryRepository
    const stream = entryListStream(entries, { id: 'c', kind: 'contest' } as Campaign)
    const reader = stream[Symbol.asyncIterator]()
    await reader.next()
    await reader.next()
    await new Promise((resolve) => setTimeout(resolve, 50))
    // Two 64 kB chunks read, and at most a few more buffered (about 2,600 rows of 25 characters each).
    expect(pulled).toBeGreaterThan(2_000)
    expect(pulled).toBeLessThan(20_000)
    stream.destroy()
  })
})
