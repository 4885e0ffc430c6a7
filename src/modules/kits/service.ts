// Kits as use cases: marketers make, edit, archive and restore them; an ambassador gets their own tracked
// link to a kit and records a share intent before Facebook's Share Dialog opens.
import { Conflict, NotFound, RuleViolation } from '../../errors.js'
import type { Actor, AuditLog } from '../audit/service.js'
import type { LinksModule } from '../links/index.js'
import { utmSlug } from '../links/utm.js'
import type { PageService } from '../pages/service.js'
import type { KitFiguresReader } from './figures.js'
import type { Kit, KitFields, KitRepository } from './repository.js'
import type { KitBody, KitEditBody } from './schemas.js'
import { shareDialogUrl } from './share-dialog.js'
import { quietHoursOf, type ShareRefusal, shareDay, shareRefusal } from './share-rules.js'

export type { Kit }

export type ShareState = {
  allowed: boolean
  reason: ShareRefusal | null
  sharesToday: number
  sharesPerDay: number
  /** the quiet hours, to name them in the refusal */
  quietHours: { start: string; end: string } | null
  /** the page's calendar day the cap counts */
  day: string
}

const DEFAULT_HASHTAG = '#medewerker'

const fieldsOf = (body: KitEditBody): KitFields => ({
  title: body.title,
  textNl: body.textNl ?? '',
  textEn: body.textEn ?? '',
  link: body.link,
  imageUrl: body.imageUrl ?? null,
  disclosureHashtag: body.disclosureHashtag ?? DEFAULT_HASHTAG,
  disclosureNl: body.disclosureNl ?? '',
  disclosureEn: body.disclosureEn ?? '',
  sharesPerDay: body.sharesPerDay,
})

export function createKits(deps: {
  repo: KitRepository
  pages: Pick<PageService, 'find'>
  links: LinksModule
  figures: KitFiguresReader
  audit: AuditLog
  /** Facebook's dialog host and the app id the Share Dialog is opened for. */
  dialog: { base: string; appId: string }
  publicUrl: string
}) {
  const { repo, pages, links, figures, audit, dialog, publicUrl } = deps

  async function find(id: string): Promise<Kit> {
    const kit = await repo.find(id)
    if (!kit) throw new NotFound('kits.notFound')
    return kit
  }

  /** What an ambassador may open: an active kit (an archived one is gone for them). */
  async function findActive(id: string): Promise<Kit> {
    const kit = await find(id)
    if (kit.status !== 'active') throw new NotFound('kits.notFound')
    return kit
  }

  /**
   * The person's own tracked link to the kit: the same one every time for this person and link. It
   * carries the kit's page, so the person's clicks and orders count for that page's goals.
   */
  const linkFor = (kit: Kit, personId: string) =>
    links.tracking.forKitPerson(
      { id: kit.id, slug: kit.slug, link: kit.link, title: kit.title, pageId: kit.pageId },
      personId,
    )

  async function shareState(kit: Kit, personId: string, now = new Date()): Promise<ShareState> {
    const page = await pages.find(kit.pageId)
    const rules = { timeZone: page.timeZone ?? 'Europe/Amsterdam', quietHours: quietHoursOf(page) }
    const day = shareDay(now, rules)
    const sharesToday = await repo.sharesOn(kit.id, personId, day)
    const reason = shareRefusal(now, rules, sharesToday, kit.sharesPerDay)
    return {
      allowed: !reason,
      reason,
      sharesToday,
      sharesPerDay: kit.sharesPerDay,
      quietHours: rules.quietHours,
      day,
    }
  }

  return {
    find,
    findActive,
    linkFor,
    shareState,
    figures: figures.of,

    pageOf: async (id: string) => {
      const kit = await repo.find(id)
      return kit ? { pageId: kit.pageId } : null
    },

    /** Kits on these pages (every page when null). */
    list: (pageIds: string[] | null, status?: Kit['status']) => repo.list({ pageIds, status }),

    async create(actor: Actor, body: KitBody): Promise<Kit> {
      const page = await pages.find(body.pageId)
      const kit = await repo.create({
        ...fieldsOf(body),
        pageId: page.id,
        slug: utmSlug(body.title),
        createdBy: actor.userId ?? 'system',
      })
      await audit.record(actor, {
        action: 'kit.create',
        target: { type: 'kit', id: kit.id, label: kit.title },
        pageId: page.facebookPageId,
        after: { ...fieldsOf(body) },
      })
      return kit
    },

    async update(actor: Actor, id: string, body: KitEditBody): Promise<Kit> {
      const before = await findActive(id)
      const page = await pages.find(before.pageId)
      const after = fieldsOf(body)
      const kit = await repo.update(id, after)
      if (!kit) throw new NotFound('kits.notFound')
      const was = Object.fromEntries(Object.keys(after).map((k) => [k, before[k as keyof KitFields]]))
      await audit.record(actor, {
        action: 'kit.edit',
        target: { type: 'kit', id, label: kit.title },
        pageId: page.facebookPageId,
        before: was,
        after: { ...after },
      })
      return kit
    },

    async archive(actor: Actor, id: string): Promise<void> {
      const kit = await find(id)
      if (!(await repo.archive(id))) throw new NotFound('kits.notFound')
      const page = await pages.find(kit.pageId)
      await audit.record(actor, {
        action: 'kit.archive',
        target: { type: 'kit', id, label: kit.title },
        pageId: page.facebookPageId,
        before: { status: 'active' },
        after: { status: 'archived' },
      })
    },

    /**
     * Brings an archived kit back: ambassadors of its page see it again, with the same personal
     * links (made once per person and kit), so earlier shares keep counting for them.
     */
    async restore(actor: Actor, id: string): Promise<void> {
      const kit = await find(id)
      if (!(await repo.restore(id))) throw new Conflict('kits.notArchived')
      const page = await pages.find(kit.pageId)
      await audit.record(actor, {
        action: 'kit.restore',
        target: { type: 'kit', id, label: kit.title },
        pageId: page.facebookPageId,
        before: { status: 'archived' },
        after: { status: 'active' },
      })
    },

    /**
     * A tap on "Share on Facebook": refused in the page's quiet hours and over the person's daily
     * cap, else counted (not audited: it changes nothing on the page) and answered with the Share
     * Dialog for the person's own link.
     */
    async share(personId: string, kitId: string, now = new Date()) {
      const kit = await findActive(kitId)
      const state = await shareState(kit, personId, now)
      const refuse = (reason: ShareRefusal) =>
        new RuleViolation(reason, {
          cap: kit.sharesPerDay,
          count: kit.sharesPerDay,
          start: state.quietHours?.start ?? '',
          end: state.quietHours?.end ?? '',
        })
      if (state.reason) throw refuse(state.reason)
      if (!(await repo.countShare(kit.id, personId, state.day, kit.sharesPerDay)))
        throw refuse('kits.shareCap')
      const link = await linkFor(kit, personId)
      const shortUrl = links.tracking.shortUrl(link)
      return {
        kit,
        shortUrl,
        dialogUrl: shareDialogUrl({
          dialogBase: dialog.base,
          appId: dialog.appId,
          href: shortUrl,
          hashtag: kit.disclosureHashtag || null,
          redirectUri: `${publicUrl}/kits/${kit.id}`,
        }),
        share: await shareState(kit, personId, now),
      }
    },
  }
}

export type Kits = ReturnType<typeof createKits>
