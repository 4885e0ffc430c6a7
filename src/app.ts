// Builds the Fastify app: cross-cutting plugins first, then one plugin per module.
import Fastify, { type FastifyInstance } from 'fastify'
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Config } from './config.js'
import { loggerOptions } from './logger.js'
import auditRoutes from './modules/audit/routes.js'
import authRoutes from './modules/auth/routes.js'
import campaignApiRoutes from './modules/campaigns/api-routes.js'
import campaignFanRoutes from './modules/campaigns/fan-routes.js'
import campaignPublicRoutes from './modules/campaigns/public-routes.js'
import campaignRoutes from './modules/campaigns/routes.js'
import commentApiRoutes from './modules/comments/api-routes.js'
import barometerRoutes from './modules/comments/barometer-routes.js'
import commentRoutes from './modules/comments/routes.js'
import commentWebhookRoutes from './modules/comments/webhook-routes.js'
import healthRoutes from './modules/health/routes.js'
import homeRoutes from './modules/home/routes.js'
import pageRoutes from './modules/pages/routes.js'
import postApiRoutes from './modules/posts/api-routes.js'
import postRoutes from './modules/posts/routes.js'
import teamRoutes from './modules/team/routes.js'
import tokenRoutes from './modules/tokens/routes.js'
import auth, { requireAccessDeclaration } from './plugins/auth.js'
import errors from './plugins/errors.js'
import openapi from './plugins/openapi.js'
import queueDashboard from './plugins/queue-dashboard.js'
import security from './plugins/security.js'
import services from './plugins/services.js'
import views from './plugins/views.js'

export type AppOptions = { logger?: boolean }

export async function buildApp(config: Config, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger === false ? false : loggerOptions(config.LOG_LEVEL),
    trustProxy: config.TRUST_PROXY,
    bodyLimit: 1024 * 1024,
    requestIdHeader: false,
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)

  await app.register(services, { config })
  await app.register(openapi)
  await app.register(security)
  await app.register(views)
  await app.register(errors)
  await app.register(auth)

  // Every module route must declare who may use it; the modules share nothing else.
  await app.register(async (modules) => {
    modules.addHook('onRoute', requireAccessDeclaration)
    await modules.register(healthRoutes)
    await modules.register(homeRoutes)
    await modules.register(authRoutes)
    await modules.register(teamRoutes)
    await modules.register(tokenRoutes)
    await modules.register(pageRoutes)
    await modules.register(auditRoutes)
    await modules.register(postRoutes)
    await modules.register(postApiRoutes)
    await modules.register(campaignRoutes)
    await modules.register(campaignPublicRoutes)
    await modules.register(campaignFanRoutes)
    await modules.register(campaignApiRoutes)
    await modules.register(commentWebhookRoutes)
    await modules.register(commentRoutes)
    await modules.register(commentApiRoutes)
    await modules.register(barometerRoutes)
  })

  await app.register(queueDashboard)

  await app.ready()
  return app
}
