// The home page (what needs doing, per role), the language switch, and the slot other modules
// fill on the home (`app.home.sections`).
import { defineModule, moduleCore } from '../module.js'
import homeRoutes from './routes.js'
import { createHomeSections, type HomeSections } from './sections.js'

declare module 'fastify' {
  interface FastifyInstance {
    home: { sections: HomeSections }
  }
}

export default defineModule({
  name: 'home',
  core: moduleCore('home', [], (app) => {
    app.decorate('home', { sections: createHomeSections() })
  }),
  routes: [homeRoutes],
})
