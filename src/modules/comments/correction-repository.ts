// The only place that touches moderators' verdict corrections.
import type { Connection } from 'mongoose'
import { initModels, modelOn, withId } from '../../store.js'
import type { Sentiment } from './classifier/index.js'
import { type VerdictCorrectionDoc, VerdictCorrectionSchema } from './model.js'

export type Verdict = { sentiment: Sentiment; complaint: boolean }
export type StoredCorrection = {
  id: string
  facebookCommentId: string
  facebookPageId: string
  message: string
  predicted: Verdict
  corrected: Verdict
  by: { userId: string | null; name: string }
  at: Date
}

/** A page learns from its most recent corrections; older ones have had their say. */
const LEARN_FROM = 2000

function plain(doc: VerdictCorrectionDoc): StoredCorrection {
  const { predicted, corrected, by, ...rest } = withId(doc)
  return {
    ...rest,
    message: rest.message ?? '',
    predicted: { sentiment: predicted.sentiment as Sentiment, complaint: predicted.complaint },
    corrected: { sentiment: corrected.sentiment as Sentiment, complaint: corrected.complaint },
    by: { userId: by?.userId ?? null, name: by?.name ?? '' },
  }
}

export async function createCorrectionRepository(connection: Connection) {
  const corrections = modelOn(connection, 'VerdictCorrection', VerdictCorrectionSchema)
  await initModels(corrections)

  return {
    async ofComment(facebookCommentId: string): Promise<StoredCorrection | null> {
      const doc = await corrections
        .findOne({ facebookCommentId: String(facebookCommentId) })
        .lean<VerdictCorrectionDoc>()
      return doc ? plain(doc) : null
    },

    /** Stores the moderator's verdict for a comment, replacing an earlier one (its `predicted` stays). */
    async save(fields: Omit<StoredCorrection, 'id'>): Promise<StoredCorrection> {
      const doc = await corrections
        .findOneAndUpdate(
          { facebookCommentId: String(fields.facebookCommentId) },
          {
            $set: {
              facebookPageId: String(fields.facebookPageId),
              message: fields.message,
              corrected: fields.corrected,
              by: fields.by,
              at: fields.at,
            },
            $setOnInsert: { predicted: fields.predicted },
          },
          { upsert: true, new: true },
        )
        .lean<VerdictCorrectionDoc>()
      return plain(doc as VerdictCorrectionDoc)
    },

    /** When the page's corrections last changed (0 without any): compiled classifiers renew on it. */
    async versionOf(facebookPageId: string): Promise<number> {
      const doc = await corrections
        .findOne({ facebookPageId: String(facebookPageId) }, { at: 1 })
        .sort({ at: -1 })
        .lean<{ at: Date }>()
      return doc ? doc.at.getTime() : 0
    },

    async learnable(facebookPageId: string): Promise<StoredCorrection[]> {
      const docs = await corrections
        .find({ facebookPageId: String(facebookPageId) })
        .sort({ at: -1 })
        .limit(LEARN_FROM)
        .lean<VerdictCorrectionDoc[]>()
      return docs.map(plain)
    },

    /** The corrections of these pages made in [from, to]. */
    async between(facebookPageIds: readonly string[], from: Date, to: Date): Promise<StoredCorrection[]> {
      const docs = await corrections
        .find({ facebookPageId: { $in: facebookPageIds.map(String) }, at: { $gte: from, $lte: to } })
        .lean<VerdictCorrectionDoc[]>()
      return docs.map(plain)
    },
  }
}

export type CorrectionRepository = Awaited<ReturnType<typeof createCorrectionRepository>>
