// What the web and the worker process share: config, store, Redis and queues, the Graph client, and
// every module's core (its use cases decorated on the app). The web adds HTTP and routes on top.

import Fastify, { type FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from './config.js'
import { loggerOptions } from './logger.js'
import { MODULES } from './modules/index.js'
import type { ModuleSeams } from './modules/module.js'
import graph from './plugins/graph.js'
import queues from './plugins/queues.js'
import store from './plugins/store.js'

export type CoreOptions = { config: Config; seams?: ModuleSeams }

/** Registers the infrastructure and every module's core on `app`. */
export const core = fp(
  async (app, opts: CoreOptions) => {
    await app.register(store, { config: opts.config })
    await app.register(queues)
    await app.register(graph)
    for (const module of MODULES) {
      if (module.core) await app.register(module.core, { seams: opts.seams ?? {} })
    }
  },
  { name: 'core' },
)

/** A Fastify instance with the core only, for the worker and for scripts; it never listens. */
export async function buildCore(
  config: Config,
  opts: { logger?: import('pino').Logger | false; seams?: ModuleSeams } = {},
): Promise<FastifyInstance> {
  const app = (opts.logger
    ? Fastify({ loggerInstance: opts.logger })
    : Fastify({
        logger: opts.logger === false ? false : loggerOptions(config.LOG_LEVEL, config.logFormat),
      })) as unknown as FastifyInstance
  await app.register(core, { config, seams: opts.seams })
  await app.ready()
  return app
}
