// Where a goal stands: progress towards the target, what was expected by now, on track or not, trend.
import type { GoalKind } from './model.js'

export type Standing = {
  /** 0–100+: how much of the way from the baseline (or zero, for revenue) to the target is done */
  progressPercent: number
  /** how far along the period is, 0–100 */
  expectedPercent: number
  onTrack: boolean
  trend: 'up' | 'down' | 'flat'
}

/** Lower is better for response time; more is better for revenue and followers. */
export const lowerIsBetter = (kind: GoalKind) => kind === 'response_time'

export function standingOf(input: {
  kind: GoalKind
  baseline: number
  target: number
  actual: number | null
  startAt: Date
  deadline: Date
  now: Date
  /** weekly values, oldest first (revenue: per week; others: the level at the end of the week) */
  weekly: number[]
}): Standing {
  const { kind, baseline, target, actual, startAt, deadline, now, weekly } = input
  const span = deadline.getTime() - startAt.getTime()
  const elapsed = Math.min(Math.max(now.getTime() - startAt.getTime(), 0), span)
  const expectedPercent = span > 0 ? Math.round((elapsed / span) * 100) : 100
  let progress = 0
  if (actual !== null) {
    if (kind === 'revenue') progress = target > 0 ? actual / target : actual > 0 ? 1 : 0
    else if (target !== baseline) progress = (actual - baseline) / (target - baseline)
    else progress = lowerIsBetter(kind) ? (actual <= target ? 1 : 0) : actual >= target ? 1 : 0
  }
  const progressPercent = Math.round(Math.max(progress, 0) * 100)
  const onTrack =
    actual !== null &&
    (lowerIsBetter(kind)
      ? actual <= target || progressPercent >= expectedPercent
      : progressPercent >= expectedPercent)
  return { progressPercent, expectedPercent, onTrack, trend: trendOf(weekly, lowerIsBetter(kind)) }
}

/** The slope of the last four weeks against their mean: more than 5 % a week either way is a trend. */
export function trendOf(weekly: number[], lowerBetter = false): 'up' | 'down' | 'flat' {
  const last = weekly.slice(-4)
  if (last.length < 2) return 'flat'
  const n = last.length
  const meanX = (n - 1) / 2
  const meanY = last.reduce((a, b) => a + b, 0) / n
  const slope =
    last.reduce((acc, y, x) => acc + (x - meanX) * (y - meanY), 0) /
    last.reduce((acc, _y, x) => acc + (x - meanX) ** 2, 0)
  if (meanY === 0 ? slope === 0 : Math.abs(slope / meanY) < 0.05) return 'flat'
  const rising = slope > 0
  // "up" means better: fewer minutes to answer is up for response time.
  return rising !== lowerBetter ? 'up' : 'down'
}
