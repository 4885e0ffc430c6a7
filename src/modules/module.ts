// What a module is: a named core plugin that decorates the app with its use cases (declaring the
// plugins and modules it needs), and the route plugins the web process registers. The worker and
// scripts load cores only.
import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'

/** Test seams a module may honour; production passes none. */
export type ModuleSeams = {
  /** Runs right after the publisher's Graph call, before the result is written (see publisher.ts). */
  afterGraphCall?: (postId: string) => Promise<void> | void
}

export type ModuleCore = FastifyPluginAsync<{ seams: ModuleSeams }>

export type FanfareModule = {
  name: string
  /** Decorates the app with the module's API; registers no routes. */
  core?: ModuleCore
  /** Route plugins, each declaring its access per route (see plugins/auth.ts). */
  routes?: FastifyPluginAsync[]
}

export const defineModule = (module: FanfareModule): FanfareModule => module

/**
 * A module's core: a fastify-plugin named after the module, so fastify refuses to start when a
 * dependency (infrastructure such as 'store', or another module) is not registered before it.
 */
export function moduleCore(
  name: string,
  dependencies: string[],
  setup: (app: FastifyInstance, seams: ModuleSeams) => Promise<void> | void,
): ModuleCore {
  return fp(async (app: FastifyInstance, opts: { seams: ModuleSeams }) => setup(app, opts.seams ?? {}), {
    name,
    dependencies,
  })
}
