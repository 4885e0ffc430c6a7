// Builds the Fastify app: cross-cutting plugins first, then one plugin per module.
import Fastify, { type FastifyInstance } from 'fastify'
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Config } from './config.js'
import { loggerOptions } from './logger.js'
import healthRoutes from './modules/health/routes.js'
import homeRoutes from './modules/home/routes.js'
import errors from './plugins/errors.js'
import openapi from './plugins/openapi.js'
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

  await app.register(healthRoutes)
  await app.register(homeRoutes)

  await app.ready()
  return app
}
