// Marketers compose campaigns: create a draft (with its committed seed), edit it until it opens,
// delete a draft, and the per-page setting that turns on the Dutch code's checks.
import { DateTime } from 'luxon'
import { Conflict, DomainError, InvalidInput } from '../../errors.js'
import type { SecretBox } from '../../security/secret-box.js'
import type { Actor, AuditLog } from '../audit/service.js'
import type { Page } from '../pages/repository.js'
import type { PageService } from '../pages/service.js'
import type { Scarcity } from '../shop/scarcity.js'
import { fieldsOf, slugify, toUtc } from './campaign-fields.js'
import type { Campaign, CampaignFields, CampaignRepository } from './campaign-repository.js'
import { commitmentOf, newSeed } from './draw.js'
import { checkDutchCode, type DutchCodeWarning } from './dutch-code.js'
import type { EntryRepository } from './entry-repository.js'
import { LIVE_TEXTS } from './live-texts.js'
import type { CampaignOpening } from './opening.js'
import { type CampaignQueries, labelOf } from './queries.js'
import { findRuleBreaches, forbiddenMethodRule, type MetaRule } from './rules.js'
import type { CampaignBody, CampaignCheckBody } from './schemas.js'
import { stateOf } from './state.js'

/** What the Dutch code looks at. */
type DutchCodeFields = Pick<
  CampaignFields,
  'kind' | 'opensAt' | 'prizeValueEuro' | 'winnerCount' | 'entryCostEuro' | 'eligibility' | 'rules'
>

/** A Meta rule a text breaks, or a scarcity claim the product's stock or the end does not support. */
export type CheckFinding = {
  rule: MetaRule | 'scarcity'
  field: string
  phrase: string
  /** a scarcity finding's i18n key under `errors.` and its parameters */
  code?: string
  params?: Record<string, unknown>
}

const LIVE_TEXT_PATHS = new Set(LIVE_TEXTS.flatMap((name) => [`${name}Nl`, `${name}En`]))

export type Saved = { campaign: Campaign; warnings: DutchCodeWarning[] }

