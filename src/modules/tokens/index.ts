// The API tokens module: personal bearer tokens for the JSON API (`app.tokens`).
import { defineModule, moduleCore } from '../module.js'
import { createTokenRepository } from './repository.js'
import tokenRoutes from './routes.js'
import { createTokenService, type TokenService } from './service.js'

declare module 'fastify' {
  interface FastifyInstance {
    tokens: TokenService
  }
}

export default defineModule({
  name: 'tokens',
  core: moduleCore('tokens', ['store', 'audit', 'team'], async (app) => {
    const repo = await createTokenRepository(app.store.connection)
    const tokens = createTokenService({ repo, team: app.team, audit: app.audit })
    app.team.onRemoved((memberId) => tokens.revokeAllOf(memberId))
    app.decorate('tokens', tokens)
  }),
  routes: [tokenRoutes],
})
