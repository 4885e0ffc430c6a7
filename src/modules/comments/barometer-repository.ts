// The only place that touches the barometer's counters: $inc upserts per page and day, and per week and word.
import type { Connection, mongo } from 'mongoose'
import { initModels, isDuplicateKey, modelOn } from '../../store.js'
import {
  type BarometerDayDoc,
  BarometerDaySchema,
  type BarometerWordDoc,
  BarometerWordSchema,
} from './barometer-model.js'
import { CATEGORIES } from './model.js'

/** Increments of one page's day (`total`, a sentiment, `complaints`, `categories.<c>`). */
export type DayMove = { facebookPageId: string; day: string; week: string; inc: Record<string, number> }
export type WordMove = { facebookPageId: string; week: string; term: string; by: number }

export type BarometerDay = Omit<BarometerDayDoc, '_id'>
export type BarometerWordCount = Omit<BarometerWordDoc, '_id'>

export async function createBarometerRepository(connection: Connection) {
  const days = modelOn(connection, 'BarometerDay', BarometerDaySchema)
  const words = modelOn(connection, 'BarometerWord', BarometerWordSchema)
  await initModels(days, words)

  /**
   * A new day's other counters at 0, as the schema's defaults (which mongoose's own bulk write
   * would add, and readers rely on): every counter path but those the move increments.
   */
  const DAY_COUNTERS = [
    'total',
    'positive',
    'neutral',
    'negative',
    'complaints',
    ...CATEGORIES.map((c) => `categories.${c}`),
  ]
  const zeroesBeside = (inc: Record<string, number>) =>
    Object.fromEntries(DAY_COUNTERS.filter((path) => !(path in inc)).map((path) => [path, 0]))

  /** A counter collection's bulk write straight through the driver (its ids are strings, not ObjectIds). */
  const counters = (model: { collection: unknown }) => ({
    bulkWrite: (ops: unknown[], options: mongo.BulkWriteOptions) =>
      (model.collection as mongo.Collection).bulkWrite(ops as mongo.AnyBulkWriteOperation[], options),
  })

  /** Two first writers of a counter race on its upsert; MongoDB lets one fail, and it is retried once. */
  async function bulkInc<Op>(write: (ops: Op[]) => Promise<unknown>, ops: Op[]) {
    if (ops.length === 0) return
    try {
      await write(ops)
    } catch (err) {
      const failed = (err as { writeErrors?: { index: number; code?: number }[] }).writeErrors
      if (!failed?.length && !isDuplicateKey(err)) throw err
      if (failed?.some((e) => e.code !== 11000)) throw err
      // Only the upserts that lost the race are sent again: the others already counted.
      await write(failed ? failed.map((e) => ops[e.index] as Op) : ops)
    }
  }

  return {
    async move(dayMoves: DayMove[], wordMoves: WordMove[]): Promise<void> {
      await Promise.all([
        bulkInc(
          // Through the driver: the moves are plain counts and keys, nothing for mongoose to cast.
          (ops) => counters(days).bulkWrite(ops, { ordered: false }),
          dayMoves.map((m) => ({
            updateOne: {
              filter: { _id: `${m.facebookPageId}|${m.day}` },
              update: {
                $inc: m.inc,
                $setOnInsert: {
                  facebookPageId: m.facebookPageId,
                  day: m.day,
                  week: m.week,
                  ...zeroesBeside(m.inc),
                },
              },
              upsert: true,
            },
          })),
        ),
        bulkInc(
          (ops) => counters(words).bulkWrite(ops, { ordered: false }),
          wordMoves.map((m) => ({
            updateOne: {
              filter: { _id: `${m.facebookPageId}|${m.week}|${m.term}` },
              update: {
                $inc: { count: m.by },
                $setOnInsert: { facebookPageId: m.facebookPageId, week: m.week, term: m.term },
              },
              upsert: true,
            },
          })),
        ),
      ])
    },

    async days(facebookPageIds: string[], from: string, to: string): Promise<BarometerDay[]> {
      return days
        .find(
          { facebookPageId: { $in: facebookPageIds.map(String) }, day: { $gte: from, $lte: to } },
          { _id: 0 },
        )
        .sort({ day: 1 })
        .lean<BarometerDay[]>()
    },

    async words(facebookPageIds: string[], weeks: string[]): Promise<BarometerWordCount[]> {
      return words
        .find(
          { facebookPageId: { $in: facebookPageIds.map(String) }, week: { $in: weeks }, count: { $gt: 0 } },
          { _id: 0 },
        )
        .sort({ week: 1, count: -1 })
        .lean<BarometerWordCount[]>()
    },
  }
}

export type BarometerRepository = Awaited<ReturnType<typeof createBarometerRepository>>
