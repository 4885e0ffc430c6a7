// The Fanfare web process of a benchmark, run through `serve()` (bench/services.ts): the whole app
// from FANFARE_BENCH_ENV, listening on its PORT (or any free port), in a process of its own so the
// load generator never shares its event loop. It samples its RSS every 50 ms from the moment it is
// ready (after a GC when run with --expose-gc, so "before" is the idle process) and reports
// { rssBefore, peak, maxRss, idleRss } on 'done' before closing.
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { reportPort, whenDone } from './child-server.js'

const env = JSON.parse(process.env.FANFARE_BENCH_ENV as string) as Record<string, string>
const app = await buildApp(loadConfig(env), { logger: false })
await app.listen({ host: '127.0.0.1', port: Number(env.PORT ?? 0) })
globalThis.gc?.()
const rssBefore = process.memoryUsage().rss
let peak = rssBefore
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss)
}, 50)
whenDone(async () => {
  clearInterval(sampler)
  peak = Math.max(peak, process.memoryUsage().rss)
  const report = { rssBefore, peak, maxRss: process.resourceUsage().maxRSS * 1024 }
  await app.close()
  return report
})
await reportPort(app.server)
