// The team module: members, roles and invitations (`app.team`).
import { createSecretBox } from '../../security/secret-box.js'
import { defineModule, moduleCore } from '../module.js'
import { createTeamRepository } from './repository.js'
import teamRoutes from './routes.js'
import { createTeamService, type TeamService } from './service.js'

declare module 'fastify' {
  interface FastifyInstance {
    team: TeamService
  }
}

export default defineModule({
  name: 'team',
  core: moduleCore('team', ['store', 'audit'], async (app) => {
    const repo = await createTeamRepository(app.store.connection)
    const userTokens = createSecretBox(app.config.secretKey, 'user tokens')
    app.decorate('team', createTeamService({ repo, audit: app.audit, userTokens }))
  }),
  routes: [teamRoutes],
})
