// The sandbox's insights: Graph's shape for the metrics Meta still serves, (#100) for any other.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StartedSandbox } from '../../sandbox/app.js'
import { control, DEMO_PAGE_ID, graph, pageToken, startTestSandbox } from '../helpers/sandbox.js'

let sandbox: StartedSandbox
let token: string
beforeEach(async () => {
  sandbox = await startTestSandbox()
  token = await pageToken(sandbox)
})
afterEach(async () => {
  await sandbox.close()
})

const insights = `/v25.0/${DEMO_PAGE_ID}/insights`

describe('page insights', () => {
  it('answers daily values with name, period, values[].value and end_time', async () => {
    const until = Math.floor(Date.UTC(2026, 10, 20) / 1000)
    const res = await graph(sandbox, 'GET', insights, {
      access_token: token,
      metric: 'page_post_engagements,page_daily_follows_unique',
      period: 'day',
      since: String(until - 3 * 86400),
      until: String(until),
    })
    expect(res.status).toBe(200)
    expect(res.body.data.map((m: { name: string }) => m.name)).toEqual([
      'page_post_engagements',
      'page_daily_follows_unique',
    ])
    const [first] = res.body.data
    expect(first.period).toBe('day')
    expect(first.id).toBe(`${DEMO_PAGE_ID}/insights/page_post_engagements/day`)
    expect(first.values).toHaveLength(3)
    expect(first.values[0].end_time).toBe('2026-11-18T08:00:00+0000')
    expect(typeof first.values[0].value).toBe('number')
    // The same question gives the same made-up numbers.
    const again = await graph(sandbox, 'GET', insights, {
      access_token: token,
      metric: 'page_post_engagements',
      period: 'day',
      since: String(until - 3 * 86400),
      until: String(until),
    })
    expect(again.body.data[0].values).toEqual(first.values)
  })

  it('fails the whole request with (#100) when one metric is no longer served', async () => {
    const res = await graph(sandbox, 'GET', insights, {
      access_token: token,
      metric: 'page_post_engagements,page_impressions_unique',
      period: 'day',
    })
    expect(res.status).toBe(400)
    expect(res.body.error).toMatchObject({
      message: '(#100) The value must be a valid insights metric',
      type: 'OAuthException',
      code: 100,
    })
    expect(res.body.error.fbtrace_id).toEqual(expect.any(String))
  })

  it('serves a value a test set through the control API', async () => {
    const endTime = Math.floor(Date.UTC(2026, 10, 19, 8) / 1000)
    await control(sandbox, 'POST', '/insights', {
      objectId: DEMO_PAGE_ID,
      metric: 'page_follows',
      endTime,
      value: 1234,
    })
    const res = await graph(sandbox, 'GET', insights, {
      access_token: token,
      metric: 'page_follows',
      period: 'day',
      since: String(endTime - 8 * 3600 - 86400),
      until: String(endTime - 8 * 3600),
    })
    expect(res.body.data[0].values).toEqual([{ value: 1234, end_time: '2026-11-19T08:00:00+0000' }])
  })
})
