// The sandbox's control API and persistence: users and pages, token invalidation, reset, state file.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StartedSandbox } from '../../sandbox/app.js'
import {
  control,
  DEMO_PAGE_ID,
  DEMO_USERS,
  graph,
  pageToken,
  startTestSandbox,
  userToken,
} from '../helpers/sandbox.js'

let sandbox: StartedSandbox
beforeEach(async () => {
  sandbox = await startTestSandbox()
})
afterEach(async () => {
  await sandbox.close()
})

describe('control API', () => {
  it('creates a page and a team member who then sees it in /me/accounts', async () => {
    const user = await control(sandbox, 'POST', '/users', { name: 'Kim Kassa', kind: 'team' })
    expect(user.id).not.toBe(user.psid)
    const page = await control(sandbox, 'POST', '/pages', {
      name: 'Tweede Winkel',
      roles: { [user.id]: ['MODERATE', 'ANALYZE'] },
    })
    const accounts = await graph(sandbox, 'GET', '/v25.0/me/accounts', {
      access_token: await userToken(sandbox, user.id),
    })
    expect(accounts.body.data).toEqual([
      expect.objectContaining({ id: page.id, name: 'Tweede Winkel', tasks: ['MODERATE', 'ANALYZE'] }),
    ])
  })

  it('invalidates every token of a user with the chosen subcode', async () => {
    const page = await pageToken(sandbox, DEMO_USERS.marketer.id)
    const user = await userToken(sandbox, DEMO_USERS.marketer.id)
    const answer = await control(sandbox, 'POST', '/tokens/invalidate', {
      userId: DEMO_USERS.marketer.id,
      subcode: 460,
    })
    expect(answer.invalidated).toBe(3) // the user token behind the page token, the page token, the user token
    for (const token of [page, user]) {
      const me = await graph(sandbox, 'GET', '/v25.0/me', { access_token: token })
      expect(me.body.error).toMatchObject({ code: 190, error_subcode: 460 })
    }
    const admin = await pageToken(sandbox)
    expect((await graph(sandbox, 'GET', '/v25.0/me', { access_token: admin })).status).toBe(200)
  })

  it('expires the tokens of a page', async () => {
    const token = await pageToken(sandbox)
    await control(sandbox, 'POST', '/tokens/expire', { pageId: DEMO_PAGE_ID })
    const me = await graph(sandbox, 'GET', '/v25.0/me', { access_token: token })
    expect(me.body.error).toMatchObject({ code: 190, error_subcode: 463 })
  })

  it('resets to the demo seed', async () => {
    const token = await pageToken(sandbox)
    await graph(sandbox, 'POST', `/v25.0/${DEMO_PAGE_ID}/feed`, {
      access_token: token,
      message: 'weg na reset',
    })
    await control(sandbox, 'POST', '/reset')
    const posts = await control(sandbox, 'GET', `/pages/${DEMO_PAGE_ID}/posts`)
    expect(posts.data).toHaveLength(3)
    expect((await graph(sandbox, 'GET', '/v25.0/me', { access_token: token })).body.error.code).toBe(190)
  })

  it('answers control errors as JSON with a status', async () => {
    const response = await fetch(`${sandbox.url}/__sandbox/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ on: 'nope' }),
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toHaveProperty('issues')
  })
})

describe('persistence', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sandbox-state-'))
  })
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('keeps posts and tokens across a restart when a state file is set', async () => {
    const stateFile = join(dir, 'state.json')
    const first = await startTestSandbox({ stateFile })
    const token = await pageToken(first, DEMO_USERS.admin.id, { longLived: true })
    const post = await graph(first, 'POST', `/v25.0/${DEMO_PAGE_ID}/feed`, {
      access_token: token,
      message: 'blijft',
    })
    await first.close()

    const second = await startTestSandbox({ stateFile })
    try {
      const read = await graph(second, 'GET', `/v25.0/${post.body.id}`, { access_token: token })
      expect(read.body.message).toBe('blijft')
    } finally {
      await second.close()
    }
  })
})
