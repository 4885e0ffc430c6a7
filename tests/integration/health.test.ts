import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// @ts-expect-error plain JavaScript module shared with the bootstrap script
import { startRedis } from '../../scripts/services.mjs'
import { buildTestApp } from '../helpers/app.js'

type Redis = { url: string; port: number; stop(): Promise<void> }

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await fn()
    if (ok(value) || Date.now() > deadline) return value
    await new Promise((r) => setTimeout(r, 200))
  }
}

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
    const ready = () => app.inject({ method: 'GET', url: '/readyz' })

    const before = await eventually(ready, (r) => r.statusCode === 200)
    expect(before.statusCode).toBe(200)
    expect(before.json()).toMatchObject({ status: 'ok', checks: { mongodb: 'up', redis: 'up' }, down: [] })

    await redis.stop()
    const during = await eventually(ready, (r) => r.statusCode === 503)
    expect(during.statusCode).toBe(503)
    expect(during.json()).toMatchObject({
      status: 'unavailable',
      checks: { mongodb: 'up', redis: 'down' },
      down: ['redis'],
    })

    redis = await startRedis({ dataDir, port: redis.port })
    const after = await eventually(ready, (r) => r.statusCode === 200)
    expect(after.statusCode).toBe(200)
    await app.close()
  })
})
