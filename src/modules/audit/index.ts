// The audit log module: every module records what changed a page through `app.audit`.
import { defineModule, moduleCore } from '../module.js'
import { createAuditRepository } from './repository.js'
import auditRoutes from './routes.js'
import { type AuditLog, createAuditLog } from './service.js'

declare module 'fastify' {
  interface FastifyInstance {
    audit: AuditLog
  }
}

export default defineModule({
  name: 'audit',
  core: moduleCore('audit', ['store'], async (app) => {
    app.decorate('audit', createAuditLog(await createAuditRepository(app.store.connection)))
  }),
  routes: [auditRoutes],
})
