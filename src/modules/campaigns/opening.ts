// A campaign linked to a shop product going live: its texts' scarcity claims checked against the
// product's stock and the campaign's end (when saved, published and again when it opens), the live
// texts fans read ({voorraad} filled in, every link through Fanfare's tracked redirect), and the hold
// that sends it back to draft when a claim stopped being true or the product sold out.
import { RuleViolation } from '../../errors.js'
import { enqueue, type Queues } from '../../queues.js'
import { type AuditLog, SYSTEM_ACTOR } from '../audit/service.js'
import type { Tracking } from '../links/tracking.js'
import { ShopError } from '../shop/platforms/errors.js'
import type { Scarcity } from '../shop/scarcity.js'
import type { Campaign, CampaignFields, CampaignRepository } from './campaign-repository.js'
import { type LiveTexts, liveTextsFrom, textsByPath } from './live-texts.js'
import { labelOf } from './queries.js'

type Honesty = Pick<CampaignFields, 'title' | 'description' | 'rules' | 'prizes' | 'entryInstructions'> & {
  product?: string | null
  opensAt: Date
  closesAt: Date
}

export const openJobId = (c: Pick<Campaign, 'id' | 'opensAt'>) =>
  `open-campaign-${c.id}-${c.opensAt.getTime()}`

export function createCampaignOpening(deps: {
  campaigns: CampaignRepository
  scarcity: Scarcity
  tracking: Tracking
  audit: AuditLog
  queues: Queues
  log: { warn: (obj: object, msg: string) => void }
}) {
  const { campaigns, scarcity, tracking, audit, queues, log } = deps
  const target = (c: Campaign) => ({ type: 'campaign', id: c.id, label: labelOf(c) })
  /** The claims must hold from the moment fans can read them; a deadline claim needs the campaign's end. */
  const factsOf = (c: Honesty, now: Date) => ({
    text: textsByPath(c),
    product: c.product ?? null,
    endsAt: c.closesAt,
    at: c.opensAt > now ? c.opensAt : now,
    endsAtPath: 'closesAt',
  })

  /** What fans will read now, or why the campaign may not go live. */
  async function liveTextsOf(c: Campaign, now: Date) {
    const verdict = await scarcity.beforePublish(factsOf(c, now))
    if (!verdict.ok) return verdict
    const tracked = await tracking.rewriteCampaignTexts(
      { id: c.id, pageId: c.pageId, slug: c.slug, title: labelOf(c) },
      verdict.message,
    )
    return { ok: true as const, live: liveTextsFrom(c, tracked) }
  }

  /** Queues the opening check at the opening time; the periodic sweep covers a queue that lost it. */
  function queueOpening(c: Campaign): void {
    const delay = Math.max(0, c.opensAt.getTime() - Date.now())
    enqueue(queues, 'open-campaigns', { campaignId: c.id }, { jobId: openJobId(c), delay }).catch((err) =>
      log.warn(
        { err: (err as Error).message, campaignId: c.id },
        'campaign opening not queued; the sweep will open it',
      ),
    )
  }

  async function hold(c: Campaign, held: { kind: string; message: string; params: Record<string, unknown> }) {
    if (!(await campaigns.hold(c.id, held))) return false
    await audit.record(SYSTEM_ACTOR, {
      action: 'campaign.held',
      target: target(c),
      after: { reason: held.kind, ...held.params },
    })
    return true
  }

  /**
   * When the campaign opens: the claims are checked against the stock of this moment and
   * {voorraad} filled in with it; a sold-out product or a claim no longer true holds it (back to
   * draft, the marketer told why). Runs once per opening; a retryable shop error is thrown for a retry.
   */
  async function open(id: string, now = new Date()): Promise<'opened' | 'held' | 'skipped'> {
    const c = await campaigns.find(id)
    if (!c) return 'skipped'
    if (c.phase !== 'published' || c.openedAt || c.opensAt > now) return 'skipped'
    let made: Awaited<ReturnType<typeof liveTextsOf>>
    try {
      made = await liveTextsOf(c, now)
    } catch (err) {
      if (!(err instanceof ShopError) || err.isRetryable) throw err
      return (await hold(c, { kind: 'shop', message: err.code, params: { message: err.message } }))
        ? 'held'
        : 'skipped'
    }
    if (!made.ok) return (await hold(c, made)) ? 'held' : 'skipped'
    if (!(await campaigns.setLive(c.id, made.live, now))) return 'skipped'
    await audit.record(SYSTEM_ACTOR, {
      action: 'campaign.opened',
      target: target(c),
      after: { product: c.product },
    })
    return 'opened'
  }
  return {
    open,

    /** Refuses (422 naming the claim and the stock) texts the product's stock or the end do not support. */
    async assertHonest(c: Honesty, now = new Date()): Promise<void> {
      await scarcity.assertHonest(factsOf(c, now))
    },

    /**
     * Right before a draft is published: the live texts, or a refusal when the product sold out
     * (the claims themselves were checked by `assertHonest`). Opening now when the time has come.
     */
    async beforePublish(c: Campaign, now = new Date()): Promise<{ live: LiveTexts; openedAt: Date | null }> {
      await scarcity.assertHonest(factsOf(c, now))
      const made = await liveTextsOf(c, now)
      if (!made.ok)
        throw new RuleViolation('campaigns.productSoldOut', made.params).because([
          { path: 'product', code: 'campaigns.productSoldOut', params: made.params },
        ])
      return { live: made.live, openedAt: c.opensAt <= now ? now : null }
    },

    /** After publishing or editing a published campaign: its opening check is queued for its time. */
    afterPublish(c: Campaign): void {
      if (c.phase === 'published' && !c.openedAt) queueOpening(c)
    },

    /** The live texts again after an edit of a published campaign that has not opened yet. */
    async refresh(c: Campaign, now = new Date()): Promise<void> {
      if (c.phase !== 'published' || c.openedAt) return
      const made = await liveTextsOf(c, now)
      if (!made.ok) {
        await hold(c, made)
        return
      }
      await campaigns.setLive(c.id, made.live, null)
      queueOpening(c)
    },

    /** Every published campaign past its opening time whose check has not run (the periodic sweep). */
    async openDue(now = new Date()): Promise<Record<string, string>> {
      const done: Record<string, string> = {}
      for (const id of await campaigns.dueToOpen(now)) done[id] = await open(id, now)
      return done
    },
  }
}

export type CampaignOpening = ReturnType<typeof createCampaignOpening>
