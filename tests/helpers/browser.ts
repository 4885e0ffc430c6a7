// Browser tests: Debian's chromium through playwright-core, and Fanfare listening on a real port
// with its own sandbox Graph server, so the browser can follow redirects to the sandbox dialog.

import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { type Browser, chromium, type Locator, type Page } from 'playwright-core'
import { expect } from 'vitest'
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

/** The two screens the browser tests look at: a desktop and a phone. */
export const SCREENS = [
  { name: 'desktop', viewport: { width: 1366, height: 768 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const

/** A screenshot into $SCREENSHOT_DIR when it is set (of the whole page, or of one part of it). */
export async function shoot(target: Page | Locator, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR
  if (!dir) return
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `${name}.png`)
  if ('goto' in target) await target.screenshot({ path, fullPage: true })
  else await target.screenshot({ path })
}

/** No sideways scrolling: the page is no wider than the screen (naming what sticks out, when it is). */
export async function expectFits(page: Page, width: number): Promise<void> {
  const scrollWidth = Number(await page.evaluate('document.documentElement.scrollWidth'))
  if (scrollWidth <= width) return
  const wide = await page.evaluate(
    `[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > ${width} + 1)
      .map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).split(' ').join('.') : '') + ' ' + Math.round(e.getBoundingClientRect().right))
      .slice(0, 8)`,
  )
  expect({ scrollWidth, wide }).toEqual({ scrollWidth: width, wide: [] })
}
