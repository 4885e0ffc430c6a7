// Time to first response: wall-clock seconds, or only the seconds inside a page's business hours.
import { DateTime } from 'luxon'

export type BusinessHours = { start: string; end: string } | null

const minutesOf = (clock: string) => {
  const [h, m] = clock.split(':').map(Number)
  return (h ?? 0) * 60 + (m ?? 0)
}

/**
 * Seconds between `from` and `to` that fall within business hours (Monday to Friday, start–end in
 * the page's time zone); all seconds when the page has none.
 */
export function responseSeconds(from: Date, to: Date, zone: string, hours: BusinessHours): number {
  const total = Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000))
  if (!hours) return total
  const startMin = minutesOf(hours.start)
  const endMin = minutesOf(hours.end)
  if (endMin <= startMin) return total
  const end = DateTime.fromJSDate(to, { zone })
  let day = DateTime.fromJSDate(from, { zone }).startOf('day')
  let seconds = 0
  // A response rarely takes more than weeks; the cap keeps a bad clock from looping for long.
  for (let i = 0; i < 400 && day <= end; i++, day = day.plus({ days: 1 })) {
    if (day.weekday > 5) continue
    const open = DateTime.max(day.plus({ minutes: startMin }), DateTime.fromJSDate(from, { zone }))
    const close = DateTime.min(day.plus({ minutes: endMin }), end)
    if (close > open) seconds += close.diff(open, 'seconds').seconds
  }
  return Math.round(seconds)
}

/** The value at quantile q (0..1) of sorted numbers, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[rank] ?? null
}
