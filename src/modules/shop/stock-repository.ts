// The only place that touches watched stock: the last stock read for each variant a promo is linked to.
import type { Connection } from 'mongoose'
import { initModels, modelOn, objectIdOrNull } from '../../store.js'
import { type WatchedStockDoc, WatchedStockSchema } from './model.js'

export type WatchedStock = {
  connectionId: string
  variantId: string
  title: string | null
  stock: number | null
  checkedAt: Date | null
}

const toWatched = (d: WatchedStockDoc): WatchedStock => ({
  connectionId: String(d.connectionId),
  variantId: d.variantId,
  title: d.title ?? null,
  stock: d.stock ?? null,
  checkedAt: d.checkedAt ?? null,
})

export async function createStockRepository(connection: Connection) {
  const watched = modelOn(connection, 'ShopWatchedStock', WatchedStockSchema)
  await initModels(watched)

  return {
    /** Records the stock just read; answers what it was before (null when not watched yet). */
    async record(entry: Omit<WatchedStock, 'checkedAt'>): Promise<{ before: number | null }> {
      const connectionId = objectIdOrNull(entry.connectionId)
      const before = await watched
        .findOneAndUpdate(
          { connectionId, variantId: String(entry.variantId) },
          { $set: { title: entry.title, stock: entry.stock, checkedAt: new Date() } },
          { upsert: true, returnDocument: 'before' },
        )
        .lean<WatchedStockDoc>()
      return { before: before ? (before.stock ?? null) : null }
    },

    async of(connectionId: string): Promise<WatchedStock[]> {
      const docs = await watched
        .find({ connectionId: objectIdOrNull(connectionId) })
        .lean<WatchedStockDoc[]>()
      return docs.map(toWatched)
    },

    async find(connectionId: string, variantId: string): Promise<WatchedStock | null> {
      const doc = await watched
        .findOne({ connectionId: objectIdOrNull(connectionId), variantId: String(variantId) })
        .lean<WatchedStockDoc>()
      return doc ? toWatched(doc) : null
    },
  }
}

export type StockRepository = Awaited<ReturnType<typeof createStockRepository>>
