// The web app and the worker side by side (as two processes would be), plus signed webhook deliveries.
import { createHmac } from 'node:crypto'
import pino from 'pino'
import supertest from 'supertest'
import { vi } from 'vitest'
import { type RunningWorker, startWorker } from '../../jobs/start-worker.js'
import { stored } from '../helpers/stored.js'
import { TEST_APP_SECRET } from './config.js'
import { type Fanfare, startFanfare } from './fanfare.js'

export type FanfareWithWorker = Fanfare & { worker: RunningWorker }

export async function startFanfareWithWorker(
  overrides: Record<string, string | undefined> = {},
): Promise<FanfareWithWorker> {
  const fanfare = await startFanfare(overrides)
  const worker = await startWorker(fanfare.config, pino({ level: 'silent' }))
  return {
    ...fanfare,
    worker,
    async close() {
      await worker.close()
      await fanfare.close()
    },
  }
}

export function sign(body: string, secret = TEST_APP_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
}

export type Change = {
  verb: string
  comment_id: string
  post_id: string
  created_time: number
  message?: string
  parent_id?: string
  from?: { id: string; name: string }
}

export function feedBody(pageId: string, changes: Change[]): string {
  return JSON.stringify({
    object: 'page',
    entry: [
      {
        id: pageId,
        time: Math.floor(Date.now() / 1000),
        changes: changes.map((value) => ({ field: 'feed', value: { item: 'comment', ...value } })),
      },
    ],
  })
}

export function postWebhook(fanfare: Fanfare, body: string, signature = sign(body)) {
  return supertest(fanfare.app.server)
    .post('/webhooks/facebook')
    .set('content-type', 'application/json')
    .set('x-hub-signature-256', signature)
    .send(body)
}

/** Waits until the comment exists and `check` holds for it. */
export async function waitForComment(
  fanfare: Fanfare,
  facebookCommentId: string,
  // biome-ignore lint/suspicious/noExplicitAny: stored documents are inspected freely
  check: (comment: any) => boolean = () => true,
) {
  return vi.waitFor(
    async () => {
      const comment = await stored(fanfare.app).comments.findOne({ facebookCommentId }).lean()
      if (!comment || !check(comment)) throw new Error(`comment ${facebookCommentId} not there yet`)
      return comment
    },
    { timeout: 15_000, interval: 50 },
  )
}
