// Browser tests: Debian's chromium through playwright-core, and Fanfare listening on a real port
// with its own sandbox Graph server, so the browser can follow redirects to the sandbox dialog.
import type { FastifyInstance } from 'fastify'
import { type Browser, chromium } from 'playwright-core'
import { type StartedSandbox, startSandbox } from '../../sandbox/app.js'
// @ts-expect-error plain JavaScript module shared with the bootstrap script
import { freePort } from '../../scripts/services.mjs'
import { buildApp } from '../../src/app.js'
import type { Config } from '../../src/config.js'
import { TEST_APP_ID, TEST_APP_SECRET, testConfig } from './config.js'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Never a downloaded browser: the one the machine has. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

export type ListeningFanfare = {
  app: FastifyInstance
  config: Config
  sandbox: StartedSandbox
  baseUrl: string
  close(): Promise<void>
}

export async function startListeningFanfare(
  overrides: Record<string, string | undefined> = {},
): Promise<ListeningFanfare> {
  const sandbox = await startSandbox({ appId: TEST_APP_ID, appSecret: TEST_APP_SECRET })
  const port: number = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const config = testConfig({
    GRAPH_BASE_URL: sandbox.url,
    FACEBOOK_DIALOG_URL: sandbox.url,
    PUBLIC_URL: baseUrl,
    ...overrides,
  })
  const app = await buildApp(config, { logger: false })
  await app.listen({ host: '127.0.0.1', port })
  return {
    app,
    config,
    sandbox,
    baseUrl,
    async close() {
      await app.close()
      await sandbox.close()
    },
  }
}
