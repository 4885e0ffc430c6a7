// The only place that touches stored webhook deliveries: the raw signed bodies waiting to be applied.
import type { Connection, mongo } from 'mongoose'
import { initModels, isDuplicateKey, modelOn, withId } from '../../store.js'
import { type WebhookEventDoc, WebhookEventSchema } from './model.js'

export type Delivery = Omit<WebhookEventDoc, '_id'> & { id: string }

export async function createDeliveryRepository(connection: Connection) {
  const deliveries = modelOn(connection, 'WebhookEvent', WebhookEventSchema)
  await initModels(deliveries)

  return {
    /** Stores the delivery once; false when the same bytes were stored before. */
    async store(id: string, body: string, source: 'webhook' | 'backfill'): Promise<boolean> {
      try {
        // Straight through the driver: on the acknowledgement's path, and the document is already
        // exactly the schema's (strings and dates), so mongoose's casting and bookkeeping add nothing.
        const stored = deliveries.collection as unknown as mongo.Collection<{
          _id: string
          body: string
          source: string
          receivedAt: Date
          appliedAt: Date | null
        }>
        await stored.insertOne({ _id: id, body, source, receivedAt: new Date(), appliedAt: null })
        return true
      } catch (err) {
        if (isDuplicateKey(err)) return false
        throw err
      }
    },

    async find(id: string): Promise<Delivery | null> {
      const doc = await deliveries.findOne({ _id: String(id) }).lean<WebhookEventDoc>()
      return doc ? withId(doc) : null
    },

    async markApplied(id: string): Promise<void> {
      await deliveries.updateOne({ _id: String(id) }, { $set: { appliedAt: new Date() } })
    },
  }
}

export type DeliveryRepository = Awaited<ReturnType<typeof createDeliveryRepository>>
