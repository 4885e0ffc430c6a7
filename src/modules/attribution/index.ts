// The attribution module: shop orders from Facebook, attributed to the tracked link (post, campaign,
// kit, person) whose UTM they carry (`app.attribution`).
import { defineModule, moduleCore } from '../module.js'
import { createAttributionRepository } from './repository.js'
import { type Attribution, createAttribution } from './service.js'

declare module 'fastify' {
  interface FastifyInstance {
    attribution: Attribution
  }
}

export default defineModule({
  name: 'attribution',
  core: moduleCore('attribution', ['store', 'links'], async (app) => {
    const repo = await createAttributionRepository(app.store.connection)
    app.decorate('attribution', createAttribution({ repo, links: app.links }))
  }),
})
