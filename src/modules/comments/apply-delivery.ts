// The worker side of the webhook: applies stored deliveries' comment changes (several at once when
// they arrive together) and moves the barometer once for them all; applying again changes nothing.

import type { ApplyResult, CommentApplier } from './apply.js'
import { createTally } from './barometer-counting.js'
import type { BarometerRepository } from './barometer-repository.js'
import type { DeliveryRepository } from './delivery-repository.js'
import { commentEventsOf, type FeedEvent, WebhookPayload } from './webhook.js'

export type AppliedDelivery = { results: ApplyResult[]; events: FeedEvent[] }

export function createDeliveryApplier(deps: {
  deliveries: Pick<DeliveryRepository, 'findMany' | 'markAppliedMany'>
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
      const indexes = byPage.get(e.facebookPageId)
      if (indexes) indexes.push(i)
      else byPage.set(e.facebookPageId, [i])
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

  type Outcome = AppliedDelivery | 'missing' | 'already applied'

  /**
   * Applies stored deliveries together: one read of them all, their events in the order of `ids`
   * applied as one list (see applyEvents), `then` on all of them, one mark. `then` runs before
   * the deliveries are marked applied, so a crash repeats it.
   */
  async function applyMany(
    ids: string[],
    then: (events: FeedEvent[]) => Promise<void> = async () => {},
  ): Promise<Outcome[]> {
    const unique = [...new Set(ids)]
    const stored = new Map((await deliveries.findMany(unique)).map((d) => [d.id, d]))
    const outcomes = new Map<string, Outcome>()
    const pending: { id: string; events: FeedEvent[] }[] = []
    for (const id of unique) {
      const delivery = stored.get(id)
      if (!delivery) outcomes.set(id, 'missing')
      else if (delivery.appliedAt) outcomes.set(id, 'already applied')
      else {
        // The acknowledgement only checked the signature and counted comment changes; a body in a
        // shape this version does not know applies nothing (as Meta is not asked to send it again).
        const payload = WebhookPayload.safeParse(JSON.parse(delivery.body))
        pending.push({ id, events: payload.success ? commentEventsOf(payload.data) : [] })
      }
    }
    const events = pending.flatMap((p) => p.events)
    const results = await applyEvents(events)
    await then(events)
    await deliveries.markAppliedMany(pending.map((p) => p.id))
    let at = 0
    for (const p of pending) {
      outcomes.set(p.id, { results: results.slice(at, at + p.events.length), events: p.events })
      at += p.events.length
    }
    return ids.map((id) => outcomes.get(id) as Outcome)
  }

  return {
    applyEvents,
    applyMany,
  }
}

export type DeliveryApplier = ReturnType<typeof createDeliveryApplier>
