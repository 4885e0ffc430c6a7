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

    // The worker's reads and marks of deliveries, also straight through the driver.
    /** The stored ones of these deliveries, in one read. */
    async findMany(ids: string[]): Promise<Delivery[]> {
      const docs = await raw()
        .find({ _id: { $in: ids.map(String) } })
        .toArray()
      return docs.map((doc) => withId(doc as WebhookEventDoc))
    },

    async markAppliedMany(ids: string[]): Promise<void> {
      if (ids.length === 0) return
      await raw().updateMany({ _id: { $in: ids.map(String) } }, { $set: { appliedAt: new Date() } })
    },
  }
}

export type DeliveryRepository = Awaited<ReturnType<typeof createDeliveryRepository>>
