import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { PROCESSORS } from '../../jobs/processors.js'
import { checkProcessors, type RunningWorker, startWorker } from '../../jobs/start-worker.js'
import { enqueue } from '../../src/queues.js'
import { adminWithDemoPage, control, DEMO_PAGE_ID, type Fanfare, startFanfare } from '../helpers/fanfare.js'
import { stored } from '../helpers/stored.js'

describe('worker: the job table', () => {
  it('refuses to start when a job in the table has no processor', () => {
    const { 'publish-post': _missing, ...rest } = PROCESSORS
    expect(() => checkProcessors(rest)).toThrow(/jobs without a processor: publish-post/)
  })

  it('refuses a processor for a job the table does not know', () => {
    expect(() => checkProcessors({ ...PROCESSORS, 'send-newsletter': PROCESSORS.backfill })).toThrow(
      /not in the job table: send-newsletter/,
    )
  })

  it('accepts the processors it ships with', () => {
    expect(() => checkProcessors(PROCESSORS)).not.toThrow()
  })
})

describe('worker: page token check', () => {
  let fanfare: Fanfare
  let worker: RunningWorker
  beforeAll(async () => {
    fanfare = await startFanfare({ POSTS_RECONCILE_EVERY_MS: '1000' })
    await adminWithDemoPage(fanfare)
    worker = await startWorker(fanfare.config, pino({ level: 'silent' }))
  })
  afterAll(async () => {
    await worker.close()
    await fanfare.close()
  })

  it('schedules the token check and the posts and shop reconcilers as one repeatable job each', async () => {
    const repeatable = await worker.queues.maintenance.getRepeatableJobs()
    expect(repeatable.map((j) => j.name).sort()).toEqual([
      'check-page-tokens',
      'reconcile-posts',
      'reconcile-shop',
    ])
  })

  it('schedules them again after Redis lost them, so the reconciler keeps running', async () => {
    const keys = await fanfare.app.redis.keys(`${fanfare.config.QUEUE_PREFIX}:maintenance:repeat*`)
    await fanfare.app.redis.del(...keys)
    expect(await worker.queues.maintenance.getRepeatableJobs()).toEqual([])
    await vi.waitFor(
      async () => {
        const names = (await worker.queues.maintenance.getRepeatableJobs()).map((j) => j.name)
        expect(names).toContain('reconcile-posts')
      },
      { timeout: 10_000, interval: 200 },
    )
  })

  it('marks a page whose token Facebook stopped accepting, through the real queue', async () => {
    const healthy = await enqueue(worker.queues, 'check-page-tokens', {})
    expect(await healthy.finished()).toEqual({ checked: 1, needsReconnect: [] })

    await control(fanfare.sandbox, 'POST', '/tokens/expire', { pageId: DEMO_PAGE_ID })
    const broken = await enqueue(worker.queues, 'check-page-tokens', {})
    expect(await broken.finished()).toEqual({ checked: 1, needsReconnect: [DEMO_PAGE_ID] })
    const page = await stored(fanfare.app).pages.findOne({ facebookPageId: DEMO_PAGE_ID }).lean()
    expect(page?.tokenStatus).toBe('needs_reconnect')
  })
})