export function createCampaignComposer(deps: {
  campaigns: CampaignRepository
  entries: EntryRepository
  queries: CampaignQueries
  audit: AuditLog
  pages: PageService
  /** Seals draw seeds: a purpose of its own, so no other secret box can open them. */
  seeds: SecretBox
  /** Scarcity claims against the linked product's stock, and the live texts of a published campaign. */
  opening: CampaignOpening
  scarcity: Scarcity
}) {
  const { campaigns, entries, queries, audit, pages, seeds, opening, scarcity } = deps

  /** The Dutch code's warnings for a shop that follows it; games of the same calendar year count together. */
  async function dutchWarnings(page: Page, fields: DutchCodeFields, exceptId?: string) {
    if (fields.kind === 'poll' || !(await campaigns.isDutchShop(page.id))) return []
    const year = DateTime.fromJSDate(fields.opensAt, { zone: page.timeZone }).startOf('year')
    const others = await campaigns.prizeValuesOfGames(
      page.id,
      year.toJSDate(),
      year.plus({ years: 1 }).toJSDate(),
      exceptId,
    )
    return checkDutchCode({
      prizeValueEuro: fields.prizeValueEuro,
      winnerCount: fields.winnerCount,
      entryCostEuro: fields.entryCostEuro,
      minAge: fields.eligibility?.minAge ?? null,
      // The code asks what the rules say, in whichever language they say it.
      rules: `${fields.rules?.nl ?? ''}\n${fields.rules?.en ?? ''}`,
      otherGamesThisYear: others,
    })
  }

  /** The builder's live check of stock and deadline claims in the fan texts, as findings per field. */
  async function scarcityFindings(body: CampaignCheckBody, timeZone: string): Promise<CheckFinding[]> {
    const texts = Object.fromEntries(Object.entries(body.texts).filter(([path]) => LIVE_TEXT_PATHS.has(path)))
    const now = new Date()
    const opensAt = body.opensAt ? toUtc(body.opensAt, timeZone) : now
    try {
      const { reasons } = await scarcity.findings({
        text: texts,
        product: body.product ?? null,
        endsAt: body.closesAt ? toUtc(body.closesAt, timeZone) : null,
        at: opensAt > now ? opensAt : now,
        endsAtPath: 'closesAt',
      })
      return reasons.map((r) => ({
        rule: 'scarcity' as const,
        field: r.path,
        phrase: String(r.params?.claim ?? '{voorraad}'),
        code: r.code,
        params: r.params ?? {},
      }))
    } catch (err) {
      // The shop is away or the variant is gone: said under the product, the rest still checked.
      if (!(err instanceof DomainError)) throw err
      return [{ rule: 'scarcity', field: 'product', phrase: '', code: err.code, params: err.params }]
    }
  }

  return {
    /**
     * The live check of the builder: every Meta rule the texts (or the entry method) break, and for a
     * Dutch shop the code's warnings on the figures so far. Stores nothing.
     */
    async check(body: CampaignCheckBody) {
      const method = body.entryMethod ? forbiddenMethodRule(body.entryMethod) : null
      const page = body.pageId ? await pages.find(body.pageId) : null
      const findings: CheckFinding[] = [
        ...(method ? [{ rule: method, field: 'entryMethod', phrase: body.entryMethod ?? '' }] : []),
        ...findRuleBreaches(body.texts),
        ...(await scarcityFindings(body, page?.timeZone ?? 'UTC')),
      ]
      if (!page || body.kind === 'poll') return { findings, warnings: [] }
      const rules = Object.entries(body.texts)
        .filter(([field]) => field.startsWith('rules'))
        .map(([, text]) => text)
        .join('\n')
      const warnings = await dutchWarnings(page, {
        kind: body.kind,
        opensAt: body.opensAt ? toUtc(body.opensAt, page.timeZone) : new Date(),
        prizeValueEuro: body.prizeValueEuro,
        winnerCount: body.winnerCount,
        entryCostEuro: body.entryCostEuro,
        eligibility: { minAge: body.minAge ?? null, countries: [] },
        rules: { nl: rules, en: '' },
      })
      return { findings, warnings }
    },

    /** Creates a draft with a fresh draw seed; only its commitment is ever shown before the draw. */
    async create(actor: Actor, body: CampaignBody): Promise<Saved> {
      const page = await pages.find(body.pageId)
      const fields = fieldsOf(body, page)
      await opening.assertHonest(fields)
      const warnings = await dutchWarnings(page, fields)
      const seed = newSeed()
      const created = await campaigns.insert({
        ...fields,
        slug: body.slug ?? slugify(body.titleNl ?? body.titleEn ?? ''),
        seedCommitment: commitmentOf(seed),
        sealedSeed: seeds.seal(seed),
        warnings,
        createdBy: actor.userId ?? null,
      })
      if (created === 'slugTaken') throw new Conflict('campaigns.slugTaken', { slug: body.slug })
      await audit.record(actor, {
        action: 'campaign.create',
        target: { type: 'campaign', id: created.id, label: labelOf(created) },
        pageId: page.facebookPageId,
        after: { kind: created.kind, slug: created.slug, seedCommitment: created.seedCommitment },
      })
      return { campaign: created, warnings }
    },

    /** Edits a campaign until it opens; after that its terms may not change under the entrants. */
    async update(actor: Actor, id: string, body: CampaignBody): Promise<Saved> {
      const before = await queries.find(id)
      const state = stateOf(before)
      if (state !== 'draft' && state !== 'scheduled') throw new Conflict('campaigns.notEditable', { state })
      const page = await pages.find(body.pageId)
      const fields = fieldsOf(body, page)
      if (fields.kind !== before.kind) throw new InvalidInput('kind', 'campaigns.kindFixed')
      await opening.assertHonest(fields)
      const warnings = await dutchWarnings(page, fields, before.id)
      const outcome = await campaigns.updateTerms(id, {
        ...fields,
        ...(body.slug ? { slug: body.slug } : {}),
        warnings,
      })
      if (outcome === 'slugTaken') throw new Conflict('campaigns.slugTaken', { slug: body.slug })
      const campaign = await queries.find(id)
      // A published campaign that has not opened yet: fans read the edited texts from now on.
      await opening.refresh(campaign)
      await audit.record(actor, {
        action: 'campaign.update',
        target: { type: 'campaign', id, label: labelOf(campaign) },
        pageId: page.facebookPageId,
        before: {
          opensAt: before.opensAt,
          closesAt: before.closesAt,
          rules: before.rules,
          product: before.product ?? null,
        },
        after: {
          opensAt: campaign.opensAt,
          closesAt: campaign.closesAt,
          rules: campaign.rules,
          product: campaign.product ?? null,
        },
      })
      return { campaign, warnings }
    },

    async remove(actor: Actor, id: string): Promise<void> {
      const campaign = await queries.find(id)
      if (campaign.phase !== 'draft' || !(await campaigns.deleteDraft(id)))
        throw new Conflict('campaigns.onlyDraftsDeleted')
      await entries.deleteAllOf(id)
      await audit.record(actor, {
        action: 'campaign.delete',
        target: { type: 'campaign', id, label: labelOf(campaign) },
      })
    },

    async setPageSettings(actor: Actor, pageId: string, dutchShop: boolean): Promise<void> {
      const page = await pages.find(pageId)
      const before = await campaigns.isDutchShop(page.id)
      await campaigns.setDutchShop(page.id, dutchShop)
      await audit.record(actor, {
        action: 'campaign.page_settings',
        target: { type: 'page', id: pageId, label: page.name },
        pageId: page.facebookPageId,
        before: { dutchShop: before },
        after: { dutchShop },
      })
    },
  }
}

export type CampaignComposer = ReturnType<typeof createCampaignComposer>
