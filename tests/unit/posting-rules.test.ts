import { describe, expect, it } from 'vitest'
import type { PostLabel } from '../../src/modules/posts/model.js'
import {
  checkPostingRules,
  inQuietHours,
  type PlannedPost,
  type PostingRules,
  similarity,
} from '../../src/modules/posts/rules.js'
import { occurrences, resolveTime } from '../../src/modules/posts/schedule-time.js'

const AMS = 'Europe/Amsterdam'

const rules = (over: Partial<PostingRules> = {}): PostingRules => ({
  timeZone: AMS,
  maxPostsPerDay: 3,
  maxPromoPostsPerWeek: 3,
  minNonPromoSharePercent: 50,
  minGapMinutes: 60,
  quietHours: null,
  ...over,
})

let n = 0
const post = (iso: string, label: PostLabel = 'news', message?: string): PlannedPost => {
  n += 1
  return { id: `p${n}`, at: new Date(iso), label, message: message ?? `post ${n}: ${'news '.repeat(n % 7)}` }
}

describe('posting rules', () => {
  it('refuses a fourth post on a day capped at three, naming the three', () => {
    const day = [post('2026-12-01T08:00:00Z'), post('2026-12-01T11:00:00Z'), post('2026-12-01T15:00:00Z')]
    const { violations } = checkPostingRules(post('2026-12-01T18:00:00Z'), day, rules())
    expect(violations.map((v) => v.rule)).toEqual(['dailyCap'])
    expect(violations[0]?.conflicting.map((p) => p.id)).toEqual(day.map((p) => p.id))
    expect(violations[0]?.params).toEqual({ cap: 3, day: '2026-12-01' })
  })

  it('counts the day in the page’s time zone, not in UTC', () => {
    // 23:30 UTC on 30 Nov is already 1 December in Amsterdam.
    const day = [post('2026-11-30T23:30:00Z'), post('2026-12-01T11:00:00Z'), post('2026-12-01T15:00:00Z')]
    const { violations } = checkPostingRules(post('2026-12-01T18:00:00Z'), day, rules())
    expect(violations.map((v) => v.rule)).toEqual(['dailyCap'])
    const inLondon = checkPostingRules(
      post('2026-12-01T18:00:00Z'),
      day,
      rules({ timeZone: 'Europe/London' }),
    )
    expect(inLondon.violations).toEqual([])
  })

  it('refuses a promotion beyond the weekly promotional cap', () => {
    const week = [post('2026-11-30T09:00:00Z', 'promotion'), post('2026-12-01T09:00:00Z', 'new_product')]
    const others = [post('2026-12-02T09:00:00Z'), post('2026-12-03T09:00:00Z'), post('2026-12-04T09:00:00Z')]
    const { violations } = checkPostingRules(
      post('2026-12-05T09:00:00Z', 'promotion'),
      [...week, ...others],
      rules({ maxPromoPostsPerWeek: 2 }),
    )
    expect(violations.map((v) => v.rule)).toEqual(['weeklyPromoCap'])
  })

  it('allows one promotion in an empty week but refuses a second without non-promotional posts', () => {
    expect(checkPostingRules(post('2026-12-01T09:00:00Z', 'promotion'), [], rules()).violations).toEqual([])
    const first = post('2026-11-30T09:00:00Z', 'promotion')
    const { violations } = checkPostingRules(post('2026-12-02T09:00:00Z', 'promotion'), [first], rules())
    expect(violations.map((v) => v.rule)).toEqual(['promoShare'])
    expect(violations[0]?.params).toMatchObject({ share: 50, promotional: 2, total: 2 })
    // With two ordinary posts planned, half of four posts advertising is within a 50% share.
    const balanced = [first, post('2026-12-01T09:00:00Z'), post('2026-12-03T09:00:00Z')]
    expect(
      checkPostingRules(post('2026-12-02T09:00:00Z', 'promotion'), balanced, rules()).violations,
    ).toEqual([])
  })

  it('does not count ordinary posts against the promotional rules', () => {
    const promos = [post('2026-11-30T09:00:00Z', 'promotion'), post('2026-12-01T09:00:00Z', 'promotion')]
    expect(checkPostingRules(post('2026-12-02T09:00:00Z', 'vacancy'), promos, rules()).violations).toEqual([])
  })

  it('refuses a post closer than the minimum gap to another', () => {
    const near = post('2026-12-01T09:30:00Z')
    const { violations } = checkPostingRules(
      post('2026-12-01T10:00:00Z'),
      [near],
      rules({ minGapMinutes: 45 }),
    )
    expect(violations.map((v) => v.rule)).toEqual(['minGap'])
    expect(violations[0]?.conflicting).toEqual([near])
    expect(
      checkPostingRules(post('2026-12-01T10:15:00Z'), [near], rules({ minGapMinutes: 45 })).violations,
    ).toEqual([])
  })

  it('refuses quiet hours that wrap midnight, in local time', () => {
    const quiet = rules({ quietHours: { start: '22:00', end: '07:00' } })
    expect(inQuietHours(new Date('2026-12-01T22:30:00Z'), quiet)).toBe(true) // 23:30 local
    expect(inQuietHours(new Date('2026-12-01T05:59:00Z'), quiet)).toBe(true) // 06:59 local
    expect(inQuietHours(new Date('2026-12-01T06:00:00Z'), quiet)).toBe(false) // 07:00 local
    const { violations } = checkPostingRules(post('2026-12-01T22:30:00Z'), [], quiet)
    expect(violations.map((v) => v.rule)).toEqual(['quietHours'])
  })

  it('does not warn a weekly repeating post against its own occurrences, but against another post', () => {
    const text = 'Elke maandag: de nieuwe collectie van deze week!'
    const lastWeek = { ...post('2026-11-24T09:00:00Z', 'news', text), seriesId: 'weekly' }
    const thisWeek = { ...post('2026-12-01T09:00:00Z', 'news', text), seriesId: 'weekly' }
    expect(checkPostingRules(thisWeek, [lastWeek], rules()).warnings).toEqual([])
    const copy = { ...post('2026-11-27T09:00:00Z', 'news', text), seriesId: null }
    const { warnings } = checkPostingRules(thisWeek, [lastWeek, copy], rules())
    expect(warnings.map((w) => w.conflicting.map((p) => p.id))).toEqual([[copy.id]])
  })

  it('warns, without refusing, about a text that nearly repeats a recent post', () => {
    const earlier = post(
      '2026-11-25T09:00:00Z',
      'news',
      'Vandaag 20% korting op alle winterjassen! Alleen online.',
    )
    const { violations, warnings } = checkPostingRules(
      post('2026-12-01T09:00:00Z', 'news', 'Vandaag 25% korting op alle winterjassen! Alleen online.'),
      [earlier],
      rules(),
    )
    expect(violations).toEqual([])
    expect(warnings.map((w) => w.rule)).toEqual(['nearDuplicate'])
    expect(similarity('totally different', 'Vandaag 20% korting op alle winterjassen!')).toBeLessThan(0.5)
  })
})

