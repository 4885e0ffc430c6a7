// The comments module: webhook intake, the moderators' inbox and the barometer (`app.comments`).
import { defineModule, moduleCore } from '../module.js'
import apiRoutes from './api-routes.js'
import { createCommentApplier } from './apply.js'
import { createDeliveryApplier } from './apply-delivery.js'
import { createBarometer } from './barometer.js'
import { createBarometerRepository } from './barometer-repository.js'
import barometerRoutes from './barometer-routes.js'
import { createBulkModeration } from './bulk.js'
import { createPageClassifiers } from './classification.js'
import { createCommentRepository } from './comment-repository.js'
import { createCorrectionRepository } from './correction-repository.js'
import { createDeliveryRepository } from './delivery-repository.js'
import { createImportRepository } from './import-repository.js'
import { createImports } from './imports.js'
import { createInbox } from './inbox.js'
import { createInboxRepository } from './inbox-repository.js'
import { createWebhookIntake } from './intake.js'
import { createLiveFeed } from './live.js'
import { createModeration } from './moderation.js'
import routes from './routes.js'
import { createSavedReplies } from './saved-replies.js'
import { createCommentSettings } from './settings.js'
import { createSettingsRepository } from './settings-repository.js'
import { createVerdictCorrections } from './verdict-corrections.js'
import webhookRoutes from './webhook-routes.js'

async function createCommentsModule(app: import('fastify').FastifyInstance) {
  const { config, audit, pages, team, graph, queues } = app
  const connection = app.store.connection
  const [comments, inboxStore, deliveries, counters, settingsStore, importStore, corrections] =
    await Promise.all([
      createCommentRepository(connection),
      createInboxRepository(connection),
      createDeliveryRepository(connection),
      createBarometerRepository(connection),
      createSettingsRepository(connection),
      createImportRepository(connection),
      createCorrectionRepository(connection),
    ])
  const live = createLiveFeed(config.REDIS_URL, config.QUEUE_PREFIX)
  const classifiers = createPageClassifiers(settingsStore, corrections)
  const applier = createCommentApplier({ comments, counters, pages, classifiers, live })
  const inbox = createInbox({ inbox: inboxStore, pages, graph })
  const moderation = createModeration({
    comments,
    savedReplies: settingsStore,
    inbox,
    applier,
    audit,
    pages,
    team,
    graph,
  })
  const module = {
    intake: createWebhookIntake({ deliveries, queues, appSecret: config.FACEBOOK_APP_SECRET }),
    deliveries: createDeliveryApplier({ deliveries, counters, applier }),
    applier,
    inbox,
    moderation,
    /** assign, mark done or hide several comments, with a result per comment */
    bulk: createBulkModeration({ moderation, inbox }),
    savedReplies: createSavedReplies({ settings: settingsStore, audit }),
    settings: createCommentSettings({
      settings: settingsStore,
      classifiers,
      inbox: inboxStore,
      counters,
      applier,
      audit,
      pages,
      queues,
    }),
    imports: createImports({ imports: importStore, counters, applier, pages, graph, live, queues }),
    barometer: createBarometer({ counters, inbox: inboxStore, wordsOf: classifiers.wordsOf }),
    verdicts: createVerdictCorrections({ corrections, inbox, pages, applier, counters, audit }),
    live,
  }
  pages.onConnected((page) => module.imports.onPageConnected(page))
  app.addHook('onClose', () => live.close())
  return module
}

export type CommentsModule = Awaited<ReturnType<typeof createCommentsModule>>

declare module 'fastify' {
  interface FastifyInstance {
    comments: CommentsModule
  }
}

export default defineModule({
  name: 'comments',
  core: moduleCore(
    'comments',
    ['store', 'queues', 'graph', 'audit', 'team', 'pages', 'campaigns'],
    async (app) => {
      app.decorate('comments', await createCommentsModule(app))
    },
  ),
  routes: [webhookRoutes, routes, apiRoutes, barometerRoutes],
})
