// The worker side of the webhook: applies a stored delivery's comment changes and moves the
// barometer once for the whole delivery; applying it again changes nothing.

import type { ApplyResult, CommentApplier } from './apply.js'
import { createTally } from './barometer-counting.js'
import type { BarometerRepository } from './barometer-repository.js'
import type { DeliveryRepository } from './delivery-repository.js'
import { commentEventsOf, type FeedEvent, WebhookPayload } from './webhook.js'

export type AppliedDelivery = { results: ApplyResult[]; events: FeedEvent[] }

export function createDeliveryApplier(deps: {
  deliveries: Pick<DeliveryRepository, 'find' | 'markApplied'>
  counters: Pick<BarometerRepository, 'move'>
  applier: Pick<CommentApplier, 'applyAll'>
}) {
  const { deliveries, counters, applier } = deps

  /**
   * Applies events a page at a time, each page's in bulk (one read and one write of its comments,
   * every comment's changes in delivery order), the barometer moved once for them all, and then
   * the live inbox told about the new comments.
   */
  async function applyEvents(events: FeedEvent[]): Promise<ApplyResult[]> {
    const tally = createTally(counters)
    const byPage = new Map<string, number[]>()
    events.forEach((e, i) => {
      byPage.set(e.facebookPageId, [...(byPage.get(e.facebookPageId) ?? []), i])
    })
    const results: ApplyResult[] = events.map(() => 'skipped')
    const announcements: (() => Promise<void>)[] = []
    for (const [facebookPageId, indexes] of byPage) {
      const changes = indexes.map((i) => (events[i] as FeedEvent).change)
      const applied = await applier.applyAll(facebookPageId, changes, tally)
      indexes.forEach((i, k) => {
        results[i] = applied.results[k] as ApplyResult
      })
      announcements.push(applied.announce)
    }
    // A crash before this line loses these counter moves (the comments already record them as
    // counted); it does not count anything twice.
    await tally.flush()
    for (const announce of announcements) await announce()
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
      // The acknowledgement only checked the signature and counted comment changes; a body in a
      // shape this version does not know applies nothing (as Meta is not asked to send it again).
      const payload = WebhookPayload.safeParse(JSON.parse(delivery.body))
      const events = payload.success ? commentEventsOf(payload.data) : []
      const results = await applyEvents(events)
      await then(events)
      await deliveries.markApplied(id)
      return { results, events }
    },
  }
}

export type DeliveryApplier = ReturnType<typeof createDeliveryApplier>
