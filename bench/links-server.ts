// The web process of bench:links, run through fork(): either the whole Fanfare app (`app`), or the
// same-run ceiling (`bare`): a bare Fastify route on the same store doing the least a correct
// redirect does (find the link by code through the driver, one `$inc` upsert, 302). Reports its port.
import { createHmac } from 'node:crypto'
import Fastify from 'fastify'
import mongoose from 'mongoose'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'

const send = (message: unknown) =>
  new Promise<void>((resolve) => (process.send as NonNullable<typeof process.send>)(message, () => resolve()))

async function bare(env: Record<string, string>) {
  const connection = await mongoose.createConnection(env.MONGODB_URI as string).asPromise()
  const links = connection.collection('trackedlinks')
  const clicks = connection.collection('linkclicks')
  const app = Fastify({ logger: false })
  app.get<{ Params: { code: string } }>('/r/:code', async (request, reply) => {
    const link = await links.findOne({ code: request.params.code })
    if (!link) return reply.code(404).send()
    const day = new Date().toISOString().slice(0, 10)
    const visitor = createHmac('sha256', day).update(request.ip).digest('base64url')
    void clicks
      .updateOne(
        { _id: `bare|${request.params.code}|${day}|${visitor}` as never },
        { $inc: { n: 1 } },
        { upsert: true },
      )
      .catch(() => {})
    return reply.redirect(link.url as string, 302)
  })
  await app.listen({ host: '127.0.0.1', port: Number(env.PORT) })
  return { app, close: () => app.close().then(() => connection.close()) }
}

async function main() {
  const env = JSON.parse(process.env.FANFARE_BENCH_ENV as string) as Record<string, string>
  const mode = process.argv[2]
  let server: { app: import('fastify').FastifyInstance; close(): Promise<unknown> }
  if (mode === 'bare') server = await bare(env)
  else {
    const app = await buildApp(loadConfig(env), { logger: false })
    await app.listen({ host: '127.0.0.1', port: Number(env.PORT) })
    server = { app, close: () => app.close() }
  }
  const address = server.app.server.address()
  process.on('message', async (message) => {
    if (message !== 'done') return
    await server.close()
    process.exit(0)
  })
  await send({ port: typeof address === 'object' && address ? address.port : 0 })
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
