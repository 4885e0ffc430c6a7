// A fan's own data: see and download it, delete it (keeping only what the verification page needs,
// pseudonymised), and the automatic pseudonymisation of entrants a while after the draw.
import { createHmac } from 'node:crypto'
import type { Types } from 'mongoose'
import type { Models } from '../../models.js'
import type { CampaignDoc, EntryDoc } from './model.js'

/** Entrant details are pseudonymised this long after the draw unless configured otherwise. */
export const DEFAULT_RETENTION_DAYS = 90

/**
 * What pseudonymising an entry sets: the ref, status, score and times stay for the draw's sake. The
 * entrant id becomes a keyed hash, so the one-entry-per-fan index still holds after a deletion.
 */
/** The pseudonym that replaces an entrant id ("app:{asid}" or "page:{psid}"). */
export const pseudonymOf = (key: Buffer, entrant: string) =>
  `pseudonym:${createHmac('sha256', key).update(entrant).digest('base64url')}`

const pseudonymised = (key: Buffer, entrant: string) => ({
  'entrant.id': pseudonymOf(key, entrant),
  'entrant.name': '',
  email: null,
  country: null,
  ipHash: null,
  deviceHash: null,
  commentId: null,
  pseudonymisedAt: new Date(),
})

export function createPrivacyService(deps: { models: Models; pseudonymKey: Buffer }) {
  const { models, pseudonymKey } = deps

  return {
    /** Everything Fanfare stores about this fan (app-scoped id), for display and JSON download. */
    async dataOf(fanId: string) {
      const entries = await models.entries
        .find({ 'entrant.kind': 'app', 'entrant.id': String(fanId) })
        .select({ ipHash: 0, deviceHash: 0 })
        .lean<EntryDoc[]>()
      const campaignIds = entries.map((e) => e.campaignId)
      const campaigns = await models.campaigns
        .find({ _id: { $in: campaignIds } })
        .select({ slug: 1, title: 1 })
        .lean<Pick<CampaignDoc, '_id' | 'slug' | 'title'>[]>()
      const slugOf = new Map(campaigns.map((c) => [String(c._id), c.slug]))
      return {
        facebookAppScopedId: String(fanId),
        name: entries[0]?.entrant.name ?? null,
        stored: 'entries (with hashed network address and browser), quiz answers and serve times',
        entries: entries.map((e) => ({
          campaign: slugOf.get(String(e.campaignId)) ?? null,
          entryNumber: e.ref,
          enteredAt: e.createdAt,
          status: e.status,
          country: e.country ?? null,
          email: e.email ?? null,
          answers: e.answers ?? [],
          score: e.score ?? 0,
          pollChoice: e.pollChoice ?? null,
        })),
      }
    },

    /**
     * Deletes a fan's personal data everywhere: entries keep only their pseudonymous ref, status and
     * score (so published draws stay verifiable), quiz serve times and answer claims go.
     */
    async deleteDataOf(fanId: string): Promise<{ entries: number }> {
      const id = String(fanId)
      const mine = await models.entries
        .find({ 'entrant.kind': 'app', 'entrant.id': id })
        .select({ _id: 1 })
        .lean<{ _id: Types.ObjectId }[]>()
      for (const entry of mine) {
        await models.entries.updateOne({ _id: entry._id }, { $set: pseudonymised(pseudonymKey, `app:${id}`) })
      }
      await models.quizServes.deleteMany({ fanId: id })
      await models.quizAnswerClaims.deleteMany({ fanId: id })
      await models.blockedFans.deleteMany({ 'entrant.kind': 'app', 'entrant.id': id })
      return { entries: mine.length }
    },

    /**
     * The retention job: entrants of campaigns drawn (or, for polls, closed) more than `days` ago are
     * pseudonymised. Running it again changes nothing: pseudonymised entries are skipped.
     */
    async pseudonymiseExpired(days = DEFAULT_RETENTION_DAYS, now = new Date()): Promise<{ entries: number }> {
      const before = new Date(now.getTime() - days * 86_400_000)
      const expired = await models.campaigns
        .find({
          $or: [
            { phase: 'drawn', drawnAt: { $lt: before } },
            { kind: 'poll', phase: 'published', closesAt: { $lt: before } },
          ],
        })
        .select({ _id: 1 })
        .lean<{ _id: Types.ObjectId }[]>()
      let count = 0
      for (const campaign of expired) {
        const cursor = models.entries
          .find({ campaignId: campaign._id, pseudonymisedAt: null })
          .select({ _id: 1, entrant: 1 })
          .lean<Pick<EntryDoc, '_id' | 'entrant'>>()
          .cursor()
        for await (const entry of cursor) {
          await models.entries.updateOne(
            { _id: entry._id, pseudonymisedAt: null },
            { $set: pseudonymised(pseudonymKey, `${entry.entrant.kind}:${entry.entrant.id}`) },
          )
          count += 1
        }
      }
      return { entries: count }
    },
  }
}

export type PrivacyService = ReturnType<typeof createPrivacyService>
