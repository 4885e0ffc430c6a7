// Fans log in to campaigns with public_profile only: the sandbox answers /me with the app-scoped id,
// which differs from the page-scoped id their comments carry (GRAPH_API.md §7).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StartedSandbox } from '../../sandbox/app.js'
import { DEMO_FANS } from '../../sandbox/seed.js'
import {
  DEMO_PAGE_ID,
  dialog,
  graph,
  pkcePair,
  REDIRECT_URI,
  startTestSandbox,
  TEST_APP_ID,
  TEST_APP_SECRET,
} from '../helpers/sandbox.js'

let sandbox: StartedSandbox
beforeEach(async () => {
  sandbox = await startTestSandbox()
})
afterEach(async () => {
  await sandbox.close()
})

describe('fan login with public_profile', () => {
  it('gives a fan token whose /me is the app-scoped id, not the page-scoped id of their comments', async () => {
    const fan = DEMO_FANS[2]
    const { verifier, challenge } = pkcePair()
    const { location } = await dialog(sandbox, {
      scope: 'public_profile',
      state: 'fan-state',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      sandbox_user: fan.id,
      sandbox_decision: 'approve',
    })
    expect(location?.searchParams.get('state')).toBe('fan-state')
    const token = await graph(sandbox, 'GET', '/v25.0/oauth/access_token', {
      client_id: TEST_APP_ID,
      client_secret: TEST_APP_SECRET,
      redirect_uri: REDIRECT_URI,
      code: location?.searchParams.get('code') as string,
      code_verifier: verifier,
    })
    expect(token.status).toBe(200)
    const me = await graph(sandbox, 'GET', '/v25.0/me', {
      access_token: token.body.access_token,
      fields: 'id,name',
    })
    expect(me.body).toEqual({ id: fan.id, name: fan.name })
    expect(fan.id).not.toBe(fan.psid)
    // public_profile grants no page access.
    const accounts = await graph(sandbox, 'GET', '/v25.0/me/accounts', {
      access_token: token.body.access_token,
    })
    expect(accounts.body.data ?? []).toEqual([])
    const feed = await graph(sandbox, 'GET', `/v25.0/${DEMO_PAGE_ID}/feed`, {
      access_token: token.body.access_token,
    })
    expect(feed.status).toBeGreaterThanOrEqual(400)
  })
})
