// The worker process: connect, register one processor per queue, close gracefully.
import { setPriority } from 'node:os'
import closeWithGrace from 'close-with-grace'
import pino from 'pino'
import { ConfigError, loadConfig, loadDotEnv } from '../src/config.js'
import { loggerOptions } from '../src/logger.js'
import { startWorker } from './start-worker.js'

async function main() {
  loadDotEnv()
  const config = loadConfig()
  const log = pino(loggerOptions(config.LOG_LEVEL, config.logFormat) as pino.LoggerOptions).child({
    process: 'worker',
  })
  // Where web and worker share cores, the web's answers (a webhook's acknowledgement, a fan's
  // entry) come first: the worker's jobs are queued work that can wait a few milliseconds.
  try {
    setPriority(10)
  } catch {
    // Not allowed here (some containers): the same priority as the web process, as before.
  }
  const worker = await startWorker(config, log)
  closeWithGrace({ delay: config.SHUTDOWN_TIMEOUT_MS }, async ({ signal, err }) => {
    if (err) log.error({ err }, 'closing after an error')
    else log.info({ signal }, 'closing: letting running jobs finish')
    await worker.close()
  })
  log.info('Fanfare worker ready')
}

main().catch((err) => {
  console.error(
    err instanceof ConfigError ? err.message : `Fanfare worker could not start: ${err?.message ?? err}`,
  )
  process.exit(1)
})
