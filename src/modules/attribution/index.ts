// The attribution module: shop orders from Facebook, attributed to the tracked link (post, campaign,
// kit, person) whose UTM they carry (`app.attribution`).
import { defineModule, moduleCore } from '../module.js'
import apiRoutes from './api-routes.js'
import { createAttributionRepository } from './repository.js'
import { type Attribution, createAttribution } from './service.js'
import { createOrderSync, type OrderSync } from './sync.js'

declare module 'fastify' {
  interface FastifyInstance {
    attribution: Attribution & { sync: OrderSync }
  }
}

export default defineModule({
  name: 'attribution',
  core: moduleCore('attribution', ['store', 'links', 'shop'], async (app) => {
    const repo = await createAttributionRepository(app.store.connection)
    const attribution = createAttribution({ repo, links: app.links })
    const sync = createOrderSync({ shop: app.shop, attribution, log: app.log })
    sync.listen()
    app.decorate('attribution', { ...attribution, sync })
  }),
  routes: [apiRoutes],
})
