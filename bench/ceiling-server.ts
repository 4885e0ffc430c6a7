// The same-run ceilings, each the least a correct answer costs on the same store, run through
// `serve()` (bench/services.ts) exactly as the Fanfare web process is: a process of its own, the
// same fork, the same load generator. `node ceiling-server.ts <kind>` with FANFARE_BENCH_ENV:
// - redirect: the HTTP floor of a redirect: every link read once at start into a Map, then per
//   request a lookup, the visitor HMAC and a 302 (no store on the request path at all)
// - entry: parse a form, insert one document with a unique (campaign, fan) index, 303 or 409
// - page: read the campaign by slug through the driver, answer a small HTML page
// - webhook: check X-Hub-Signature-256 over the raw body and insert the body once
import { createHash, createHmac } from 'node:crypto'
import Fastify from 'fastify'
import mongoose, { Types } from 'mongoose'
import { newEntryRef } from '../src/modules/campaigns/draw.js'
import { hasValidSignature } from '../src/modules/comments/webhook.js'
import { reportPort, whenDone } from './child-server.js'

const env = JSON.parse(process.env.FANFARE_BENCH_ENV as string) as Record<string, string>
const kind = process.argv[2]
const client = await new mongoose.mongo.MongoClient(env.MONGODB_URI as string).connect()
const db = client.db()
const app = Fastify({ logger: false, bodyLimit: 3 * 1024 * 1024 })
app.get('/readyz', async () => ({ ok: true }))

if (kind === 'redirect') {
  const targets = new Map<string, string>()
  for (const link of await db.collection('trackedlinks').find({}).toArray())
    targets.set(link.code as string, link.url as string)
  app.get<{ Params: { code: string } }>('/r/:code', async (request, reply) => {
    const url = targets.get(request.params.code)
    if (!url) return reply.code(404).send()
    const day = new Date().toISOString().slice(0, 10)
    void createHmac('sha256', day).update(request.ip).digest('base64url')
    return reply.redirect(url, 302)
  })
} else if (kind === 'entry') {
  const entries = db.collection('ceiling_entries')
  await entries.createIndex({ campaignId: 1, 'entrant.id': 1 }, { unique: true })
  const campaign = new Types.ObjectId()
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  )
  app.post('/enter', async (request, reply) => {
    const fanId = String(request.headers['x-forwarded-for'])
    const { country } = request.body as { country?: string }
    try {
      await entries.insertOne({
        campaignId: campaign,
        ref: newEntryRef(),
        entrant: { kind: 'app', id: fanId, name: '' },
        country: country ?? null,
        createdAt: new Date(),
      })
      return reply.code(303).header('location', '/c/ceiling').send()
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return reply.code(409).send('already entered')
      throw err
    }
  })
} else if (kind === 'page') {
  const campaigns = db.collection('campaigns')
  const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
  app.get<{ Params: { slug: string } }>('/c/:slug', async (request, reply) => {
    const doc = await campaigns.findOne({ slug: request.params.slug })
    if (!doc) return reply.code(404).send('not found')
    reply.type('text/html; charset=utf-8')
    return `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>${escapeHtml(doc.title?.nl ?? '')}</title></head><body><h1>${escapeHtml(doc.title?.nl ?? '')}</h1><p>${escapeHtml(doc.rules?.nl ?? '')}</p></body></html>`
  })
} else if (kind === 'webhook') {
  const secret = env.FACEBOOK_APP_SECRET as string
  const deliveries = db.collection<{ _id: string; body: string; receivedAt: Date }>('ceiling_deliveries')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  )
  app.post('/webhooks/facebook', async (request, reply) => {
    const raw = request.body as Buffer
    const signature = request.headers['x-hub-signature-256']
    if (!hasValidSignature(raw, Array.isArray(signature) ? signature[0] : signature, secret))
      return reply.code(401).send({ error: 'bad signature' })
    try {
      const _id = createHash('sha256').update(raw).digest('hex')
      await deliveries.insertOne({ _id, body: raw.toString('utf8'), receivedAt: new Date() })
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err
    }
    return { received: true }
  })
} else throw new Error(`unknown ceiling ${kind}`)

await app.listen({ host: '127.0.0.1', port: Number(env.PORT ?? 0) })
whenDone(async () => {
  await app.close()
  await client.close()
  return {}
})
await reportPort(app.server)
