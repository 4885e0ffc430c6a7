import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loggableUrl } from '../../src/logger.js'
import {
  adminWithDemoPage,
  apiClient,
  createApiToken,
  DEMO_USERS,
  type Fanfare,
  joinTeam,
  startFanfare,
} from '../helpers/fanfare.js'

describe('what the request log holds', () => {
  const lines: string[] = []
  let fanfare: Fanfare
  beforeAll(async () => {
    fanfare = await startFanfare({ LOG_LEVEL: 'info' }, { logStream: { write: (line) => lines.push(line) } })
  })
  afterAll(() => fanfare.close())

  it('never holds an invite token, an OAuth code or state, after a whole invite flow', async () => {
    const { browser } = await adminWithDemoPage(fanfare)
    const api = apiClient(fanfare, await createApiToken(browser))
    const { inviteUrl } = await joinTeam(fanfare, api, DEMO_USERS.moderator.id, 'moderator')
    const inviteToken = new URL(inviteUrl).pathname.split('/').pop() as string
    expect(inviteToken.length).toBeGreaterThan(10)

    const log = lines.join('')
    // The flow really was logged: the invite landing and the login callback are there, as patterns.
    expect(log).toContain('"url":"/invite/:token"')
    expect(log).toMatch(/"url":"\/auth\/facebook\/callback\?(?:[a-z_]+=…&?)+"/)
    expect(log).not.toContain(inviteToken)
    for (const [, value] of log.matchAll(/(?:code|state)=([^&"…]+)/g)) {
      throw new Error(`a query value reached the log: ${value}`)
    }
  })

  it('keeps only the first segment of a path that matched no route', () => {
    expect(loggableUrl({ url: '/invite-typo/abcdefghijklmnop?x=1' })).toBe('/invite-typo/…?x=…')
    expect(loggableUrl({ url: '/', routeOptions: { url: '/' } })).toBe('/')
    expect(
      loggableUrl({
        url: '/posts/123?access_token=abc&access_token=def',
        routeOptions: { url: '/posts/:id' },
      }),
    ).toBe('/posts/:id?access_token=…')
  })
})
