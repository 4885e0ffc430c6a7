// The web process: load the configuration, build the app, listen, close gracefully.
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { ConfigError, loadConfig, loadDotEnv } from './config.js'
import { connectSandboxDemo } from './modules/shop/sandbox-demo.js'

async function main() {
  loadDotEnv()
  const config = loadConfig()
  const app = await buildApp(config)
  closeWithGrace({ delay: config.SHUTDOWN_TIMEOUT_MS }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'closing after an error')
    else app.log.info({ signal }, 'closing: finishing in-flight requests')
    await app.close()
  })
  await app.listen({ host: config.HOST, port: config.PORT })
  app.log.info(`Fanfare web server ready at ${config.publicUrl}`)
  if (config.SHOP_SANDBOX_URL) {
    // npm start without a shop: the sandbox shop's demo store, connected once.
    const sandboxUrl = config.SHOP_SANDBOX_URL
    connectSandboxDemo(app.shop.connections, { sandboxUrl, publicUrl: config.publicUrl }).then(
      (demo) =>
        demo.connectionId
          ? app.log.info(
              { connectionId: demo.connectionId, healthy: demo.healthy },
              'the sandbox shop’s demo store is connected',
            )
          : app.log.info('the sandbox shop’s demo store was removed by an admin; not connecting it again'),
      (err) => app.log.warn({ err: err.message }, 'could not connect the sandbox shop’s demo store'),
    )
  }
}

main().catch((err) => {
  if (err instanceof ConfigError) {
    console.error(err.message)
  } else {
    console.error('Fanfare could not start:', err instanceof Error ? err.message : err)
  }
  process.exit(1)
})
