// The worker side of the webhook: applies a stored delivery's comment changes and moves the
// barometer once for the whole delivery; applying it again changes nothing.

import type { ApplyResult, CommentApplier } from './apply.js'
import { createTally } from './barometer-counting.js'
import type { BarometerRepository } from './barometer-repository.js'
import type { DeliveryRepository } from './delivery-repository.js'
import { commentEventsOf, type FeedEvent, WebhookPayload } from './webhook.js'

/** Comments of one delivery applied at the same time. */
const PARALLEL = 8

export type AppliedDelivery = { results: ApplyResult[]; events: FeedEvent[] }

export function createDeliveryApplier(deps: {
  deliveries: Pick<DeliveryRepository, 'find' | 'markApplied'>
  counters: Pick<BarometerRepository, 'move'>
  applier: Pick<CommentApplier, 'forPage'>
}) {
  const { deliveries, counters, applier } = deps

  /**
   * Applies events, one comment's changes in delivery order (fewer conflicting writes on that
   * comment; any order would end the same) and different comments side by side.
   */
  async function applyEvents(events: FeedEvent[]): Promise<ApplyResult[]> {
    const tally = createTally(counters)
    const byPage = new Map<string, Map<string, FeedEvent[]>>()
    for (const e of events) {
      const comments = byPage.get(e.facebookPageId) ?? new Map<string, FeedEvent[]>()
      comments.set(e.change.comment_id, [...(comments.get(e.change.comment_id) ?? []), e])
      byPage.set(e.facebookPageId, comments)
    }
    const results: ApplyResult[] = []
    for (const [facebookPageId, comments] of byPage) {
      await applier.forPage(facebookPageId, async (apply) => {
        const groups = [...comments.values()]
        if (!apply) return void results.push(...groups.flat().map(() => 'skipped' as const))
        let next = 0
        await Promise.all(
          Array.from({ length: Math.min(PARALLEL, groups.length) }, async () => {
            for (let group = groups[next++]; group; group = groups[next++]) {
              for (const e of group) results.push(await apply(e.change, tally))
            }
          }),
        )
      })
    }
    // A crash before this line loses these counter moves (the comments already record them as
    // counted); it does not count anything twice.
    await tally.flush()
    return results
  }

  return {
    applyEvents,

    /** `then` runs on the applied events before the delivery is marked applied (so a crash repeats it). */
    async apply(
      id: string,
      then: (events: FeedEvent[]) => Promise<void> = async () => {},
    ): Promise<AppliedDelivery | 'missing' | 'already applied'> {
      const delivery = await deliveries.find(id)
      if (!delivery) return 'missing'
      if (delivery.appliedAt) return 'already applied'
      const events = commentEventsOf(WebhookPayload.parse(JSON.parse(delivery.body)))
      const results = await applyEvents(events)
      await then(events)
      await deliveries.markApplied(id)
      return { results, events }
    },
  }
}

export type DeliveryApplier = ReturnType<typeof createDeliveryApplier>
