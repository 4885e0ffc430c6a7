// Connecting Facebook pages: sealed page tokens, page settings, and "needs reconnecting" on auth errors.
import { Conflict, NotFound } from '../../errors.js'
import { GraphError } from '../../graph/errors.js'
import type { GraphClient } from '../../graph/index.js'
import type { SecretBox } from '../../security/secret-box.js'
import { type Actor, type AuditLog, SYSTEM_ACTOR } from '../audit/service.js'
import type { Member, TeamService } from '../team/service.js'
import { type PageScope, pageScopeOf } from './page-scope.js'
import type { Page, PageRepository } from './repository.js'
import type { PageSettingsBody } from './schemas.js'

/** Tasks a page token needs for what Fanfare does (publish and moderate). */
const NEEDED_TASKS = ['CREATE_CONTENT', 'MODERATE']

export type AvailablePage = {
  facebookPageId: string
  name: string
  category: string | null
  tasks: string[]
  connected: boolean
  canPublishAndModerate: boolean
}

const settingsOf = (p: Page) => ({
  timeZone: p.timeZone,
  maxPostsPerDay: p.maxPostsPerDay,
  maxPromoPostsPerWeek: p.maxPromoPostsPerWeek,
  minNonPromoSharePercent: p.minNonPromoSharePercent,
  minGapMinutes: p.minGapMinutes,
  requireApproval: p.requireApproval,
  quietHours: p.quietHours?.start ? { start: p.quietHours.start, end: p.quietHours.end } : null,
})

