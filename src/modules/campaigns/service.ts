// Campaigns for marketers: create, edit, publish, close, per-page settings, and the verifiable draw.
import { DateTime } from 'luxon'
import { Types } from 'mongoose'
import { Conflict, InvalidInput, NotFound, RuleViolation } from '../../errors.js'
import type { Models } from '../../models.js'
import type { SecretBox } from '../../security/secret-box.js'
import type { Actor, AuditLog } from '../audit/service.js'
import type { Page } from '../pages/repository.js'
import type { PageService } from '../pages/service.js'
import { commitmentOf, drawKey, newSeed } from './draw.js'
import { checkDutchCode, type DutchCodeWarning } from './dutch-code.js'
import type { CampaignDoc, EntryDoc } from './model.js'
import { assertMetaRules } from './rules.js'
import type { CampaignBody } from './schemas.js'
import { BestN } from './selection.js'
import { stateOf } from './state.js'
import { contactExportStream, entryListStream, verificationOf } from './verification.js'

export type CampaignDeps = {
  models: Models
  audit: AuditLog
  pages: PageService
  /** Seals draw seeds: a purpose of its own, so no other secret box can open them. */
  seeds: SecretBox
}

const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000

function slugify(text: string): string {
  const base = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '')
  return `${base || 'campaign'}-${new Types.ObjectId().toHexString().slice(-6)}`
}

/** A time from the form, read in the page's time zone unless it carries its own offset; UTC inside. */
export function toUtc(value: string, timeZone: string): Date {
  return DateTime.fromISO(value, { zone: timeZone }).toUTC().toJSDate()
}

type EntryRank = { ref: string; key: string; score: number; timeTakenMs: number }
const contestOrder = (a: EntryRank, b: EntryRank) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
const quizOrder = (a: EntryRank, b: EntryRank) =>
  b.score - a.score || a.timeTakenMs - b.timeTakenMs || contestOrder(a, b)

