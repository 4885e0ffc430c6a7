// The MongoDB connection for this process; repositories compile their models on it.
import fp from 'fastify-plugin'
import type { Config } from '../config.js'
import { connectStore, type Store } from '../store.js'

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    store: Store
  }
}

export default fp(
  async (app, opts: { config: Config }) => {
    app.decorate('config', opts.config)
    const store = await connectStore(opts.config.MONGODB_URI)
    app.decorate('store', store)
    app.addHook('onClose', () => store.close())
  },
  { name: 'store' },
)
