// Fans entering campaigns: eligibility, one entry per fan (a unique index decides), withdrawal,
// the block list, suspicious-entry signals and disqualification (with a replacement draw).

import { createHmac } from 'node:crypto'
import { DateTime } from 'luxon'
import { Types } from 'mongoose'
import { Conflict, Forbidden, InvalidInput, NotFound, RuleViolation } from '../../errors.js'
import type { Models } from '../../models.js'
import type { Actor, AuditLog } from '../audit/service.js'
import { newEntryRef } from './draw.js'
import type { CampaignDoc, EntrantKind, EntryDoc } from './model.js'
import { pseudonymOf } from './privacy.js'
import type { CampaignService } from './service.js'
import { stateOf } from './state.js'
import { isThrowawayDomain } from './throwaway-domains.js'

export type Fan = { id: string; name: string }

export type EntryInput = { confirmAge: boolean; country?: string; email?: string }

/** Where a submit came from; hashed with a server key so raw addresses are never stored. */
export type EntryOrigin = { ip: string; device: string }

/** Thresholds of the suspicious-entry signals. */
export const SIGNALS = {
  entriesPerIp: 3,
  entriesPerDevice: 3,
  secondsAfterOpening: 10,
} as const

export type Signal = 'sharedIp' | 'sharedDevice' | 'fastAfterOpening' | 'throwawayEmail'

const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000

