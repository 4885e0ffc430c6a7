// The only place that touches per-page comment settings (word list, business hours) and saved replies.
import type { Connection } from 'mongoose'
import { initModels, modelOn, objectIdOrNull, withId } from '../../store.js'
import {
  type CommentSettingsDoc,
  CommentSettingsSchema,
  type SavedReplyDoc,
  SavedReplySchema,
} from './model.js'

export type CommentSettings = {
  words: { term: string; weight: number }[] | null
  wordListVersion: number
  businessHours: { start: string | null; end: string | null } | null
}
export type SavedReply = Omit<SavedReplyDoc, '_id'> & { id: string }

export async function createSettingsRepository(connection: Connection) {
  const settings = modelOn(connection, 'CommentSettings', CommentSettingsSchema)
  const savedReplies = modelOn(connection, 'SavedReply', SavedReplySchema)
  await initModels(settings, savedReplies)

  return {
    async settingsOf(facebookPageId: string): Promise<CommentSettings | null> {
      const doc = await settings
        .findOne({ facebookPageId: String(facebookPageId) })
        .lean<CommentSettingsDoc>()
      if (!doc) return null
      return {
        words: doc.words ? doc.words.map((w) => ({ term: String(w.term), weight: Number(w.weight) })) : null,
        wordListVersion: doc.wordListVersion ?? 0,
        businessHours: doc.businessHours
          ? { start: doc.businessHours.start ?? null, end: doc.businessHours.end ?? null }
          : null,
      }
    },

    /** Saves the list and hours; a changed list gets a new version (so compiled classifiers renew). */
    async saveSettings(
      facebookPageId: string,
      fields: {
        words: { term: string; weight: number }[]
        businessHours: { start: string | null; end: string | null }
      },
      listChanged: boolean,
    ): Promise<void> {
      await settings.updateOne(
        { facebookPageId },
        { $set: fields, $inc: { wordListVersion: listChanged ? 1 : 0 } },
        { upsert: true },
      )
    },

    async savedReplies(): Promise<SavedReply[]> {
      const docs = await savedReplies.find().sort({ language: 1, name: 1 }).lean<SavedReplyDoc[]>()
      return docs.map(withId)
    },

    async savedReply(id: string): Promise<SavedReply | null> {
      const _id = objectIdOrNull(id)
      const doc = _id ? await savedReplies.findOne({ _id }).lean<SavedReplyDoc>() : null
      return doc ? withId(doc) : null
    },

    async hasSavedReplies(): Promise<boolean> {
      return (await savedReplies.estimatedDocumentCount()) > 0
    },

    async addSavedReplies(
      replies: Array<Pick<SavedReply, 'name' | 'language' | 'text'>>,
    ): Promise<SavedReply[]> {
      const docs = await savedReplies.insertMany(replies.map((r) => ({ ...r })))
      return docs.map((d) => withId(d.toObject() as SavedReplyDoc))
    },

    async deleteSavedReply(id: string): Promise<SavedReply | null> {
      const _id = objectIdOrNull(id)
      const doc = _id ? await savedReplies.findOneAndDelete({ _id }).lean<SavedReplyDoc>() : null
      return doc ? withId(doc) : null
    },
  }
}

export type SettingsRepository = Awaited<ReturnType<typeof createSettingsRepository>>
