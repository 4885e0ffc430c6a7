// Wall-clock times in a page's time zone ↔ instants, including the two daylight-saving edge cases.
import { DateTime } from 'luxon'

export type ResolvedTime = {
  at: Date
  /** what the marketer sees: the local time in the page's zone */
  local: string
  /** set when the wall-clock time did not exist or existed twice that day */
  dst: null | 'skipped' | 'ambiguous'
}

const LOCAL_FORMAT = "yyyy-MM-dd'T'HH:mm"
const HAS_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i

/**
 * A time from a form or the API. With an offset ("…Z", "…+01:00") it is an instant; without one it
 * is a wall-clock time in the page's zone. A time the clocks skip (02:30 on the spring-forward day)
 * moves forward by the gap, to 03:30; a time that happens twice (02:30 on the fall-back day) means
 * the first one, while summer time still holds.
 */
export function resolveTime(input: string, zone: string): ResolvedTime | null {
  if (HAS_OFFSET.test(input)) {
    const instant = DateTime.fromISO(input, { setZone: true })
    if (!instant.isValid) return null
    return { at: instant.toJSDate(), local: instant.setZone(zone).toFormat(LOCAL_FORMAT), dst: null }
  }
  const wall = DateTime.fromISO(input, { zone })
  if (!wall.isValid) return null
  const candidates = wall.getPossibleOffsets()
  const asked = DateTime.fromISO(input).toFormat(LOCAL_FORMAT)
  if (candidates.length > 1) {
    const first = candidates.reduce((a, b) => (a.toMillis() <= b.toMillis() ? a : b))
    return { at: first.toJSDate(), local: asked, dst: 'ambiguous' }
  }
  const at = candidates[0] ?? wall
  const skipped = at.toFormat(LOCAL_FORMAT) !== asked
  return { at: at.toJSDate(), local: at.toFormat(LOCAL_FORMAT), dst: skipped ? 'skipped' : null }
}

/** A time a little in the past still counts as "now" (the form took a moment to submit). */
export const PAST_GRACE_MS = 60_000

export type TimeProblem = { code: string; params: Record<string, unknown> }

/**
 * A time a post may be planned at: not (much) in the past and within the horizon. Forms, the API
 * and CSV imports all decide here; each reports the problem its own way.
 */
export function plannableTime(input: string, zone: string, horizonDays: number): { at: Date } | TimeProblem {
  const resolved = resolveTime(input, zone)
  if (!resolved) return { code: 'posts.badTime', params: {} }
  if (resolved.at.getTime() < Date.now() - PAST_GRACE_MS) {
    return { code: 'posts.timeInPast', params: { time: resolved.local } }
  }
  if (resolved.at.getTime() > DateTime.now().plus({ days: horizonDays }).toMillis()) {
    return { code: 'posts.beyondHorizon', params: { days: horizonDays } }
  }
  return { at: resolved.at }
}

/** The local wall-clock time of an instant, as a `datetime-local` input wants it. */
export function localInputValue(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat(LOCAL_FORMAT)
}

export type Repeat = { every: number; unit: 'days' | 'weeks'; times?: number; until?: string }

/** At most this many occurrences in one series, so a typo cannot plan a thousand posts. */
export const MAX_OCCURRENCES = 52

/**
 * The instants of a repeated post. Steps are taken on the wall clock, so a weekly 10:00 post stays at
 * 10:00 across a daylight-saving change. `until` is a local date (inclusive).
 */
export function occurrences(first: Date, zone: string, repeat: Repeat | undefined): Date[] {
  if (!repeat) return [first]
  const start = DateTime.fromJSDate(first, { zone })
  const last = repeat.until ? DateTime.fromISO(repeat.until, { zone }).endOf('day') : null
  const limit = Math.min(repeat.times ?? MAX_OCCURRENCES, MAX_OCCURRENCES)
  const result: Date[] = []
  for (let i = 0; i < limit; i += 1) {
    const next = start.plus({ [repeat.unit]: repeat.every * i })
    if (last && next > last) break
    result.push(next.toJSDate())
  }
  return result
}

/** Local calendar day ("2026-11-24") and ISO week ("2026-W48") of an instant in the page's zone. */
export function localDay(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toISODate() as string
}

export function localWeek(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat("kkkk-'W'WW")
}

/** Minutes since local midnight, for quiet hours. */
export function localMinuteOfDay(at: Date, zone: string): number {
  const t = DateTime.fromJSDate(at, { zone })
  return t.hour * 60 + t.minute
}

/** A readable local time for messages: "2026-11-24 10:00". */
export function localLabel(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat('yyyy-MM-dd HH:mm')
}