export function createPageService(deps: {
  repo: PageRepository
  audit: AuditLog
  team: TeamService
  graph: GraphClient
  pageTokens: SecretBox
}) {
  const { repo, audit, team, graph, pageTokens } = deps
  /** Other modules react to a (re)connected page, e.g. posts held for a broken token go out. */
  const connectedListeners: Array<(page: Page) => Promise<unknown>> = []

  /** Pages the member manages, with a page token (Graph omits it without the right permission). */
  async function accountsOf(user: Member) {
    const userToken = team.userToken(user)
    if (!userToken) throw new Conflict('loginAgainForPages')
    const accounts = await graph.listAccounts(userToken)
    return accounts.flatMap((a) => (a.accessToken ? [{ ...a, accessToken: a.accessToken }] : []))
  }

  /**
   * Reads the member's Facebook role on every connected page and records the pages where it gives
   * them tasks. A member without a usable token, or a Graph failure, leaves the membership as it was.
   */
  async function refreshMembership(member: Member): Promise<Member> {
    const userToken = team.userToken(member)
    if (!userToken) return member
    const [accounts, connected] = await Promise.all([graph.listAccounts(userToken), repo.listConnected()])
    const withTasks = new Set(accounts.filter((a) => (a.tasks ?? []).length > 0).map((a) => a.id))
    const onFacebook = connected.filter((p) => withTasks.has(p.facebookPageId)).map((p) => p.id)
    return team.setPagesOnFacebook(member, onFacebook)
  }

  async function find(id: string): Promise<Page> {
    const page = await repo.connected(id)
    if (!page) throw new NotFound('pageNotFound')
    return page
  }

  async function findByFacebookId(facebookPageId: string): Promise<Page> {
    const page = await repo.connectedByFacebookId(facebookPageId)
    if (!page) throw new NotFound('pageNotFound')
    return page
  }

  async function markNeedsReconnect(page: Page, err: GraphError): Promise<void> {
    if (await repo.markNeedsReconnect(page.id, err.message)) {
      await audit.record(SYSTEM_ACTOR, {
        action: 'page.needs_reconnect',
        target: { type: 'page', id: page.id, label: page.name },
        pageId: page.facebookPageId,
        after: { code: err.code ?? null, subcode: err.subcode ?? null, message: err.message },
      })
    }
  }

  return {
    find,

    findByFacebookId,

    /** The connected page with this id, or null (e.g. disconnected meanwhile). */
    connectedById: (id: string): Promise<Page | null> => repo.connected(id),

    /** The connected page with this Facebook id, or null. */
    connectedByFacebookId: (facebookPageId: string): Promise<Page | null> =>
      repo.connectedByFacebookId(facebookPageId),

    list: (): Promise<Page[]> => repo.listConnected(),

    /** The pages this member manages on Facebook, marked when already connected. */
    async available(user: Member): Promise<AvailablePage[]> {
      const [accounts, connected] = await Promise.all([accountsOf(user), this.list()])
      const connectedIds = new Set(connected.map((p) => p.facebookPageId))
      return accounts.map((a) => ({
        facebookPageId: a.id,
        name: a.name,
        category: a.category ?? null,
        tasks: a.tasks ?? [],
        connected: connectedIds.has(a.id),
        canPublishAndModerate: NEEDED_TASKS.every((t) => (a.tasks ?? []).includes(t)),
      }))
    },

    /**
     * Connects (or reconnects) pages the member manages. Tokens come from Graph here, never from the
     * client; a long-lived user token yields page tokens that do not expire.
     */
    async connect(actor: Actor, user: Member, facebookPageIds: string[]): Promise<Page[]> {
      const accounts = await accountsOf(user)
      const byId = new Map(accounts.map((a) => [a.id, a]))
      const unknown = facebookPageIds.filter((id) => !byId.has(id))
      if (unknown.length) throw new NotFound('pageNotManaged', { ids: unknown.join(', ') })
      const result: Page[] = []
      for (const id of facebookPageIds) {
        const account = byId.get(id) as (typeof accounts)[number]
        const before = await repo.anyByFacebookId(id)
        let webhookSubscribed = false
        try {
          await graph.subscribeApp(id, account.accessToken, ['feed'])
          webhookSubscribed = true
        } catch (err) {
          if (!(err instanceof GraphError)) throw err
          // The page still works for posting; the inbox falls back to the backfill.
        }
        const page = await repo.upsertConnection(id, {
          name: account.name,
          category: account.category ?? null,
          sealedPageToken: pageTokens.seal(account.accessToken),
          tasks: account.tasks ?? [],
          webhookSubscribed,
          connectedBy: actor.userId,
        })
        await audit.record(actor, {
          action: before && !before.disconnectedAt ? 'page.reconnect' : 'page.connect',
          target: { type: 'page', id: page.id, label: page.name },
          pageId: id,
          before: before ? { tokenStatus: before.tokenStatus } : null,
          after: { tokenStatus: 'ok', webhookSubscribed },
        })
        result.push(page)
        for (const listener of connectedListeners) await listener(page)
      }
      await this.refreshMemberships()
      return result
    },

    refreshMembership,

    /** After pages are (re)connected, every member's Facebook role on them decides who gets them. */
    async refreshMemberships(log?: { warn(obj: object, msg: string): void }): Promise<void> {
      for (const member of await team.list()) {
        try {
          await refreshMembership(member)
        } catch (err) {
          if (!(err instanceof GraphError)) throw err
          log?.warn({ member: member.id, err: err.message }, 'could not read a member’s pages')
        }
      }
    },

    /** The pages this member works on: every connected page for an admin, their assigned ones otherwise. */
    async scopeFor(user: Member): Promise<PageScope> {
      return pageScopeOf(user, await repo.listConnected())
    },

    onConnected(listener: (page: Page) => Promise<unknown>): void {
      connectedListeners.push(listener)
    },

    async updateSettings(actor: Actor, id: string, body: PageSettingsBody): Promise<Page> {
      const page = await find(id)
      const quietHours = body.quietHoursStart
        ? { start: body.quietHoursStart, end: body.quietHoursEnd }
        : { start: null, end: null }
      const updated = await repo.updateSettings(page.id, {
        timeZone: body.timeZone,
        maxPostsPerDay: body.maxPostsPerDay,
        maxPromoPostsPerWeek: body.maxPromoPostsPerWeek,
        minNonPromoSharePercent: body.minNonPromoSharePercent,
        minGapMinutes: body.minGapMinutes,
        requireApproval: body.requireApproval,
        quietHours,
      })
      await audit.record(actor, {
        action: 'page.settings',
        target: { type: 'page', id, label: page.name },
        pageId: page.facebookPageId,
        before: settingsOf(page),
        after: settingsOf(updated),
      })
      return updated
    },

    async disconnect(actor: Actor, id: string): Promise<void> {
      const page = await find(id)
      await repo.disconnect(page.id)
      await audit.record(actor, {
        action: 'page.disconnect',
        target: { type: 'page', id, label: page.name },
        pageId: page.facebookPageId,
      })
    },

    /**
     * Runs a Graph call with the page's token. An auth error (190) marks the page as needing
     * reconnection and is rethrown, so callers hold their work instead of retrying.
     */
    async withPageToken<T>(page: Page, call: (token: string) => Promise<T>): Promise<T> {
      try {
        return await call(pageTokens.open(page.sealedPageToken))
      } catch (err) {
        if (err instanceof GraphError && err.kind === 'auth') await markNeedsReconnect(page, err)
        throw err
      }
    },

    /** Asks Graph whether the page token still works; marks the page when it does not. */
    async checkToken(id: string): Promise<Page> {
      const page = await find(id)
      try {
        // Reading one post is the cheapest call that proves the token can still act for the page.
        await this.withPageToken(page, async (token) => {
          for await (const _post of graph.listFeed(page.facebookPageId, token, { limit: 1, maxPages: 1 }))
            break
        })
      } catch (err) {
        if (!(err instanceof GraphError) || err.kind !== 'auth') throw err
      }
      return find(id)
    },
  }
}

export type PageService = ReturnType<typeof createPageService>
