// One origin: a request that reached Fanfare under another name is sent to PUBLIC_URL before
// anything else happens (no session, no cookie, no OAuth state is created under the wrong host).
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])

/** Paths that load balancers and Meta call by whatever address they know. */
const ANY_HOST = ['/healthz', '/readyz', '/webhooks/']

export default fp(
  async (app: FastifyInstance, opts: { publicUrl: string; strict: boolean }) => {
    const canonical = new URL(opts.publicUrl)
    app.addHook('onRequest', async (request, reply) => {
      const { host, hostname } = request
      if (!host || host === canonical.host || ANY_HOST.some((p) => request.url.startsWith(p))) return
      const port = String(request.port ?? (canonical.protocol === 'https:' ? 443 : 80))
      const canonicalPort = canonical.port || (canonical.protocol === 'https:' ? '443' : '80')
      // The same listener under another loopback name: 127.0.0.1:3000 for localhost:3000.
      const sameMachine = LOOPBACK.has(hostname) && LOOPBACK.has(canonical.hostname) && port === canonicalPort
      // Locally, localhost and 127.0.0.1 are one place under two names; in production every other
      // name (an IP address, an old domain) is sent to the public one.
      if (!sameMachine && !opts.strict) return
      return reply.redirect(new URL(request.url, canonical).toString(), 308)
    })
  },
  { name: 'canonical-origin' },
)
