// Asking Graph for insights defensively: one metric Graph no longer serves fails the whole request
// with (#100), so metrics go in small groups; a refused group is split until the one metric to
// blame is found, dropped and remembered, and the rest are still collected.

import { GraphError } from '../../graph/errors.js'
import type { GraphClient } from '../../graph/index.js'
import type { InsightsAnswer } from '../../graph/schemas.js'

export const GROUP_SIZE = 4

export type Refusal = { metric: string; message: string }

const isInvalidMetric = (err: unknown): err is GraphError =>
  err instanceof GraphError && err.code === 100 && err.kind !== 'transient'

/** Every answer Graph gave for `metrics`, and the metrics it refused one by one. */
export async function askDefensively(
  ask: (metrics: string[]) => Promise<InsightsAnswer>,
  metrics: string[],
): Promise<{ answers: InsightsAnswer; refused: Refusal[] }> {
  const answers: InsightsAnswer = []
  const refused: Refusal[] = []
  async function tryGroup(group: string[]): Promise<void> {
    try {
      answers.push(...(await ask(group)))
    } catch (err) {
      if (!isInvalidMetric(err)) throw err
      if (group.length === 1) {
        refused.push({ metric: group[0] as string, message: err.message })
        return
      }
      const half = Math.ceil(group.length / 2)
      await tryGroup(group.slice(0, half))
      await tryGroup(group.slice(half))
    }
  }
  for (let i = 0; i < metrics.length; i += GROUP_SIZE) await tryGroup(metrics.slice(i, i + GROUP_SIZE))
  return { answers, refused }
}

export type GraphInsights = Pick<GraphClient, 'insights'>
