// The only file touching goals and their digests.
import type { Connection } from 'mongoose'
import { initModels, modelOn, objectIdOrNull, withId } from '../../store.js'
import { GoalDigestSchema, type GoalDoc, GoalSchema } from './model.js'

export type Goal = Omit<GoalDoc, '_id'> & { id: string }
export type NewGoal = Omit<Goal, 'id' | 'archivedAt' | 'createdAt' | 'updatedAt'>
export type Advice = { key: string; params: Record<string, unknown> }
export type GoalDigest = {
  goalId: string
  week: string
  madeAt: Date
  onTrack: boolean
  progressPercent: number
  advice: Advice[]
}

export async function createGoalRepository(connection: Connection) {
  const goals = modelOn(connection, 'Goal', GoalSchema)
  const digests = modelOn(connection, 'GoalDigest', GoalDigestSchema)
  await initModels(goals, digests)
  return {
    async create(goal: NewGoal): Promise<Goal> {
      const doc = await goals.create(goal)
      return withId(doc.toObject() as GoalDoc)
    },
    async find(id: string): Promise<Goal | null> {
      const _id = objectIdOrNull(id)
      if (!_id) return null
      const doc = await goals.findById(_id).lean<GoalDoc>()
      return doc ? withId(doc) : null
    },
    async list(pageIds: string[] | null): Promise<Goal[]> {
      const q: Record<string, unknown> = { archivedAt: null }
      if (pageIds) q.pageId = { $in: pageIds.map(String) }
      const docs = await goals.find(q).sort({ deadline: 1 }).lean<GoalDoc[]>()
      return docs.map(withId)
    },
    async archive(id: string): Promise<boolean> {
      const _id = objectIdOrNull(id)
      if (!_id) return false
      const res = await goals.updateOne({ _id, archivedAt: null }, { $set: { archivedAt: new Date() } })
      return res.modifiedCount === 1
    },
    async saveDigest(d: GoalDigest): Promise<void> {
      await digests.updateOne({ _id: `${d.goalId}|${d.week}` }, { $set: d }, { upsert: true })
    },
    async latestDigest(goalId: string): Promise<GoalDigest | null> {
      const doc = await digests
        .findOne({ goalId: String(goalId) })
        .sort({ week: -1 })
        .lean()
      return doc
        ? {
            goalId: doc.goalId,
            week: doc.week,
            madeAt: doc.madeAt,
            onTrack: doc.onTrack,
            progressPercent: doc.progressPercent,
            advice: (doc.advice ?? []) as Advice[],
          }
        : null
    },
  }
}

export type GoalRepository = Awaited<ReturnType<typeof createGoalRepository>>
