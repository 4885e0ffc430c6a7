import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { askDefensively } from '../../src/modules/insights/collect.js'
import type { Page } from '../../src/modules/pages/repository.js'
import {
  adminWithDemoPage,
  apiClient,
  control,
  createApiToken,
  DEMO_PAGE_ID,
  type Fanfare,
  startFanfare,
} from '../helpers/fanfare.js'

describe('page insights: collected defensively from Graph, stored per day, served by the API', () => {
  let fanfare: Fanfare
  let api: ReturnType<typeof apiClient>
  let pageId: string
  let page: Page

  beforeAll(async () => {
    fanfare = await startFanfare()
    const admin = await adminWithDemoPage(fanfare)
    pageId = admin.pageId
    api = apiClient(fanfare, await createApiToken(admin.browser))
    page = (await fanfare.app.pages.connectedById(pageId)) as Page
  })
  afterAll(() => fanfare.close())

  it('drops exactly the metrics Graph refuses and still gets the others in the same groups', async () => {
    const asked: string[][] = []
    const { answers, refused } = await fanfare.app.pages.withPageToken(page, (token) =>
      askDefensively(
        (metrics) => {
          asked.push(metrics)
          return fanfare.app.graph.insights(DEMO_PAGE_ID, token, { metrics, period: 'day' })
        },
        [
          'page_post_engagements',
          'page_fans',
          'page_views_total',
          'page_media_view',
          'page_impressions_unique',
        ],
      ),
    )
    expect(answers.map((a) => a.name).sort()).toEqual([
      'page_media_view',
      'page_post_engagements',
      'page_views_total',
    ])
    expect(refused.map((r) => r.metric).sort()).toEqual(['page_fans', 'page_impressions_unique'])
    expect(refused[0]?.message).toContain('valid insights metric')
    // Groups of four first; a refused group is halved until the culprit stands alone.
    expect(asked[0]).toHaveLength(4)
  })

  it('collects every served metric, remembers one Meta retired and stops asking for it', async () => {
    await control(fanfare.sandbox, 'POST', '/insights/retired', { metric: 'page_views_total' })
    const first = await fanfare.app.insights.collectPage(page, 3)
    expect(first.refused).toEqual(['page_views_total'])
    expect(first.values).toBeGreaterThan(0)
    const second = await fanfare.app.insights.collectPage(page, 3)
    expect(second.refused).toEqual([])

    const res = await api.get(`/api/v1/insights?pageId=${pageId}`)
    expect(res.status).toBe(200)
    const names = res.body.metrics.map((m: { metric: string }) => m.metric)
    expect(names).toContain('page_post_engagements')
    expect(names).toContain('page_daily_follows_unique')
    expect(names).not.toContain('page_views_total')
    const engagements = res.body.metrics.find((m: { metric: string }) => m.metric === 'page_post_engagements')
    expect(engagements.values.length).toBeGreaterThanOrEqual(3)
    expect(res.body.refused.map((r: { metric: string }) => r.metric)).toEqual(['page_views_total'])
  })

  it('names the field when the page id is not one', async () => {
    const res = await api.get('/api/v1/insights?pageId=nothex')
    expect(res.status).toBe(400)
    expect(res.body.error.details[0].path).toBe('querystring.pageId')
  })
})
