// The only place that touches shop webhook deliveries: each stored once by its delivery id.
import type { Connection } from 'mongoose'
import { initModels, isDuplicateKey, modelOn, objectIdOrNull } from '../../store.js'
import { type SHOP_EVENT_KINDS, type ShopDeliveryDoc, ShopDeliverySchema } from './model.js'

export type ShopDelivery = {
  key: string
  connectionId: string
  topic: string
  kind: (typeof SHOP_EVENT_KINDS)[number]
  resourceId: string | null
  appliedAt: Date | null
}

export async function createDeliveryRepository(connection: Connection) {
  const deliveries = modelOn(connection, 'ShopDelivery', ShopDeliverySchema)
  await initModels(deliveries)

  return {
    /** Stores the delivery; false when it was stored before (a retried delivery). */
    async storeOnce(d: Omit<ShopDelivery, 'appliedAt'>): Promise<boolean> {
      try {
        await deliveries.collection.insertOne({
          key: d.key,
          connectionId: objectIdOrNull(d.connectionId),
          topic: d.topic,
          kind: d.kind,
          resourceId: d.resourceId,
          receivedAt: new Date(),
          appliedAt: null,
        })
        return true
      } catch (err) {
        if (isDuplicateKey(err)) return false
        throw err
      }
    },

    async find(key: string): Promise<ShopDelivery | null> {
      const doc = await deliveries.findOne({ key: String(key) }).lean<ShopDeliveryDoc>()
      return doc
        ? {
            key: doc.key,
            connectionId: String(doc.connectionId),
            topic: doc.topic,
            kind: doc.kind as ShopDelivery['kind'],
            resourceId: doc.resourceId ?? null,
            appliedAt: doc.appliedAt ?? null,
          }
        : null
    },

    async markApplied(key: string): Promise<void> {
      await deliveries.updateOne({ key: String(key) }, { $set: { appliedAt: new Date() } })
    },
  }
}

export type DeliveryRepository = Awaited<ReturnType<typeof createDeliveryRepository>>
