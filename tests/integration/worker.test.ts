import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningWorker, startWorker } from '../../jobs/start-worker.js'
import { MAINTENANCE_JOBS } from '../../src/queues.js'
import { adminWithDemoPage, control, DEMO_PAGE_ID, type Fanfare, startFanfare } from '../helpers/fanfare.js'

describe('worker: page token check', () => {
  let fanfare: Fanfare
  let worker: RunningWorker
  beforeAll(async () => {
    fanfare = await startFanfare()
    await adminWithDemoPage(fanfare)
    worker = await startWorker(fanfare.config, pino({ level: 'silent' }))
  })
  afterAll(async () => {
    await worker.close()
    await fanfare.close()
  })

  it('schedules the check as one repeatable job', async () => {
    const repeatable = await worker.queues.maintenance.getRepeatableJobs()
    expect(repeatable.map((j) => j.name)).toEqual([MAINTENANCE_JOBS.checkPageTokens.name])
  })

  it('marks a page whose token Facebook stopped accepting, through the real queue', async () => {
    const healthy = await worker.queues.maintenance.add(MAINTENANCE_JOBS.checkPageTokens.name, {})
    expect(await healthy.finished()).toEqual({ checked: 1, needsReconnect: [] })

    await control(fanfare.sandbox, 'POST', '/tokens/expire', { pageId: DEMO_PAGE_ID })
    const broken = await worker.queues.maintenance.add(MAINTENANCE_JOBS.checkPageTokens.name, {})
    expect(await broken.finished()).toEqual({ checked: 1, needsReconnect: [DEMO_PAGE_ID] })
    const page = await fanfare.app.db.models.pages.findOne({ facebookPageId: DEMO_PAGE_ID }).lean()
    expect(page?.tokenStatus).toBe('needs_reconnect')
  })
})
