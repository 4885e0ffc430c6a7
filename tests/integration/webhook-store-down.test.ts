// Meta retries a webhook it did not get a 2xx for; it never retries one Fanfare acknowledged. So the
// acknowledgement must wait until the delivery is durably stored.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PAGE_ID } from '../../sandbox/seed.js'
// @ts-expect-error plain JavaScript module shared with the bootstrap script
import { startMongo } from '../../scripts/services.mjs'
import { feedBody, postWebhook } from '../helpers/comments.js'
import { type Fanfare, startFanfare } from '../helpers/fanfare.js'

type Store = { url: string; stop(): Promise<void> }

describe('webhook while the store is down', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fanfare-store-down-'))
  let store: Store
  let fanfare: Fanfare

  beforeAll(async () => {
    // A store of this test's own, so stopping it leaves the rest of the suite alone.
    store = await startMongo({ dataDir })
    fanfare = await startFanfare({ MONGODB_URI: `${store.url}/fanfare_store_down` })
  })
  afterAll(async () => {
    await fanfare.close()
    await store.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const delivery = (commentId: string) =>
    feedBody(DEMO_PAGE_ID, [
      {
        verb: 'add',
        comment_id: commentId,
        post_id: `${DEMO_PAGE_ID}_1`,
        created_time: Math.floor(Date.now() / 1000),
        message: 'Waar blijft mijn pakket?',
        from: { id: '6754321098765432', name: 'Sanne de Vries' },
      },
    ])

  it('acknowledges a delivery once it is stored', async () => {
    const res = await postWebhook(fanfare, delivery(`${DEMO_PAGE_ID}_1_100`))
    expect(res.status).toBe(200)
  })

  it('answers 503 with Retry-After, not 200, when the delivery cannot be stored', async () => {
    await store.stop()
    const res = await postWebhook(fanfare, delivery(`${DEMO_PAGE_ID}_1_101`))
    expect(res.status).toBe(503)
    expect(res.headers['retry-after']).toBeDefined()
  })
})
