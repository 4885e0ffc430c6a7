// Whether a person may share a kit now: the page's quiet hours (the same rule that keeps posts
// from going out at night) and the kit's cap per person per day. Pure functions.
import { inQuietHours } from '../posts/rules.js'
import { localDay } from '../posts/schedule-time.js'

export type SharePage = { timeZone: string; quietHours: { start: string; end: string } | null }
export type ShareRefusal = 'kits.quietHours' | 'kits.shareCap'

/** The day the cap counts in: the page's own calendar day. */
export const shareDay = (at: Date, page: SharePage) => localDay(at, page.timeZone)

export function shareRefusal(
  at: Date,
  page: SharePage,
  sharesToday: number,
  sharesPerDay: number,
): ShareRefusal | null {
  if (inQuietHours(at, { ...NO_POSTING_RULES, timeZone: page.timeZone, quietHours: page.quietHours }))
    return 'kits.quietHours'
  if (sharesToday >= sharesPerDay) return 'kits.shareCap'
  return null
}

/** inQuietHours reads only the zone and the quiet hours of the posting rules. */
const NO_POSTING_RULES = {
  maxPostsPerDay: 0,
  maxPromoPostsPerWeek: 0,
  minNonPromoSharePercent: 0,
  minGapMinutes: 0,
}

/** A page's stored quiet hours as the rule reads them (both ends set, or none). */
export function quietHoursOf(page: { quietHours?: { start?: string | null; end?: string | null } | null }) {
  const q = page.quietHours
  return q?.start && q.end ? { start: q.start, end: q.end } : null
}
