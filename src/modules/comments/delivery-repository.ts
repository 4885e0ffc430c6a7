// The only place that touches stored webhook deliveries: the raw signed bodies waiting to be applied.
import type { Connection } from 'mongoose'
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
        // lean: no document hydration on the acknowledgement's path.
        await deliveries.insertMany([{ _id: id, body, source, receivedAt: new Date(), appliedAt: null }], {
          lean: true,
        })
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
