// bench:comments' ceiling: a bare Fastify endpoint that does the least a webhook must — check the
// same X-Hub-Signature-256 and insert the raw body — on the same store, in a process of its own.
// Env: PORT, MONGODB_URI, FACEBOOK_APP_SECRET. Answers GET /readyz once connected.
import { createHash } from 'node:crypto'
import Fastify from 'fastify'
import mongoose from 'mongoose'
import { hasValidSignature } from '../src/modules/comments/webhook.js'

const { PORT, MONGODB_URI, FACEBOOK_APP_SECRET } = process.env
if (!PORT || !MONGODB_URI || !FACEBOOK_APP_SECRET)
  throw new Error('PORT, MONGODB_URI and FACEBOOK_APP_SECRET')

const client = await new mongoose.mongo.MongoClient(MONGODB_URI).connect()
const deliveries = client
  .db()
  .collection<{ _id: string; body: string; receivedAt: Date }>('ceiling_deliveries')
const app = Fastify({ bodyLimit: 3 * 1024 * 1024 })
app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
  done(null, body),
)
app.get('/readyz', async () => ({ ok: true }))
app.post('/webhooks/facebook', async (request, reply) => {
  const raw = request.body as Buffer
  const signature = request.headers['x-hub-signature-256']
  if (!hasValidSignature(raw, Array.isArray(signature) ? signature[0] : signature, FACEBOOK_APP_SECRET))
    return reply.code(401).send({ error: 'bad signature' })
  try {
    const _id = createHash('sha256').update(raw).digest('hex')
    await deliveries.insertOne({ _id, body: raw.toString('utf8'), receivedAt: new Date() })
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err
  }
  return { received: true }
})
const close = async () => {
  await app.close()
  await client.close()
  process.exit(0)
}
process.on('SIGTERM', close)
await app.listen({ host: '127.0.0.1', port: Number(PORT) })