describe('times in the page’s zone', () => {
  it('moves 02:30 on the spring-forward day to 03:30 summer time', () => {
    const resolved = resolveTime('2027-03-28T02:30', AMS)
    expect(resolved?.at.toISOString()).toBe('2027-03-28T01:30:00.000Z')
    expect(resolved?.dst).toBe('skipped')
  })

  it('takes the first 02:30 on the fall-back day, still in summer time', () => {
    const resolved = resolveTime('2026-10-25T02:30', AMS)
    expect(resolved?.at.toISOString()).toBe('2026-10-25T00:30:00.000Z')
    expect(resolved?.dst).toBe('ambiguous')
  })

  it('reads an ordinary local time and an instant with an offset', () => {
    expect(resolveTime('2026-12-01T10:00', AMS)?.at.toISOString()).toBe('2026-12-01T09:00:00.000Z')
    expect(resolveTime('2026-07-01T10:00', AMS)?.at.toISOString()).toBe('2026-07-01T08:00:00.000Z')
    expect(resolveTime('2026-12-01T10:00:00Z', AMS)?.at.toISOString()).toBe('2026-12-01T10:00:00.000Z')
    expect(resolveTime('2026-13-01T10:00', AMS)).toBeNull()
  })

  it('keeps a weekly post at the same wall-clock time across a daylight-saving change', () => {
    const first = resolveTime('2027-03-22T10:00', AMS)?.at as Date
    const times = occurrences(first, AMS, { every: 1, unit: 'weeks', times: 3 })
    expect(times.map((d) => d.toISOString())).toEqual([
      '2027-03-22T09:00:00.000Z',
      '2027-03-29T08:00:00.000Z',
      '2027-04-05T08:00:00.000Z',
    ])
  })

  it('stops a series at its end date (inclusive)', () => {
    const first = resolveTime('2026-12-01T10:00', AMS)?.at as Date
    const times = occurrences(first, AMS, { every: 2, unit: 'days', until: '2026-12-05' })
    expect(times).toHaveLength(3)
  })
})
