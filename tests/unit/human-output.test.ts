// What people read: times in a zone and language, audit entries as sentences with the changed
// fields, whole-word signals, every day of a barometer period, saved replies in the comment's language.
import { describe, expect, it } from 'vitest'
import { humanTime } from '../../src/i18n/time.js'
import { auditLine } from '../../src/modules/audit/present.js'
import type { AuditEntry } from '../../src/modules/audit/repository.js'
import { daysBetween } from '../../src/modules/comments/barometer.js'
import { savedRepliesFor } from '../../src/modules/comments/present.js'
import { readableSignals } from '../../src/modules/comments/readable-signals.js'
import type { SavedReply } from '../../src/modules/comments/settings-repository.js'

const now = new Date('2026-12-02T12:00:00Z')

describe('times', () => {
  it('shows an instant in the page’s zone and language, with a relative time', () => {
    const at = new Date('2026-12-02T09:00:00Z')
    expect(humanTime(at, { locale: 'nl', zone: 'Europe/Amsterdam', now })).toEqual({
      iso: '2026-12-02T09:00:00.000Z',
      text: '2 dec, 10:00',
      relative: '3 uur geleden',
    })
    expect(humanTime(at, { locale: 'en', zone: 'America/New_York', now })?.text).toBe('Dec 2, 04:00 AM')
    expect(humanTime(new Date('2025-03-01T10:00:00Z'), { locale: 'nl', now })?.text).toBe('1 mrt 2025, 11:00')
    expect(humanTime(new Date('2026-12-05T12:00:00Z'), { locale: 'en', now })?.relative).toBe('in 3 days')
    expect(humanTime(null, { locale: 'nl' })).toBeNull()
  })
})

describe('audit entries', () => {
  const entry = (e: Partial<AuditEntry>): AuditEntry =>
    ({
      id: 'x',
      at: new Date('2026-12-02T08:30:00Z'),
      actor: { userId: null, name: 'Anne de Admin', via: 'browser' },
      target: { type: 'user', id: 'u1', label: 'Mo de Moderator' },
      pageId: null,
      before: null,
      after: null,
      reason: null,
      ...e,
    }) as AuditEntry
  const ctx = { locale: 'nl' as const, zone: 'Europe/Amsterdam', names: new Map([['p1', 'Demo Webshop']]) }

  it('reads as a sentence with the changed fields, old and new, in words', () => {
    const line = auditLine(
      entry({ action: 'team.role', before: { role: 'moderator' }, after: { role: 'marketer' } }),
      ctx,
    )
    expect(line.sentence).toBe('Anne de Admin wijzigde de rol van Mo de Moderator')
    expect(line.changes).toEqual([{ field: 'rol', before: 'moderator', after: 'marketeer' }])
    expect(line.when?.text).toBe('2 dec, 09:30')
  })

  it('puts statuses and kinds in words, and leaves out a field that was empty before and after', () => {
    const line = auditLine(
      entry({
        action: 'comment.done',
        before: { status: 'open', series: null, kind: 'contest' },
        after: { status: 'done', kind: 'contest' },
      }),
      ctx,
    )
    expect(line.changes).toEqual([{ field: 'status', before: 'open', after: 'afgehandeld' }])
    const en = auditLine(
      entry({
        action: 'post.hold',
        before: { status: 'scheduled', seriesId: '' },
        after: { status: 'held' },
      }),
      { ...ctx, locale: 'en' },
    )
    expect(en.changes.map((c) => [c.before, c.after])).toEqual([['scheduled', 'on hold']])
  })

  it('names pages by name, times in the zone, leaves unchanged fields out, and falls back for an unknown action', () => {
    const pages = auditLine(
      entry({
        action: 'team.pages',
        before: { pageIds: [], role: 'moderator' },
        after: { pageIds: ['p1'], role: 'moderator' },
      }),
      ctx,
    )
    expect(pages.changes).toEqual([{ field: "pagina's", before: '—', after: 'Demo Webshop' }])
    const close = auditLine(
      entry({
        action: 'campaign.close',
        target: { type: 'campaign', id: 'c1', label: 'Win een jas' },
        before: { closesAt: '2026-12-10T11:00:00.000Z' },
        after: { closesAt: new Date('2026-12-02T11:00:00Z') },
      }),
      ctx,
    )
    expect(close.sentence).toBe('Anne de Admin sloot actie “Win een jas”')
    expect(close.changes).toEqual([{ field: 'sluit', before: '10 dec, 12:00', after: '2 dec, 12:00' }])
    expect(auditLine(entry({ action: 'something.new' }), ctx).sentence).toBe(
      'Anne de Admin: something.new (Mo de Moderator)',
    )
  })
})

describe('signals a moderator is shown', () => {
  it('keeps whole words, phrases and emoji of the comment that point the verdict’s way', () => {
    const shown = readableSignals({
      message: 'Terrible service, arrived broken 3 weeks ago and nobody answers 😡',
      sentiment: 'negative',
      complaint: true,
      signals: [
        { text: 'terrible', kind: 'word', weight: -3 },
        { text: '😡', kind: 'emoji', weight: -4 },
        { text: 'ago and', kind: 'word', weight: -1 },
        { text: 'and', kind: 'word', weight: -0.5 },
        { text: '3 weeks', kind: 'word', weight: -1.1 },
        { text: 'nobody', kind: 'word', weight: 0.7 },
        { text: 'servic', kind: 'word', weight: -0.8 },
      ],
    })
    expect(shown.map((s) => s.text)).toEqual(['terrible', '😡', '3 weeks'])
  })
})

describe('the barometer period', () => {
  it('has every day, also across a month end, and nothing for a reversed period', () => {
    expect(daysBetween('2026-11-29', '2026-12-02')).toEqual([
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
    ])
    expect(daysBetween('2026-12-02', '2026-12-01')).toEqual([])
    expect(daysBetween('2020-01-01', '2026-12-02')).toHaveLength(366)
  })
})

describe('saved replies', () => {
  it('lists those in the comment’s language first, each group by name', () => {
    const r = (name: string, language: 'nl' | 'en') =>
      ({ id: name, name, language, text: name }) as SavedReply
    const sorted = savedRepliesFor([r('B nl', 'nl'), r('Z en', 'en'), r('A nl', 'nl'), r('C en', 'en')], {
      language: 'en',
    })
    expect(sorted.map((s) => s.name)).toEqual(['C en', 'Z en', 'A nl', 'B nl'])
  })
})
