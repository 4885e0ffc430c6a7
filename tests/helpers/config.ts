// A valid configuration for tests, each caller getting its own database and queue prefix.
import { randomBytes, randomUUID } from 'node:crypto'
import { inject } from 'vitest'
import { type Config, loadConfig } from '../../src/config.js'

export const TEST_APP_ID = '1234567890'
export const TEST_APP_SECRET = 'sandbox-app-secret-for-tests'

/** The environment of a test app: own database name and queue prefix so test files never collide. */
export function testEnv(
  overrides: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  const id = randomUUID().slice(0, 8)
  const mongoUrl = new URL(inject('mongoUrl'))
  mongoUrl.pathname = `/fanfare_test_${id}`
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    MONGODB_URI: mongoUrl.toString(),
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: `test_${id}`,
    FANFARE_SECRET_KEY: randomBytes(32).toString('base64'),
    FACEBOOK_APP_ID: TEST_APP_ID,
    FACEBOOK_APP_SECRET: TEST_APP_SECRET,
    WEBHOOK_VERIFY_TOKEN: 'verify-token-for-tests',
    ...overrides,
  }
}

export function testConfig(overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig(testEnv(overrides))
}
