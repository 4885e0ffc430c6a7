// The only file touching stored insights and the refused-metric list.
import type { Connection } from 'mongoose'
import { initModels, modelOn } from '../../store.js'
import { InsightValueSchema, RefusedMetricSchema } from './model.js'

export type InsightValue = { pageId: string; objectId: string; metric: string; day: string; value: number }

export async function createInsightRepository(connection: Connection) {
  const values = modelOn(connection, 'InsightValue', InsightValueSchema)
  const refused = modelOn(connection, 'RefusedMetric', RefusedMetricSchema)
  await initModels(values, refused)
  return {
    async save(rows: InsightValue[]): Promise<void> {
      if (!rows.length) return
      const collectedAt = new Date()
      await values.bulkWrite(
        rows.map((r) => ({
          updateOne: {
            filter: { _id: `${r.objectId}|${r.metric}|${r.day}` },
            update: { $set: { ...r, collectedAt } },
            upsert: true,
          },
        })),
        { ordered: false },
      )
    },

    async series(filter: { pageIds: string[]; metrics?: string[]; from: string; to: string }) {
      const docs = await values
        .find({
          pageId: { $in: filter.pageIds.map(String) },
          ...(filter.metrics ? { metric: { $in: filter.metrics.map(String) } } : {}),
          day: { $gte: String(filter.from), $lte: String(filter.to) },
        })
        .sort({ day: 1 })
        .lean()
      return docs.map((d) => ({
        pageId: d.pageId,
        objectId: d.objectId,
        metric: d.metric,
        day: d.day,
        value: d.value,
      }))
    },

    /** Lifetime values of posts (objectId = Graph post id). */
    async lifetime(objectIds: string[]): Promise<InsightValue[]> {
      const docs = await values.find({ objectId: { $in: objectIds.map(String) }, day: 'lifetime' }).lean()
      return docs.map((d) => ({
        pageId: d.pageId,
        objectId: d.objectId,
        metric: d.metric,
        day: d.day,
        value: d.value,
      }))
    },

    async refuse(metric: string, message: string, retryAfter: Date): Promise<void> {
      await refused.updateOne(
        { _id: String(metric) },
        { $set: { message, refusedAt: new Date(), retryAfter } },
        { upsert: true },
      )
    },

    async refusedNow(now = new Date()): Promise<Array<{ metric: string; message: string; refusedAt: Date }>> {
      const docs = await refused.find({ retryAfter: { $gt: now } }).lean()
      return docs.map((d) => ({ metric: String(d._id), message: d.message, refusedAt: d.refusedAt }))
    },
  }
}

export type InsightRepository = Awaited<ReturnType<typeof createInsightRepository>>
