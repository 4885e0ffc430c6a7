// The web side of the page webhook: check the signature, store each comment change once, queue it.
import { createHash } from 'node:crypto'
import { DomainError, Unauthorized } from '../../errors.js'
import type { Models } from '../../models.js'
import { enqueueBulk, type Queues } from '../../queues.js'
import { commentEventsOf, type FeedEvent, hasValidSignature, WebhookPayload } from './webhook.js'

const isDuplicateKey = (err: unknown) =>
  (err as { code?: number }).code === 11000 ||
  ((err as { writeErrors?: { code?: number }[] }).writeErrors ?? []).every((e) => e.code === 11000)

export type IntakeResult = { events: number }

export function createWebhookIntake(deps: { models: Models; queues?: Queues; appSecret: string }) {
  const { models, queues, appSecret } = deps

  /** Stores events once (the unique key drops repeats) and queues them; a repeat job is a cheap no-op. */
  async function storeAndQueue(events: FeedEvent[], source: 'webhook' | 'backfill'): Promise<void> {
    if (events.length === 0) return
    const receivedAt = new Date()
    try {
      await models.webhookEvents.insertMany(
        events.map((e) => ({
          _id: e.key,
          key: e.key,
          facebookPageId: e.facebookPageId,
          commentId: e.change.comment_id,
          verb: e.change.verb,
          value: e.change,
          source,
          receivedAt,
        })),
        { ordered: false },
      )
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
    }
    if (!queues) throw new Error('the comments queue is not available in this process')
    // One job per comment with its changes in delivery order: changes to the same comment are then
    // applied one after the other, which keeps stores without atomic updates (FerretDB v1) right.
    const byComment = new Map<string, FeedEvent[]>()
    for (const e of events) {
      const key = `${e.facebookPageId}|${e.change.comment_id}`
      byComment.set(key, [...(byComment.get(key) ?? []), e])
    }
    await enqueueBulk(
      queues,
      'apply-event',
      [...byComment.values()].map((group) => ({
        data: {
          key: (group[0] as FeedEvent).key,
          facebookPageId: (group[0] as FeedEvent).facebookPageId,
          changes: group.map((e) => e.change),
        },
        opts: {
          jobId:
            group.length === 1
              ? (group[0] as FeedEvent).key
              : createHash('sha256')
                  .update(group.map((e) => e.key).join())
                  .digest('hex'),
          attempts: 5,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: true,
          removeOnFail: 1000,
        },
      })),
    )
  }

  return {
    storeAndQueue,

    /** Verifies X-Hub-Signature-256 over the raw bytes before anything is parsed or stored. */
    async receive(rawBody: Buffer, signature: string | undefined): Promise<IntakeResult> {
      if (!hasValidSignature(rawBody, signature, appSecret)) throw new Unauthorized('comments.badSignature')
      let json: unknown
      try {
        json = JSON.parse(rawBody.toString('utf8'))
      } catch {
        throw new DomainError('comments.badPayload')
      }
      const payload = WebhookPayload.safeParse(json)
      // A signed body Meta sent in a shape we do not know is acknowledged, not retried for 36 hours.
      if (!payload.success) return { events: 0 }
      const events = commentEventsOf(payload.data)
      await storeAndQueue(events, 'webhook')
      return { events: events.length }
    },
  }
}

export type WebhookIntake = ReturnType<typeof createWebhookIntake>
