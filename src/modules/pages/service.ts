// Connecting Facebook pages: sealed page tokens, page settings, and "needs reconnecting" on auth errors.
import { Types } from 'mongoose'
import { Conflict, NotFound } from '../../errors.js'
import { GraphError } from '../../graph/errors.js'
import type { GraphClient } from '../../graph/index.js'
import type { Models } from '../../models.js'
import type { SecretBox } from '../../security/secret-box.js'
import { type Actor, type AuditLog, SYSTEM_ACTOR } from '../audit/service.js'
import type { UserDoc } from '../team/model.js'
import type { TeamService } from '../team/service.js'
import type { PageDoc } from './model.js'
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

const settingsOf = (p: PageDoc) => ({
  timeZone: p.timeZone,
  maxPostsPerDay: p.maxPostsPerDay,
  quietHours: p.quietHours?.start ? { start: p.quietHours.start, end: p.quietHours.end } : null,
})

export function createPageService(deps: {
  models: Models
  audit: AuditLog
  team: TeamService
  graph: GraphClient
  pageTokens: SecretBox
}) {
  const { models, audit, team, graph, pageTokens } = deps
  /** Other modules react to a newly connected page (the comment inbox imports its recent comments). */
  const connectedListeners: ((page: PageDoc) => Promise<void>)[] = []

  /** Pages the member manages, with a page token (Graph omits it without the right permission). */
  async function accountsOf(user: UserDoc) {
    const userToken = team.userToken(user)
    if (!userToken) throw new Conflict('loginAgainForPages')
    const accounts = await graph.listAccounts(userToken)
    return accounts.flatMap((a) => (a.accessToken ? [{ ...a, accessToken: a.accessToken }] : []))
  }

  async function find(id: string): Promise<PageDoc> {
    if (!Types.ObjectId.isValid(id)) throw new NotFound('pageNotFound')
    const page = await models.pages
      .findOne({ _id: new Types.ObjectId(id), disconnectedAt: null })
      .lean<PageDoc>()
    if (!page) throw new NotFound('pageNotFound')
    return page
  }

  async function markNeedsReconnect(page: PageDoc, err: GraphError): Promise<void> {
    const changed = await models.pages.updateOne(
      { _id: page._id, tokenStatus: 'ok' },
      { $set: { tokenStatus: 'needs_reconnect', tokenProblem: err.message, tokenProblemAt: new Date() } },
    )
    if (changed.modifiedCount) {
      await audit.record(SYSTEM_ACTOR, {
        action: 'page.needs_reconnect',
        target: { type: 'page', id: String(page._id), label: page.name },
        pageId: page.facebookPageId,
        after: { code: err.code ?? null, subcode: err.subcode ?? null, message: err.message },
      })
    }
  }

  return {
    find,

    list(): Promise<PageDoc[]> {
      return models.pages.find({ disconnectedAt: null }).sort({ name: 1 }).lean<PageDoc[]>()
    },

    /** The pages this member manages on Facebook, marked when already connected. */
    async available(user: UserDoc): Promise<AvailablePage[]> {
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
    async connect(actor: Actor, user: UserDoc, facebookPageIds: string[]): Promise<PageDoc[]> {
      const accounts = await accountsOf(user)
      const byId = new Map(accounts.map((a) => [a.id, a]))
      const unknown = facebookPageIds.filter((id) => !byId.has(id))
      if (unknown.length) throw new NotFound('pageNotManaged', { ids: unknown.join(', ') })
      const result: PageDoc[] = []
      for (const id of facebookPageIds) {
        const account = byId.get(id) as (typeof accounts)[number]
        const before = await models.pages.findOne({ facebookPageId: id }).lean<PageDoc>()
        let webhookSubscribed = false
        try {
          await graph.subscribeApp(id, account.accessToken, ['feed'])
          webhookSubscribed = true
        } catch (err) {
          if (!(err instanceof GraphError)) throw err
          // The page still works for posting; the inbox falls back to the backfill.
        }
        const page = (await models.pages
          .findOneAndUpdate(
            { facebookPageId: id },
            {
              $set: {
                name: account.name,
                category: account.category ?? null,
                sealedPageToken: pageTokens.seal(account.accessToken),
                tasks: account.tasks ?? [],
                tokenStatus: 'ok',
                tokenProblem: null,
                tokenProblemAt: null,
                webhookSubscribed,
                disconnectedAt: null,
                connectedBy: new Types.ObjectId(actor.userId ?? undefined),
                connectedAt: new Date(),
              },
            },
            { upsert: true, returnDocument: 'after', setDefaultsOnInsert: true },
          )
          .lean<PageDoc>()) as PageDoc
        await audit.record(actor, {
          action: before && !before.disconnectedAt ? 'page.reconnect' : 'page.connect',
          target: { type: 'page', id: String(page._id), label: page.name },
          pageId: id,
          before: before ? { tokenStatus: before.tokenStatus } : null,
          after: { tokenStatus: 'ok', webhookSubscribed },
        })
        result.push(page)
      }
      for (const page of result) for (const listener of connectedListeners) await listener(page)
      return result
    },

    onConnected(listener: (page: PageDoc) => Promise<void>): void {
      connectedListeners.push(listener)
    },

    async updateSettings(actor: Actor, id: string, body: PageSettingsBody): Promise<PageDoc> {
      const page = await find(id)
      const quietHours = body.quietHoursStart
        ? { start: body.quietHoursStart, end: body.quietHoursEnd }
        : { start: null, end: null }
      const updated = (await models.pages
        .findByIdAndUpdate(
          page._id,
          { $set: { timeZone: body.timeZone, maxPostsPerDay: body.maxPostsPerDay, quietHours } },
          { returnDocument: 'after', runValidators: true },
        )
        .lean<PageDoc>()) as PageDoc
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
      await models.pages.updateOne({ _id: page._id }, { $set: { disconnectedAt: new Date() } })
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
    async withPageToken<T>(page: PageDoc, call: (token: string) => Promise<T>): Promise<T> {
      try {
        return await call(pageTokens.open(page.sealedPageToken))
      } catch (err) {
        if (err instanceof GraphError && err.kind === 'auth') await markNeedsReconnect(page, err)
        throw err
      }
    },

    /** Asks Graph whether the page token still works; marks the page when it does not. */
    async checkToken(id: string): Promise<PageDoc> {
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
