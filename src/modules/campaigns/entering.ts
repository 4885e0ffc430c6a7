// Fans entering campaigns: open and eligible, not blocked, and once only — the unique index on
// (campaign, entrant) decides between simultaneous submits. Also by comment, and withdrawing.
import { createHmac } from 'node:crypto'
import { Conflict, Forbidden, InvalidInput, NotFound, RuleViolation } from '../../errors.js'
import type { BlockedFanRepository } from './blocked-fan-repository.js'
import type { Campaign } from './campaign-repository.js'
import { newEntryRef } from './draw.js'
import type { Entry, EntryRepository } from './entry-repository.js'
import type { RankKeys } from './rank-keys.js'
import { stateOf } from './state.js'

export type Fan = { id: string; name: string }

export type EntryInput = { confirmAge: boolean; country?: string; email?: string }

/** Where a submit came from; hashed with a server key so raw addresses are never stored. */
export type EntryOrigin = { ip: string; device: string }

export function assertOpen(campaign: Campaign, now = new Date()): void {
  const state = stateOf(campaign, now)
  if (state === 'scheduled') throw new RuleViolation('campaigns.notOpenYet')
  if (state !== 'open') throw new RuleViolation('campaigns.closed')
}

function assertEligible(campaign: Campaign, input: EntryInput): void {
  const { minAge, countries } = campaign.eligibility ?? { minAge: null, countries: [] }
  if (minAge && !input.confirmAge)
    throw new InvalidInput('confirmAge', 'campaigns.confirmAge', { age: minAge })
  if (countries?.length && !countries.includes(input.country ?? ''))
    throw new InvalidInput('country', 'campaigns.countryNotEligible')
  if (campaign.askEmail && !input.email) throw new InvalidInput('email', 'campaigns.emailNeeded')
}

export function createEntering(deps: {
  entries: EntryRepository
  blocked: BlockedFanRepository
  /** Key for hashing IP addresses and device fingerprints. */
  originKey: Buffer
  /** Each new entry's draw key, stored with it for the indexed draw (see rank-keys.ts). */
  rankKeys: RankKeys
}) {
  const { entries, blocked, originKey, rankKeys } = deps
  const newRef = async (campaignId: string) => {
    const ref = newEntryRef()
    return { ref, rankKey: await rankKeys.keyOf(campaignId, ref) }
  }
  const hash = (value: string) =>
    createHmac('sha256', originKey).update(value).digest('base64url').slice(0, 22)

  return {
    myEntry: (campaign: Campaign, fanId: string): Promise<Entry | null> => entries.mine(campaign.id, fanId),

    /** Whether this fan is on the shop's block list (which `enter` refuses). */
    isBlocked: (fanId: string): Promise<boolean> => blocked.isBlocked('app', fanId),

    /**
     * One entry per fan: of several simultaneous submits exactly one is stored, the others end as
     * `campaigns.alreadyEntered` (409, shown on the campaign page), never a second entry or a 500.
     */
    async enter(
      campaign: Campaign,
      fan: Fan,
      input: EntryInput,
      origin: EntryOrigin,
      extra: { pollChoice?: number } = {},
      /** What the caller already asked, at the same time as it read the campaign (`isBlocked`). */
      known: { blocked?: boolean } = {},
    ): Promise<Entry> {
      if (campaign.entryMethod !== 'login') throw new RuleViolation('campaigns.entersByComment')
      assertOpen(campaign)
      assertEligible(campaign, input)
      if (known.blocked ?? (await blocked.isBlocked('app', fan.id))) throw new Forbidden('campaigns.blocked')
      // A fan who deleted their data keeps their place as a pseudonym: the entry repository keys
      // every entry by the entrant's pseudonym, so the unique index refuses them alone.
      const entry = await entries.enterOnce({
        campaignId: campaign.id,
        ...(await newRef(campaign.id)),
        entrant: { kind: 'app', id: fan.id, name: fan.name },
        confirmedAge: input.confirmAge,
        country: input.country ?? null,
        email: campaign.askEmail ? (input.email ?? null) : null,
        ipHash: hash(origin.ip),
        deviceHash: hash(origin.device),
        ...extra,
      })
      if (entry === 'alreadyEntered') throw new Conflict('campaigns.alreadyEntered')
      return entry
    },

    /** A commenter's entry (comment to enter): one per page-scoped id; later comments change nothing. */
    async enterByComment(
      campaign: Campaign,
      commenter: { psid: string; name: string; commentId: string; at: Date },
    ): Promise<'entered' | 'duplicate' | 'blocked'> {
      if (await blocked.isBlocked('page', commenter.psid)) return 'blocked'
      const entry = await entries.enterOnce({
        campaignId: campaign.id,
        ...(await newRef(campaign.id)),
        entrant: { kind: 'page', id: commenter.psid, name: commenter.name },
        commentId: commenter.commentId,
        createdAt: commenter.at,
      })
      return entry === 'alreadyEntered' ? 'duplicate' : 'entered'
    },

    /** A fan takes their entry back while the campaign is open; afterwards the draw needs it. */
    async withdraw(campaign: Campaign, fanId: string): Promise<void> {
      assertOpen(campaign)
      if (!(await entries.removeMine(campaign.id, fanId, { activeOnly: true })))
        throw new NotFound('campaigns.noEntry')
    },
  }
}

export type Entering = ReturnType<typeof createEntering>
