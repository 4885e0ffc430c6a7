// Times as people read them: in a time zone (the page's, or the shop's first page), in their
// language, absolute ("2 dec. 2026 14:05") and relative ("3 uur geleden"), never ISO UTC on a page.
import { DateTime } from 'luxon'
import type { Locale } from './index.js'

/** Where a page has no time zone of its own to offer (team, tokens): the Dutch shops Fanfare is for. */
export const DEFAULT_ZONE = 'Europe/Amsterdam'

/** What a view shows of an instant: `iso` for `<time datetime>`, `text` absolute, `relative` from now. */
export type HumanTime = { iso: string; text: string; relative: string }

export type TimeContext = { locale: Locale; zone?: string | null | undefined; now?: Date }

function toDateTime(at: Date | string, zone: string): DateTime {
  const dt = at instanceof Date ? DateTime.fromJSDate(at) : DateTime.fromISO(at)
  return dt.setZone(zone)
}

/** The instant in the zone and language; null for no instant. The year only when it is not this year's. */
export function humanTime(at: Date | string | null | undefined, ctx: TimeContext): HumanTime | null {
  if (!at) return null
  const zone = ctx.zone || DEFAULT_ZONE
  const dt = toDateTime(at, zone).setLocale(ctx.locale)
  if (!dt.isValid) return null
  const now = DateTime.fromJSDate(ctx.now ?? new Date()).setZone(zone)
  const text = dt.toLocaleString({
    day: 'numeric',
    month: 'short',
    ...(dt.year === now.year ? {} : { year: 'numeric' }),
    hour: '2-digit',
    minute: '2-digit',
  })
  return { iso: dt.toUTC().toISO() as string, text, relative: relativeTo(dt, now, ctx.locale) }
}

/** A day (yyyy-MM-dd in the zone) as "wo 2 dec.": for chart axes and day tables. */
export function humanDay(isoDate: string, locale: Locale): string {
  return DateTime.fromISO(isoDate, { zone: 'UTC' })
    .setLocale(locale)
    .toLocaleString({ weekday: 'short', day: 'numeric', month: 'short' })
}

/** "3 uur geleden", "over 2 dagen", "nu": Intl's relative format through luxon. */
function relativeTo(dt: DateTime, now: DateTime, locale: Locale): string {
  const seconds = Math.abs(dt.diff(now, 'seconds').seconds)
  if (seconds < 45) return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(0, 'second')
  return dt.toRelative({ base: now, locale, round: true }) ?? ''
}

/** How long something has waited, in whole hours (for grouping complaints by age). */
export function hoursSince(at: Date, now = new Date()): number {
  return Math.max(0, Math.floor((now.getTime() - at.getTime()) / 3_600_000))
}
