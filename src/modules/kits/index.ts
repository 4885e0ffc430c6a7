// The kits module: ambassador kits that employees share with their own tracked link (`app.kits`).
import { defineModule, moduleCore } from '../module.js'
import apiRoutes from './api-routes.js'
import { createKitFigures } from './figures.js'
import { createKitRepository } from './repository.js'
import routes from './routes.js'
import { createKits, type Kits } from './service.js'

declare module 'fastify' {
  interface FastifyInstance {
    kits: Kits
  }
}

export default defineModule({
  name: 'kits',
  core: moduleCore('kits', ['store', 'audit', 'team', 'pages', 'links', 'attribution'], async (app) => {
    const repo = await createKitRepository(app.store.connection)
    // Removed members keep their name on the figures of the kits they shared.
    const nameOf = async (ids: string[]) => {
      const members = await Promise.all(ids.map((id) => app.team.findMember(id).catch(() => null)))
      return new Map(members.flatMap((m) => (m ? [[m.id, m.name] as const] : [])))
    }
    const figures = createKitFigures({ repo, links: app.links, attribution: app.attribution, nameOf })
    app.decorate(
      'kits',
      createKits({
        repo,
        pages: app.pages,
        links: app.links,
        figures,
        audit: app.audit,
        dialog: { base: app.config.FACEBOOK_DIALOG_URL, appId: app.config.FACEBOOK_APP_ID },
        publicUrl: app.config.publicUrl,
      }),
    )
  }),
  routes: [routes, apiRoutes],
})
