// The web side of the page webhook: check the signature, store the signed body once, queue it.
// Meta wants an answer within seconds and retries for hours, so nothing else happens before the
// ack: no schema validation, no keys, no comment reads (the worker does all that per delivery).
import { createHash } from 'node:crypto'
import { DomainError, Unauthorized } from '../../errors.js'
import { enqueue, type Queues } from '../../queues.js'
import type { DeliveryRepository } from './delivery-repository.js'
import { countCommentChanges, hasValidSignature } from './webhook.js'

export type IntakeResult = { events: number }

export function createWebhookIntake(deps: {
  deliveries: Pick<DeliveryRepository, 'store'>
  queues?: Queues
  appSecret: string
}) {
  const { deliveries, queues, appSecret } = deps

  return {
    /** Verifies X-Hub-Signature-256 over the raw bytes before anything is parsed or stored. */
    async receive(rawBody: Buffer, signature: string | undefined): Promise<IntakeResult> {
      if (!hasValidSignature(rawBody, signature, appSecret)) throw new Unauthorized('comments.badSignature')
      const body = rawBody.toString('utf8')
      let json: unknown
      try {
        json = JSON.parse(body)
      } catch {
        throw new DomainError('comments.badPayload')
      }
      // A signed body without comment changes (reactions, posts, a shape we do not know) is
      // acknowledged and not stored; Meta would otherwise retry it for 36 hours.
      const events = countCommentChanges(json)
      if (events === 0) return { events: 0 }
      if (!queues) throw new Error('the comments queue is not available in this process')
      // The id hashes the bytes: Meta's retry of a delivery is stored once. It is queued again all
      // the same, so a delivery whose queueing failed (we answered 500) is queued by the retry; a
      // job for an applied delivery is a cheap no-op.
      const id = createHash('sha256').update(rawBody).digest('hex')
      await deliveries.store(id, body, 'webhook')
      await enqueue(
        queues,
        'apply-event',
        { key: id },
        {
          jobId: id,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: true,
          removeOnFail: 1000,
        },
      )
      return { events }
    },
  }
}

export type WebhookIntake = ReturnType<typeof createWebhookIntake>
