// The only place that touches stored webhook deliveries: the raw signed bodies waiting to be applied.
import type { Connection, mongo } from 'mongoose'
import { initModels, isDuplicateKey, modelOn, withId } from '../../store.js'
import { type WebhookEventDoc, WebhookEventSchema } from './model.js'

export type Delivery = Omit<WebhookEventDoc, '_id'> & { id: string }

export async function createDeliveryRepository(connection: Connection) {
  const deliveries = modelOn(connection, 'WebhookEvent', WebhookEventSchema)
  await initModels(deliveries)

  const raw = () =>
    deliveries.collection as unknown as mongo.Collection<{
      _id: string
      body: string
      source: string
      receivedAt: Date
      appliedAt: Date | null
    }>

  return {
    /** Stores the delivery once; false when the same bytes were stored before. */
    async store(id: string, body: string, source: 'webhook' | 'backfill'): Promise<boolean> {
      try {
        // Straight through the driver: on the acknowledgement's path, and the document is already
        // exactly the schema's (strings and dates), so mongoose's casting and bookkeeping add nothing.
        await raw().insertOne({ _id: id, body, source, receivedAt: new Date(), appliedAt: null })
        return true
      } catch (err) {
        if (isDuplicateKey(err)) return false
        throw err
      }
    },

    // The worker's read and mark of each delivery, also straight through the driver.
    async find(id: string): Promise<Delivery | null> {
      const doc = await raw().findOne({ _id: String(id) })
      return doc ? withId(doc as WebhookEventDoc) : null
    },

    async markApplied(id: string): Promise<void> {
      await raw().updateOne({ _id: String(id) }, { $set: { appliedAt: new Date() } })
    },
  }
}

export type DeliveryRepository = Awaited<ReturnType<typeof createDeliveryRepository>>
