// The links module: tracked short links with Fanfare's UTM template and their click counts (`app.links`).
import { defineModule, moduleCore } from '../module.js'
import apiRoutes from './api-routes.js'
import { createClicks } from './clicks.js'
import redirectRoutes from './redirect-routes.js'
import { createLinkReport } from './report.js'
import { createLinkRepository } from './repository.js'
import { createTracking } from './tracking.js'

async function createLinksModule(app: import('fastify').FastifyInstance) {
  const repo = await createLinkRepository(app.store.connection)
  return {
    /** rewritePost, forCampaign, forKitPerson, shortUrl */
    tracking: createTracking({ repo, publicUrl: app.config.publicUrl }),
    /** follow (the redirect) */
    clicks: createClicks({ repo, secretKey: app.config.secretKey, log: app.log }),
    /** links with clicks, clicks per day */
    report: createLinkReport({ repo }),
  }
}

export type LinksModule = Awaited<ReturnType<typeof createLinksModule>>

declare module 'fastify' {
  interface FastifyInstance {
    links: LinksModule
  }
}

export default defineModule({
  name: 'links',
  core: moduleCore('links', ['store'], async (app) => {
    const links = await createLinksModule(app)
    app.decorate('links', links)
    // Clicks are written without holding up the redirect; closing waits until they are stored.
    app.addHook('onClose', () => links.clicks.drain())
  }),
  routes: [redirectRoutes, apiRoutes],
})
