// Every CSV export writes cells the same way: quoted per RFC 4180, formulas neutralised.
import { text } from 'node:stream/consumers'
import { describe, expect, it } from 'vitest'
import { csvCell } from '../../src/csv.js'
import type { Campaign } from '../../src/modules/campaigns/campaign-repository.js'
import type { EntryRepository } from '../../src/modules/campaigns/entry-repository.js'
import { contactExportStream, entryListStream } from '../../src/modules/campaigns/export.js'
import { barometerCsv } from '../../src/modules/comments/barometer-present.js'

const report = (name: string) => ({
  days: [],
  weeks: [],
  categories: [],
  words: [],
  drivers: { positive: [], negative: [] },
  response: {
    answered: 1,
    medianSeconds: 60,
    p90Seconds: 60,
    byModerator: [{ name, answered: 1, medianSeconds: 60, p90Seconds: 60 }],
  },
})

describe('CSV cells', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+31 6 123', "'+31 6 123"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=cmd', "'\t=cmd"],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
  ])('writes %j as %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell)
  })

  it('writes numbers as they are, and nothing for null', () => {
    expect([csvCell(-3), csvCell(0), csvCell(null), csvCell(undefined)]).toEqual(['-3', '0', '', ''])
  })

  it('neutralises a moderator name starting with TAB or = in barometer.csv', () => {
    const csv = barometerCsv(report('\t=HYPERLINK("http://evil.example")'))
    expect(csv).toContain(`"'\t=HYPERLINK(""http://evil.example"")",1,60,60`)
    expect(barometerCsv(report('=1+1'))).toContain("'=1+1,1,60,60")
  })

  it('writes an entry number the same way in the public entry list and the contact export', async () => {
    const exported = async (ref: string) => {
      const entry = {
        ref,
        entrant: { kind: 'app', name: '@Sanne' },
        status: 'valid',
        createdAt: new Date('2026-01-01T00:00:00Z'),
        country: 'NL',
        email: 's@example.com',
      }
      const entries = {
        async *drawList() {
          yield entry
        },
        async *contacts() {
          yield entry
        },
      } as unknown as EntryRepository
      const campaign = { id: 'c1', kind: 'contest', winners: [] } as unknown as Campaign
      const list = (await text(entryListStream(entries, campaign))).split('\n')[1] as string
      const contacts = (await text(contactExportStream(entries, campaign))).split('\n')[1] as string
      return { list: list.split(','), contacts: contacts.split(',') }
    }
    // A number Fanfare made (base64url) stays verbatim so the public list can be recomputed…
    const made = await exported('-yqrj1uu6DcQ3rqF')
    expect([made.list[0], made.contacts[0]]).toEqual(['-yqrj1uu6DcQ3rqF', '-yqrj1uu6DcQ3rqF'])
    // …anything else in that column is neutralised in both, like every name.
    const odd = await exported('=HYPERLINK(1)')
    expect([odd.list[0], odd.contacts[0]]).toEqual(["'=HYPERLINK(1)", "'=HYPERLINK(1)"])
    expect(made.contacts[2]).toBe("'@Sanne")
  })
})
