// A fan's own data: see and download it, delete it (keeping only what the verification page needs,
// pseudonymised), and the automatic pseudonymisation of entrants a while after the draw.
import { createHmac } from 'node:crypto'
import type { BlockedFanRepository } from './blocked-fan-repository.js'
import type { CampaignRepository } from './campaign-repository.js'
import type { EntryRepository, Pseudonymised } from './entry-repository.js'
import type { QuizRepository } from './quiz-repository.js'

/** Entrant details are pseudonymised this long after the draw unless configured otherwise. */
export const DEFAULT_RETENTION_DAYS = 90

/** The pseudonym that replaces an entrant id ("app:{asid}" or "page:{psid}"). */
export const pseudonymOf = (key: Buffer, entrant: string) =>
  `pseudonym:${createHmac('sha256', key).update(entrant).digest('base64url')}`

/**
 * What pseudonymising an entry sets: the ref, status, score and times stay for the draw's sake. The
 * entrant id becomes a keyed hash, so the one-entry-per-fan index still holds after a deletion.
 */
const pseudonymised = (key: Buffer, entrant: string): Pseudonymised => ({
  'entrant.id': pseudonymOf(key, entrant),
  'entrant.name': '',
  email: null,
  country: null,
  ipHash: null,
  deviceHash: null,
  commentId: null,
  pseudonymisedAt: new Date(),
})

export function createPrivacyService(deps: {
  campaigns: CampaignRepository
  entries: EntryRepository
  serves: QuizRepository
  blocked: BlockedFanRepository
  pseudonymKey: Buffer
}) {
  const { campaigns, entries, serves, blocked, pseudonymKey } = deps

  return {
    /** Everything Fanfare stores about this fan (app-scoped id), for display and JSON download. */
    async dataOf(fanId: string) {
      const mine = await entries.allOfFan(fanId)
      const slugOf = await campaigns.slugsOf(mine.map((e) => e.campaignId))
      return {
        facebookAppScopedId: String(fanId),
        name: mine[0]?.entrant.name ?? null,
        stored: 'entries (with hashed network address and browser), quiz answers and serve times',
        entries: mine.map((e) => ({
          campaign: slugOf.get(e.campaignId) ?? null,
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
     * score (so published draws stay verifiable); quiz serve times and the block list entry go.
     */
    async deleteDataOf(fanId: string): Promise<{ entries: number }> {
      const id = String(fanId)
      const count = await entries.pseudonymiseEntrant('app', id, pseudonymised(pseudonymKey, `app:${id}`))
      await serves.deleteAllOfFan(id)
      await blocked.unblock('app', id)
      return { entries: count }
    },

    /**
     * A commenter's comment-to-enter entries (entrant "page:{psid}"), counted and pseudonymised when
     * a moderator erases what Fanfare keeps of them. A page-scoped id belongs to one page only, so
     * the id alone finds exactly that page's entries. The refs stay, so draws remain verifiable.
     */
    async commenterEntries(psid: string): Promise<number> {
      return entries.countOfEntrant('page', String(psid))
    },
    async eraseCommenter(psid: string): Promise<number> {
      const id = String(psid)
      return entries.pseudonymiseEntrant('page', id, pseudonymised(pseudonymKey, `page:${id}`))
    },

    /**
     * The retention job: entrants of campaigns drawn (or, for polls, closed) more than `days` ago are
     * pseudonymised. Running it again changes nothing: pseudonymised entries are skipped.
     */
    async pseudonymiseExpired(days = DEFAULT_RETENTION_DAYS, now = new Date()): Promise<{ entries: number }> {
      const before = new Date(now.getTime() - days * 86_400_000)
      let count = 0
      for (const campaignId of await campaigns.idsPastRetention(before)) {
        for await (const entry of entries.notPseudonymised(campaignId)) {
          const fields = pseudonymised(pseudonymKey, `${entry.entrant.kind}:${entry.entrant.id}`)
          if (await entries.pseudonymise(entry.id, fields)) count += 1
        }
      }
      return { entries: count }
    },
  }
}

export type PrivacyService = ReturnType<typeof createPrivacyService>