export function createEntryService(deps: {
  models: Models
  audit: AuditLog
  campaigns: CampaignService
  /** Key for hashing IP addresses and device fingerprints. */
  originKey: Buffer
  /** Key of the pseudonyms that replace deleted entrants' ids (see privacy.ts). */
  pseudonymKey: Buffer
}) {
  const { models, audit, campaigns, originKey, pseudonymKey } = deps
  const hash = (value: string) =>
    createHmac('sha256', originKey).update(value).digest('base64url').slice(0, 22)

  async function isBlocked(kind: EntrantKind, id: string): Promise<boolean> {
    return (await models.blockedFans.countDocuments({ 'entrant.kind': kind, 'entrant.id': String(id) })) > 0
  }

  function assertOpen(campaign: CampaignDoc, now = new Date()): void {
    const state = stateOf(campaign, now)
    if (state === 'scheduled') throw new RuleViolation('campaigns.notOpenYet')
    if (state !== 'open') throw new RuleViolation('campaigns.closed')
  }

  function assertEligible(campaign: CampaignDoc, input: EntryInput): void {
    const { minAge, countries } = campaign.eligibility ?? { minAge: null, countries: [] }
    if (minAge && !input.confirmAge)
      throw new InvalidInput('confirmAge', 'campaigns.confirmAge', { age: minAge })
    if (countries?.length && !countries.includes(input.country ?? ''))
      throw new InvalidInput('country', 'campaigns.countryNotEligible')
    if (campaign.askEmail && !input.email) throw new InvalidInput('email', 'campaigns.emailNeeded')
  }

  async function myEntry(campaign: CampaignDoc, fanId: string): Promise<EntryDoc | null> {
    return models.entries
      .findOne({ campaignId: campaign._id, 'entrant.kind': 'app', 'entrant.id': String(fanId) })
      .lean<EntryDoc>()
  }

  return {
    myEntry,
    assertOpen,

    /**
     * One entry per fan: the unique index on (campaign, entrant) turns the second of two simultaneous
     * submits into `campaigns.alreadyEntered` (409), never a second entry or a 500.
     */
    async enter(
      campaign: CampaignDoc,
      fan: Fan,
      input: EntryInput,
      origin: EntryOrigin,
      extra: Partial<Pick<EntryDoc, 'pollChoice'>> = {},
    ): Promise<EntryDoc> {
      if (campaign.entryMethod !== 'login') throw new RuleViolation('campaigns.entersByComment')
      assertOpen(campaign)
      if (await isBlocked('app', fan.id)) throw new Forbidden('campaigns.blocked')
      assertEligible(campaign, input)
      // A fan who deleted their data keeps their place as a pseudonym: still one entry per fan.
      const pseudonym = pseudonymOf(pseudonymKey, `app:${fan.id}`)
      if (
        await models.entries.exists({
          campaignId: campaign._id,
          'entrant.kind': 'app',
          'entrant.id': pseudonym,
        })
      )
        throw new Conflict('campaigns.alreadyEntered')
      try {
        const entry = await models.entries.create({
          campaignId: campaign._id,
          ref: newEntryRef(),
          entrant: { kind: 'app', id: fan.id, name: fan.name },
          confirmedAge: input.confirmAge,
          country: input.country ?? null,
          email: campaign.askEmail ? (input.email ?? null) : null,
          ipHash: hash(origin.ip),
          deviceHash: hash(origin.device),
          ...extra,
        })
        return entry.toObject() as EntryDoc
      } catch (err) {
        if (isDuplicateKey(err)) throw new Conflict('campaigns.alreadyEntered')
        throw err
      }
    },

    /** A commenter's entry (comment to enter): one per page-scoped id; later comments change nothing. */
    async enterByComment(
      campaign: CampaignDoc,
      commenter: { psid: string; name: string; commentId: string; at: Date },
    ): Promise<'entered' | 'duplicate' | 'blocked'> {
      if (await isBlocked('page', commenter.psid)) return 'blocked'
      try {
        await models.entries.create({
          campaignId: campaign._id,
          ref: newEntryRef(),
          entrant: { kind: 'page', id: commenter.psid, name: commenter.name },
          commentId: commenter.commentId,
          createdAt: commenter.at,
        })
        return 'entered'
      } catch (err) {
        if (isDuplicateKey(err)) return 'duplicate'
        throw err
      }
    },

    /** A fan takes their entry back while the campaign is open; afterwards the draw needs it. */
    async withdraw(campaign: CampaignDoc, fanId: string): Promise<void> {
      assertOpen(campaign)
      const removed = await models.entries.deleteOne({
        campaignId: campaign._id,
        'entrant.kind': 'app',
        'entrant.id': String(fanId),
        status: 'active',
      })
      if (!removed.deletedCount) throw new NotFound('campaigns.noEntry')
    },

    /** How many active entries have each quiz score. */
    async scoreDistribution(campaign: CampaignDoc): Promise<{ score: number; entries: number }[]> {
      const rows = await models.entries.aggregate<{ _id: number; n: number }>([
        { $match: { campaignId: campaign._id, status: 'active' } },
        { $group: { _id: '$score', n: { $sum: 1 } } },
        { $sort: { _id: 1 } },
      ])
      return rows.map((r) => ({ score: r._id ?? 0, entries: r.n }))
    },

    /** Entries per local day, read as a stream so a campaign of any size fits in memory. */
    async perDay(campaign: CampaignDoc, timeZone: string): Promise<{ day: string; entries: number }[]> {
      const days = new Map<string, number>()
      const cursor = models.entries
        .find({ campaignId: campaign._id, status: 'active' }, { createdAt: 1 })
        .lean<{ createdAt: Date }>()
        .cursor()
      for await (const entry of cursor) {
        const day = DateTime.fromJSDate(entry.createdAt, { zone: timeZone }).toISODate() as string
        days.set(day, (days.get(day) ?? 0) + 1)
      }
      return [...days.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([day, entries]) => ({ day, entries }))
    },

    /** The winners' entries in rank order (names for the marketer and the announcement). */
    async winnersOf(campaign: CampaignDoc): Promise<{ ref: string; name: string }[]> {
      if (!campaign.winners.length) return []
      const found = await models.entries
        .find(
          { campaignId: campaign._id, ref: { $in: campaign.winners.map(String) } },
          { ref: 1, entrant: 1 },
        )
        .lean<{ ref: string; entrant: { name: string } }[]>()
      const byRef = new Map(found.map((e) => [e.ref, e.entrant?.name ?? '']))
      return campaign.winners.map((ref) => ({ ref, name: byRef.get(ref) ?? '' }))
    },

    async count(campaign: CampaignDoc): Promise<number> {
      return models.entries.countDocuments({ campaignId: campaign._id, status: 'active' })
    },

    /** The latest entries with their suspicious-entry signals, for the marketer. */
    async withSignals(campaign: CampaignDoc, limit = 200) {
      const [entries, ipGroups, deviceGroups] = await Promise.all([
        models.entries
          .find({ campaignId: campaign._id })
          .sort({ createdAt: -1 })
          .limit(limit)
          .lean<EntryDoc[]>(),
        models.entries.aggregate<{ _id: string; n: number }>([
          { $match: { campaignId: campaign._id, ipHash: { $ne: null } } },
          { $group: { _id: '$ipHash', n: { $sum: 1 } } },
          { $match: { n: { $gte: SIGNALS.entriesPerIp } } },
        ]),
        models.entries.aggregate<{ _id: string; n: number }>([
          { $match: { campaignId: campaign._id, deviceHash: { $ne: null } } },
          { $group: { _id: '$deviceHash', n: { $sum: 1 } } },
          { $match: { n: { $gte: SIGNALS.entriesPerDevice } } },
        ]),
      ])
      const sharedIp = new Map(ipGroups.map((g) => [g._id, g.n]))
      const sharedDevice = new Map(deviceGroups.map((g) => [g._id, g.n]))
      const fastBefore = campaign.opensAt.getTime() + SIGNALS.secondsAfterOpening * 1000
      return entries.map((entry) => {
        const signals: { code: Signal; count?: number }[] = []
        if (entry.ipHash && sharedIp.has(entry.ipHash))
          signals.push({ code: 'sharedIp', count: sharedIp.get(entry.ipHash) })
        if (entry.deviceHash && sharedDevice.has(entry.deviceHash))
          signals.push({ code: 'sharedDevice', count: sharedDevice.get(entry.deviceHash) })
        if (entry.entrant.kind === 'app' && entry.createdAt.getTime() < fastBefore)
          signals.push({ code: 'fastAfterOpening' })
        if (entry.email && isThrowawayDomain(entry.email)) signals.push({ code: 'throwawayEmail' })
        return { entry, signals }
      })
    },

    /**
     * Disqualifies an entry (audited, with a reason). A drawn winner is replaced by the next entry of
     * the same ranking, so the replacement is as verifiable as the draw.
     */
    async disqualify(
      actor: Actor,
      campaignId: string,
      entryId: string,
      reason: string,
      block: boolean,
    ): Promise<{ replacedWinner: boolean; winners: string[] }> {
      const campaign = await campaigns.find(campaignId)
      if (!Types.ObjectId.isValid(entryId)) throw new NotFound('campaigns.noEntry')
      const afterDraw = campaign.phase === 'drawn'
      const entry = await models.entries
        .findOneAndUpdate(
          { _id: new Types.ObjectId(entryId), campaignId: campaign._id, status: 'active' },
          { $set: { status: 'disqualified', disqualification: { reason, at: new Date(), afterDraw } } },
          { returnDocument: 'after' },
        )
        .lean<EntryDoc>()
      if (!entry) throw new NotFound('campaigns.noEntry')
      if (block) {
        await models.blockedFans.updateOne(
          { 'entrant.kind': entry.entrant.kind, 'entrant.id': entry.entrant.id },
          { $set: { reason, blockedBy: actor.userId ? new Types.ObjectId(actor.userId) : null } },
          { upsert: true },
        )
      }
      await audit.record(actor, {
        action: 'campaign.disqualify',
        target: { type: 'campaign', id: campaignId, label: campaigns.label(campaign) },
        after: { entryRef: entry.ref, afterDraw, blocked: block },
        reason,
      })
      const wasWinner = afterDraw && campaign.winners.includes(entry.ref)
      const winners = wasWinner ? await campaigns.redraw(actor, campaign, entry.ref) : campaign.winners
      return { replacedWinner: wasWinner, winners }
    },

    async unblock(actor: Actor, kind: EntrantKind, id: string): Promise<void> {
      await models.blockedFans.deleteOne({ 'entrant.kind': kind, 'entrant.id': String(id) })
      await audit.record(actor, { action: 'campaign.unblock', target: { type: 'fan', id: `${kind}:${id}` } })
    },

    blocked() {
      return models.blockedFans.find().sort({ createdAt: -1 }).limit(500).lean()
    },
  }
}

export type EntryService = ReturnType<typeof createEntryService>
