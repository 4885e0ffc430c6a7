// The weekly digest: from a goal's dashboard, what to adjust (advice as i18n keys with values).
import type { Advice } from './repository.js'
import type { GoalView } from './schemas.js'

export function adviceFor(
  view: Omit<GoalView, 'digest'>,
  kindsByRevenue: Array<{ label: string; revenueCents: number }>,
): Advice[] {
  const advice: Advice[] = []
  if (view.actual === null) advice.push({ key: 'goals.advice.noData', params: {} })
  else if (view.onTrack)
    advice.push({
      key: 'goals.advice.onTrack',
      params: { progress: view.progressPercent, expected: view.expectedPercent },
    })
  else
    advice.push({
      key: 'goals.advice.behind',
      params: { progress: view.progressPercent, expected: view.expectedPercent },
    })

  if (view.kind === 'revenue') {
    const best = kindsByRevenue.find((k) => k.revenueCents > 0)
    if (best) advice.push({ key: 'goals.advice.moreOf', params: { label: best.label } })
    const clickedNoOrders = view.contributors.find((c) => c.clicks >= 20 && c.orders === 0)
    if (clickedNoOrders)
      advice.push({
        key: 'goals.advice.clicksNoOrders',
        params: { label: clickedNoOrders.label, clicks: clickedNoOrders.clicks },
      })
    if (view.clicks === 0) advice.push({ key: 'goals.advice.noClicks', params: {} })
    if (view.trend === 'down') advice.push({ key: 'goals.advice.trendDown', params: {} })
  }
  if (view.kind === 'followers' && view.trend !== 'up')
    advice.push({ key: 'goals.advice.followersFlat', params: {} })
  if (view.kind === 'response_time' && view.actual !== null && view.actual > view.target)
    advice.push({
      key: 'goals.advice.slowAnswers',
      params: { minutes: Math.round(view.actual / 60), target: Math.round(view.target / 60) },
    })
  return advice
}
