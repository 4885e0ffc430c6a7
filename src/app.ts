// Builds the web app: the core (store, queues, Graph, every module's use cases), then the
// cross-cutting HTTP plugins, then every module's routes.
import Fastify, { type FastifyInstance } from 'fastify'
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Config } from './config.js'
import { core } from './core.js'
import { loggerOptions } from './logger.js'
import { MODULES } from './modules/index.js'
import auth, { requireAccessDeclaration } from './plugins/auth.js'
import canonicalOrigin from './plugins/canonical-origin.js'
import errors from './plugins/errors.js'
import openapi from './plugins/openapi.js'
import queueDashboard from './plugins/queue-dashboard.js'
import security from './plugins/security.js'
import views from './plugins/views.js'

export type AppOptions = {
  logger?: boolean
  /** Where the log goes instead of stdout (tests read what a real log would hold). */
  logStream?: { write(line: string): void }
}

export async function buildApp(config: Config, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : opts.logStream
          ? { ...loggerOptions(config.LOG_LEVEL), stream: opts.logStream }
          : loggerOptions(config.LOG_LEVEL, config.logFormat),
    trustProxy: config.TRUST_PROXY,
    bodyLimit: 1024 * 1024,
    requestIdHeader: false,
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)

  await app.register(canonicalOrigin, {
    publicUrl: config.publicUrl,
    strict: config.NODE_ENV === 'production',
  })
  await app.register(core, { config })
  await app.register(openapi)
  await app.register(security)
  await app.register(views)
  await app.register(errors)
  await app.register(auth)

  // Every module route must declare who may use it; the modules share nothing else.
  await app.register(async (routes) => {
    routes.addHook('onRoute', requireAccessDeclaration)
    for (const module of MODULES) for (const plugin of module.routes ?? []) await routes.register(plugin)
  })

  await app.register(queueDashboard)

  await app.ready()
  return app
}
