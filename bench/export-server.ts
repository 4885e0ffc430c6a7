// A fresh web process for bench:campaigns' export figure: the same app on the same store, started
// after the benchmark's own bulk insert, so its RSS is what serving the export costs and not what
// inserting a million entries left behind. Run by bench/campaigns.ts through fork() with the same
// heap cap; it reports its port, then on 'done' its RSS before the export and the peak during it.
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'

const send = (message: unknown) =>
  new Promise<void>((resolve) => (process.send as NonNullable<typeof process.send>)(message, () => resolve()))

async function main() {
  const env = JSON.parse(process.env.FANFARE_BENCH_ENV as string) as Record<string, string>
  const config = loadConfig(env)
  const app = await buildApp(config, { logger: false })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  // Settle start-up garbage so "before" is the idle process, then sample every 50 ms.
  globalThis.gc?.()
  const rssBefore = process.memoryUsage().rss
  let peak = rssBefore
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 50)
  process.on('message', async (message) => {
    if (message !== 'done') return
    clearInterval(sampler)
    peak = Math.max(peak, process.memoryUsage().rss)
    await send({ rssBefore, peak, maxRss: process.resourceUsage().maxRSS * 1024 })
    await app.close()
    process.exit(0)
  })
  await send({ port })
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
