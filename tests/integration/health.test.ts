import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
// @ts-expect-error plain JavaScript module shared with the bootstrap script
import { startRedis } from '../../scripts/services.mjs'
import { buildTestApp } from '../helpers/app.js'

type Redis = { url: string; port: number; stop(): Promise<void> }

describe('health', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fanfare-health-'))
  let redis: Redis

  beforeAll(async () => {
    redis = await startRedis({ dataDir })
  })
  afterAll(async () => {
    await redis.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('answers /healthz while the process is alive', async () => {
    const { app } = await buildTestApp()
    const res = await app.inject({ method: 'GET', url: '/healthz' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ok' })
    await app.close()
  })

  it('reports Redis down on /readyz while it is stopped and recovers when it returns', async () => {
    const { app } = await buildTestApp({ REDIS_URL: redis.url })
    // Reconnecting takes a moment, so wait for the expected answer before asserting on it.
    const ready = (statusCode: number) =>
      vi.waitFor(
        async () => {
          const res = await app.inject({ method: 'GET', url: '/readyz' })
          if (res.statusCode !== statusCode) throw new Error(`readyz answered ${res.statusCode}`)
          return res
        },
        { timeout: 15_000, interval: 200 },
      )

    const before = await ready(200)
    expect(before.statusCode).toBe(200)
    expect(before.json()).toMatchObject({ status: 'ok', checks: { mongodb: 'up', redis: 'up' }, down: [] })

    await redis.stop()
    const during = await ready(503)
    expect(during.statusCode).toBe(503)
    expect(during.json()).toMatchObject({
      status: 'unavailable',
      checks: { mongodb: 'up', redis: 'down' },
      down: ['redis'],
    })

    redis = await startRedis({ dataDir, port: redis.port })
    const after = await ready(200)
    expect(after.statusCode).toBe(200)
    await app.close()
  })
})