export function createCampaignService(deps: CampaignDeps) {
  const { models, audit, pages, seeds } = deps

  async function find(id: string): Promise<CampaignDoc> {
    if (!Types.ObjectId.isValid(id)) throw new NotFound('campaigns.notFound')
    const campaign = await models.campaigns.findById(id).lean<CampaignDoc>()
    if (!campaign) throw new NotFound('campaigns.notFound')
    return campaign
  }

  async function findBySlug(slug: string): Promise<CampaignDoc> {
    const campaign = await models.campaigns.findOne({ slug: String(slug) }).lean<CampaignDoc>()
    if (!campaign || campaign.phase === 'draft') throw new NotFound('campaigns.notFound')
    return campaign
  }

  async function isDutchShop(pageId: Types.ObjectId | string): Promise<boolean> {
    const settings = await models.campaignPageSettings.findOne({ pageId }).lean<{ dutchShop: boolean }>()
    return Boolean(settings?.dutchShop)
  }

  async function dutchWarnings(
    page: Page,
    fields: ReturnType<typeof fieldsOf>,
    excludeId?: Types.ObjectId,
  ): Promise<DutchCodeWarning[]> {
    if (fields.kind === 'poll' || !(await isDutchShop(page.id))) return []
    const year = DateTime.fromJSDate(fields.opensAt, { zone: page.timeZone }).startOf('year')
    const others = await models.campaigns
      .find({
        pageId: page.id,
        kind: { $in: ['contest', 'quiz'] },
        opensAt: { $gte: year.toJSDate(), $lt: year.plus({ years: 1 }).toJSDate() },
        ...(excludeId ? { _id: { $ne: excludeId } } : {}),
      })
      .select({ prizeValueEuro: 1 })
      .lean<{ prizeValueEuro: number }[]>()
    return checkDutchCode({
      prizeValueEuro: fields.prizeValueEuro,
      winnerCount: fields.winnerCount,
      entryCostEuro: fields.entryCostEuro,
      minAge: fields.eligibility.minAge,
      rules: fields.rules,
      otherGamesThisYear: others,
    })
  }

  /** Checks a body against the rules and turns it into stored fields. */
  function fieldsOf(body: CampaignBody, page: Page) {
    assertMetaRules(body.entryMethod, {
      titleNl: body.titleNl,
      titleEn: body.titleEn,
      descriptionNl: body.descriptionNl,
      descriptionEn: body.descriptionEn,
      rules: body.rules,
      prizes: body.prizes,
      entryInstructions: body.entryInstructions,
    })
    const opensAt = toUtc(body.opensAt, page.timeZone)
    const closesAt = toUtc(body.closesAt, page.timeZone)
    if (closesAt <= opensAt) throw new InvalidInput('closesAt', 'campaigns.closesBeforeOpens')
    const entryMethod = body.entryMethod as 'login' | 'comment'
    if (entryMethod === 'comment') {
      if (body.kind !== 'contest') throw new InvalidInput('entryMethod', 'campaigns.commentOnlyContest')
      if (!body.commentPostId) throw new InvalidInput('commentPostId', 'campaigns.commentPostNeeded')
      if (!body.commentPostId.startsWith(`${page.facebookPageId}_`))
        throw new InvalidInput('commentPostId', 'campaigns.commentPostOfPage')
    }
    if (body.kind === 'quiz' && body.questions.length === 0)
      throw new InvalidInput('questions', 'campaigns.quizNeedsQuestions')
    if (body.kind === 'poll' && body.pollOptions.length < 2)
      throw new InvalidInput('pollOptions', 'campaigns.pollNeedsOptions')
    const local = (text: string) => ({ nl: text, en: text })
    return {
      pageId: page.id,
      kind: body.kind,
      title: { nl: body.titleNl ?? '', en: body.titleEn ?? '' },
      description: { nl: body.descriptionNl ?? '', en: body.descriptionEn ?? '' },
      imageUrl: body.imageUrl ?? null,
      opensAt,
      closesAt,
      rules: body.rules,
      prizes: body.prizes ?? '',
      prizeValueEuro: body.kind === 'poll' ? 0 : body.prizeValueEuro,
      winnerCount: body.kind === 'poll' ? 0 : body.winnerCount,
      entryMethod,
      entryInstructions: body.entryInstructions ?? '',
      entryCostEuro: body.entryCostEuro,
      askEmail: body.askEmail,
      eligibility: { minAge: body.minAge ?? null, countries: body.countries },
      questions:
        body.kind === 'quiz'
          ? body.questions.map((q) => ({
              text: local(q.text),
              options: q.options.map(local),
              correct: q.correct,
              timeLimitSeconds: q.timeLimitSeconds,
            }))
          : [],
      poll: {
        options: body.kind === 'poll' ? body.pollOptions.map((label) => ({ label: local(label) })) : [],
        showResults: body.pollShowResults,
      },
      comment: {
        postId: entryMethod === 'comment' ? (body.commentPostId ?? null) : null,
        keyword: entryMethod === 'comment' ? (body.commentKeyword ?? null) : null,
        topLevelOnly: !body.commentIncludeReplies,
      },
    }
  }

  const label = (c: Pick<CampaignDoc, 'title' | 'slug'>) => c.title?.nl || c.title?.en || c.slug

  /** The eligible entries of a campaign in draw order, best first, keeping only the best `count`. */
  async function rankEntries(
    campaign: CampaignDoc,
    seed: string,
    count: number,
  ): Promise<{ winners: string[]; entryCount: number }> {
    const best = new BestN<EntryRank>(count, campaign.kind === 'quiz' ? quizOrder : contestOrder)
    let entryCount = 0
    const cursor = models.entries
      .find({ campaignId: campaign._id, status: 'active' })
      .select({ ref: 1, score: 1, timeTakenMs: 1, _id: 0 })
      .lean<Pick<EntryDoc, 'ref' | 'score' | 'timeTakenMs'>>()
      .cursor({ batchSize: 5000 })
    for await (const e of cursor) {
      entryCount += 1
      best.offer({
        ref: e.ref,
        key: drawKey(seed, e.ref),
        score: e.score ?? 0,
        timeTakenMs: e.timeTakenMs ?? 0,
      })
    }
    return { winners: best.result().map((r) => r.ref), entryCount }
  }

  return {
    find,
    findBySlug,
    isDutchShop,
    label,

    /** What the public verification page shows. */
    verification: (campaign: CampaignDoc) => verificationOf(models, campaign),

    /** The pseudonymised entry list of a drawn campaign, as a CSV stream. */
    entryList: (campaign: CampaignDoc) => entryListStream(models, campaign),

    /** The marketer's CSV of entries, for contacting winners. */
    contactExport: (campaign: CampaignDoc) => contactExportStream(models, campaign),

    list(): Promise<CampaignDoc[]> {
      return models.campaigns.find().sort({ opensAt: -1 }).limit(500).lean<CampaignDoc[]>()
    },

    /** Creates a draft with a fresh draw seed; only its commitment is ever shown before the draw. */
    async create(
      actor: Actor,
      body: CampaignBody,
    ): Promise<{ campaign: CampaignDoc; warnings: DutchCodeWarning[] }> {
      const page = await pages.find(body.pageId)
      const fields = fieldsOf(body, page)
      const warnings = await dutchWarnings(page, fields)
      const seed = newSeed()
      let created: CampaignDoc
      try {
        const doc = await models.campaigns.create({
          ...fields,
          slug: body.slug ?? slugify(body.titleNl ?? body.titleEn ?? ''),
          seedCommitment: commitmentOf(seed),
          sealedSeed: seeds.seal(seed),
          warnings,
          createdBy: actor.userId ? new Types.ObjectId(actor.userId) : null,
        })
        created = await find(String(doc._id))
      } catch (err) {
        if (isDuplicateKey(err)) throw new Conflict('campaigns.slugTaken', { slug: body.slug })
        throw err
      }
      await audit.record(actor, {
        action: 'campaign.create',
        target: { type: 'campaign', id: String(created._id), label: label(created) },
        pageId: page.facebookPageId,
        after: { kind: created.kind, slug: created.slug, seedCommitment: created.seedCommitment },
      })
      return { campaign: created, warnings }
    },

    /** Edits a campaign until it opens; after that its terms may not change under the entrants. */
    async update(actor: Actor, id: string, body: CampaignBody) {
      const before = await find(id)
      const state = stateOf(before)
      if (state !== 'draft' && state !== 'scheduled') throw new Conflict('campaigns.notEditable', { state })
      const page = await pages.find(body.pageId)
      const fields = fieldsOf(body, page)
      if (fields.kind !== before.kind) throw new InvalidInput('kind', 'campaigns.kindFixed')
      const warnings = await dutchWarnings(page, fields, before._id)
      try {
        await models.campaigns.updateOne(
          { _id: before._id, phase: { $in: ['draft', 'published'] } },
          { $set: { ...fields, ...(body.slug ? { slug: body.slug } : {}), warnings } },
        )
      } catch (err) {
        if (isDuplicateKey(err)) throw new Conflict('campaigns.slugTaken', { slug: body.slug })
        throw err
      }
      const campaign = await find(id)
      await audit.record(actor, {
        action: 'campaign.update',
        target: { type: 'campaign', id, label: label(campaign) },
        pageId: page.facebookPageId,
        before: { opensAt: before.opensAt, closesAt: before.closesAt, rules: before.rules },
        after: { opensAt: campaign.opensAt, closesAt: campaign.closesAt, rules: campaign.rules },
      })
      return { campaign, warnings }
    },

    async publish(actor: Actor, id: string): Promise<CampaignDoc> {
      const campaign = await find(id)
      const changed = await models.campaigns.updateOne(
        { _id: campaign._id, phase: 'draft' },
        { $set: { phase: 'published' } },
      )
      if (!changed.modifiedCount) throw new Conflict('campaigns.notDraft')
      await audit.record(actor, {
        action: 'campaign.publish',
        target: { type: 'campaign', id, label: label(campaign) },
      })
      return find(id)
    },

    /** Closes an open campaign now (the closing time moves to now). */
    async closeNow(actor: Actor, id: string): Promise<CampaignDoc> {
      const campaign = await find(id)
      if (stateOf(campaign) !== 'open') throw new Conflict('campaigns.notOpen')
      const now = new Date()
      await models.campaigns.updateOne({ _id: campaign._id, phase: 'published' }, { $set: { closesAt: now } })
      await audit.record(actor, {
        action: 'campaign.close',
        target: { type: 'campaign', id, label: label(campaign) },
        before: { closesAt: campaign.closesAt },
        after: { closesAt: now },
      })
      return find(id)
    },

    async remove(actor: Actor, id: string): Promise<void> {
      const campaign = await find(id)
      if (campaign.phase !== 'draft') throw new Conflict('campaigns.onlyDraftsDeleted')
      await models.campaigns.deleteOne({ _id: campaign._id, phase: 'draft' })
      await models.entries.deleteMany({ campaignId: campaign._id })
      await audit.record(actor, {
        action: 'campaign.delete',
        target: { type: 'campaign', id, label: label(campaign) },
      })
    },

    async pageSettings(pageId: string): Promise<{ dutchShop: boolean }> {
      const page = await pages.find(pageId)
      return { dutchShop: await isDutchShop(page.id) }
    },

    async setPageSettings(actor: Actor, pageId: string, dutchShop: boolean): Promise<void> {
      const page = await pages.find(pageId)
      const before = await isDutchShop(page.id)
      await models.campaignPageSettings.updateOne(
        { pageId: page.id },
        { $set: { dutchShop } },
        { upsert: true },
      )
      await audit.record(actor, {
        action: 'campaign.page_settings',
        target: { type: 'page', id: pageId, label: page.name },
        pageId: page.facebookPageId,
        before: { dutchShop: before },
        after: { dutchShop },
      })
    },

    /**
     * Draws the winners of a closed contest or quiz and reveals the seed. A conditional update makes
     * a second, simultaneous draw fail instead of drawing twice.
     */
    async draw(actor: Actor, id: string): Promise<CampaignDoc> {
      const campaign = await find(id)
      if (campaign.kind === 'poll') throw new RuleViolation('campaigns.pollNoDraw')
      const state = stateOf(campaign)
      if (state === 'drawn') throw new Conflict('campaigns.alreadyDrawn')
      if (state !== 'closed') throw new RuleViolation('campaigns.drawAfterClose')
      const sealed = await models.campaigns
        .findById(campaign._id)
        .select('+sealedSeed')
        .lean<{ sealedSeed: string }>()
      const seed = seeds.open(sealed?.sealedSeed as string)
      const { winners, entryCount } = await rankEntries(campaign, seed, campaign.winnerCount)
      const drawnAt = new Date()
      const changed = await models.campaigns.updateOne(
        { _id: campaign._id, phase: 'published' },
        { $set: { phase: 'drawn', revealedSeed: seed, drawnAt, drawnEntryCount: entryCount, winners } },
      )
      if (!changed.modifiedCount) throw new Conflict('campaigns.alreadyDrawn')
      await audit.record(actor, {
        action: 'campaign.draw',
        target: { type: 'campaign', id, label: label(campaign) },
        after: { entryCount, winners, seedCommitment: campaign.seedCommitment },
      })
      return find(id)
    },

    /** After a winner is disqualified: the same ranking minus the disqualified gives the new winners. */
    async redraw(actor: Actor, campaign: CampaignDoc, replaced: string): Promise<string[]> {
      const seed = campaign.revealedSeed as string
      const { winners } = await rankEntries(campaign, seed, campaign.winnerCount)
      await models.campaigns.updateOne({ _id: campaign._id, phase: 'drawn' }, { $set: { winners } })
      const added = winners.filter((w) => !campaign.winners.includes(w))
      await audit.record(actor, {
        action: 'campaign.replacement_draw',
        target: { type: 'campaign', id: String(campaign._id), label: label(campaign) },
        before: { winners: campaign.winners },
        after: { winners, replaced, added },
      })
      return winners
    },
  }
}

export type CampaignService = ReturnType<typeof createCampaignService>
