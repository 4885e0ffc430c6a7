// The campaigns module: fan-only contests, quizzes and polls with a verifiable draw (`app.campaigns`).
import { hkdfSync } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { legacyModels } from '../../models.js'
import { createSecretBox } from '../../security/secret-box.js'
import { defineModule, moduleCore } from '../module.js'
import apiRoutes from './api-routes.js'
import { createCommentEntryService } from './comment-entries.js'
import { createEntryService } from './entries.js'
import fanRoutes from './fan-routes.js'
import { createPollService } from './poll.js'
import { createPrivacyService } from './privacy.js'
import publicRoutes from './public-routes.js'
import { createQuizService } from './quiz.js'
import routes from './routes.js'
import { createCampaignService } from './service.js'

const derivedKey = (secret: Buffer, info: string) =>
  Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), info, 32))

async function createCampaignsModule(app: FastifyInstance) {
  const models = await legacyModels(app.store.connection)
  const { secretKey } = app.config
  const service = createCampaignService({
    models,
    audit: app.audit,
    pages: app.pages,
    seeds: createSecretBox(secretKey, 'campaign draw seeds'),
  })
  const pseudonymKey = derivedKey(secretKey, 'fanfare entrant pseudonyms')
  const entries = createEntryService({
    models,
    audit: app.audit,
    campaigns: service,
    originKey: derivedKey(secretKey, 'fanfare entry origins'),
    pseudonymKey,
  })
  return {
    service,
    entries,
    quiz: createQuizService({ models }),
    polls: createPollService({ models, entries }),
    comments: createCommentEntryService({ models, pages: app.pages, graph: app.graph, entries }),
    privacy: createPrivacyService({ models, pseudonymKey }),
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
  core: moduleCore('campaigns', ['store', 'queues', 'graph', 'audit', 'pages'], async (app) => {
    app.decorate('campaigns', await createCampaignsModule(app))
  }),
  routes: [routes, publicRoutes, fanRoutes, apiRoutes],
})
