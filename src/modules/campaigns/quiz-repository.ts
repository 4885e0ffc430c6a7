// The only place that touches quiz serve times: when each question was first served to each fan.
import { type Connection, Types } from 'mongoose'
import { initModels, modelOn, objectIdOrNull } from '../../store.js'
import { QuizServeSchema } from './model.js'

export async function createQuizRepository(connection: Connection) {
  const serves = modelOn(connection, 'QuizServe', QuizServeSchema)
  await initModels(serves)
  const key = (campaignId: string, fanId: string, question: number) => ({
    campaignId: objectIdOrNull(campaignId) ?? new Types.ObjectId(),
    fanId: String(fanId),
    question,
  })

  return {
    /** The first serve time of a question: stored once (upsert with $setOnInsert), a reload keeps it. */
    async servedAt(campaignId: string, fanId: string, question: number, now: Date): Promise<Date> {
      const served = await serves
        .findOneAndUpdate(
          key(campaignId, fanId, question),
          { $setOnInsert: { servedAt: now } },
          { upsert: true, returnDocument: 'after' },
        )
        .lean<{ servedAt: Date }>()
      return served?.servedAt ?? now
    },

    /** When the question was served, or null when it never was. */
    async whenServed(campaignId: string, fanId: string, question: number): Promise<Date | null> {
      const served = await serves.findOne(key(campaignId, fanId, question)).lean<{ servedAt: Date }>()
      return served?.servedAt ?? null
    },

    async deleteAllOfFan(fanId: string): Promise<void> {
      await serves.deleteMany({ fanId: String(fanId) })
    },
  }
}

export type QuizRepository = Awaited<ReturnType<typeof createQuizRepository>>
