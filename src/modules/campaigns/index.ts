// The campaigns module: fan-only contests, quizzes and polls with a verifiable draw (`app.campaigns`).
import { hkdfSync } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { createSecretBox } from '../../security/secret-box.js'
import { defineModule, moduleCore } from '../module.js'
import apiRoutes from './api-routes.js'
import { createBlockedFanRepository } from './blocked-fan-repository.js'
import type { Campaign } from './campaign-repository.js'
import { createCampaignRepository } from './campaign-repository.js'
import { campaignChanges } from './changes.js'
import { createCommentEntryService } from './comment-entries.js'
import { createCampaignComposer } from './compose.js'
import { createEntering } from './entering.js'
import { createEntryRepository } from './entry-repository.js'
import { contactExportStream, entryListStream } from './export.js'
import fanRoutes from './fan-routes.js'
import { createCampaignLifecycle } from './lifecycle.js'
import { createModeration } from './moderation.js'
import { createCampaignOpening } from './opening.js'
import { createPollService } from './poll.js'
import { createPrivacyService, pseudonymOf } from './privacy.js'
import publicRoutes from './public-routes.js'
import { createCampaignQueries, labelOf } from './queries.js'
import { createQuizService } from './quiz.js'
import { createQuizRepository } from './quiz-repository.js'
import { createRankKeys } from './rank-keys.js'
import { createCampaignResults } from './results.js'
import routes from './routes.js'
import { entriesWithSignals } from './signals.js'
import { verificationOf } from './verification.js'

const derivedKey = (secret: Buffer, info: string) =>
  Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), info, 32))

async function createCampaignsModule(app: FastifyInstance) {
  const { connection } = app.store
  const { secretKey } = app.config
  const pseudonymKey = derivedKey(secretKey, 'fanfare entrant pseudonyms')
  const [campaigns, entries, serves, blocked] = await Promise.all([
    createCampaignRepository(connection),
    createEntryRepository(connection, {
      entrantKeyOf: (kind, id) => pseudonymOf(pseudonymKey, `${kind}:${id}`),
    }),
    createQuizRepository(connection),
    createBlockedFanRepository(connection),
  ])
  const { audit, pages } = app
  const seeds = createSecretBox(secretKey, 'campaign draw seeds')
  const queries = createCampaignQueries({ campaigns })
  // Whatever changes a campaign here tells the listeners (the public page's short cache forgets).
  const changes = campaignChanges()
  const opening = changes.notifying(
    createCampaignOpening({
      campaigns,
      scarcity: app.shop.scarcity,
      tracking: app.links.tracking,
      audit,
      queues: app.queues,
      log: app.log,
    }),
  )
  const lifecycle = changes.notifying(
    createCampaignLifecycle({ campaigns, entries, queries, audit, seeds, opening }),
  )
  // A campaign's public page shared in a post is tracked for the campaign (links/tracking.ts).
  const campaignPrefix = `${app.config.publicUrl}/c/`
  const slugIn = (address: string) =>
    address.startsWith(campaignPrefix)
      ? /^([a-z0-9-]{3,60})(?:[/?#]|$)/.exec(address.slice(campaignPrefix.length))?.[1]
      : undefined
  app.links.tracking.findCampaignsWith(async (address) => {
    const slug = slugIn(address)
    const campaign = slug ? await campaigns.findBySlug(slug) : null
    return campaign
      ? { id: campaign.id, pageId: campaign.pageId, slug: campaign.slug, title: labelOf(campaign) }
      : null
  })
  const rankKeys = createRankKeys({ campaigns, seeds })
  const entering = createEntering({
    entries,
    blocked,
    originKey: derivedKey(secretKey, 'fanfare entry origins'),
    rankKeys,
  })
  return {
    /** New entries' draw keys; for imports and benchmarks that store entries in bulk. */
    rankKeys,
    queries,
    compose: changes.notifying(
      createCampaignComposer({
        campaigns,
        entries,
        queries,
        audit,
        pages,
        seeds,
        opening,
        scarcity: app.shop.scarcity,
      }),
    ),
    /** The opening check of campaigns linked to a product: open (one, the job's), openDue (the sweep's) */
    opening,
    /** Called after this process changed a campaign (published, closed, drawn, edited…). */
    onChange: changes.listen,
    lifecycle,
    results: createCampaignResults({ entries }),
    entering,
    moderation: createModeration({ entries, blocked, queries, lifecycle, audit }),
    quiz: createQuizService({ entries, serves }),
    polls: createPollService({ entries, entering, queries }),
    comments: createCommentEntryService({ campaigns, entries, pages, graph: app.graph, entering }),
    privacy: createPrivacyService({ campaigns, entries, serves, blocked, pseudonymKey }),
    reports: {
      /** The latest entries with their suspicious-entry signals. */
      withSignals: (campaign: Campaign, limit?: number) => entriesWithSignals(entries, campaign, limit),
      /** What the public verification page shows. */
      verification: (campaign: Campaign) => verificationOf(entries, campaign),
      /** The pseudonymised entry list of a drawn campaign, as a CSV stream. */
      entryList: (campaign: Campaign) => entryListStream(entries, campaign),
      /** The marketer's CSV of entries, for contacting winners. */
      contactExport: (campaign: Campaign) => contactExportStream(entries, campaign),
    },
  }
}

export type CampaignsModule = Awaited<ReturnType<typeof createCampaignsModule>>

declare module 'fastify' {
  interface FastifyInstance {
    campaigns: CampaignsModule
  }
}

export default defineModule({
  name: 'campaigns',
  core: moduleCore(
    'campaigns',
    ['store', 'queues', 'graph', 'audit', 'pages', 'shop', 'links'],
    async (app) => {
      const campaigns = await createCampaignsModule(app)
      app.decorate('campaigns', campaigns)
      // A moderator's "erase this commenter's data" also pseudonymises their comment entries.
      app.shop.customers.eraseEntriesWith({
        count: (_page, psid) => campaigns.privacy.commenterEntries(psid),
        erase: (_page, psid) => campaigns.privacy.eraseCommenter(psid),
      })
    },
  ),
  routes: [routes, publicRoutes, fanRoutes, apiRoutes],
})
