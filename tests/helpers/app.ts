// Builds the real app against the real services for a test.
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.js'
import type { Config } from '../../src/config.js'
import { testConfig } from './config.js'

export async function buildTestApp(
  overrides: Record<string, string | undefined> = {},
): Promise<{ app: FastifyInstance; config: Config }> {
  const config = testConfig(overrides)
  const app = await buildApp(config, { logger: false })
  return { app, config }
}
