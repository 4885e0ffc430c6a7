// A 1,000-row CSV import is checked without holding up the web process: /healthz keeps answering.
import { DateTime } from 'luxon'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  adminWithDemoPage,
  apiClient,
  createApiToken,
  DEMO_PAGE_ID,
  type Fanfare,
  startFanfare,
} from '../helpers/fanfare.js'

const WORDS =
  'jas zomer korting winkel levering gratis actie bestel voorraad kleur maat tip klant blog video foto team'.split(
    ' ',
  )

function csvOf(rows: number): string {
  const start = DateTime.now().setZone('Europe/Amsterdam').plus({ days: 2 }).startOf('day')
  const lines = ['page,time,text,label']
  for (let i = 0; i < rows; i++) {
    const words = Array.from(
      { length: 45 },
      (_, w) => WORDS[(i * 7 + w * ((i % 5) + 1) + ((i * w) % 3)) % WORDS.length],
    )
    const at = start.plus({ minutes: (i * 37) % (25 * 24 * 60) }).toFormat("yyyy-MM-dd'T'HH:mm")
    lines.push(`${DEMO_PAGE_ID},${at},"Bericht ${i}: ${words.join(' ')}",news`)
  }
  return lines.join('\n')
}

describe('CSV import and the event loop', () => {
  let fanfare: Fanfare
  let api: ReturnType<typeof apiClient>
  let base: string

  beforeAll(async () => {
    fanfare = await startFanfare()
    await fanfare.app.listen({ host: '127.0.0.1', port: 0 })
    base = `http://127.0.0.1:${(fanfare.app.server.address() as { port: number }).port}`
    const { browser, pageId } = await adminWithDemoPage(fanfare)
    api = apiClient(fanfare, await createApiToken(browser))
    // Room for every row: the plan grows to the whole file, the costly case for the rule checks.
    const settings = await api.patch(`/api/v1/pages/${pageId}`, {
      timeZone: 'Europe/Amsterdam',
      maxPostsPerDay: 50,
      maxPromoPostsPerWeek: 100,
      minNonPromoSharePercent: 0,
      minGapMinutes: 0,
    })
    expect(settings.status).toBe(200)
  })
  afterAll(() => fanfare.close())

  it('keeps /healthz answering while a 1,000-row import is checked', async () => {
    let finished = false
    const importing = api.post('/api/v1/posts/import', { csv: csvOf(1000) }).then((res) => {
      finished = true
      return res
    })
    const answers: Array<{ status: number; ms: number }> = []
    while (!finished) {
      const started = performance.now()
      // A health check that waits more than two seconds counts as the process being blocked (it
      // took ~18 s before; the margin is for a loaded machine running other test files).
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) })
      answers.push({ status: res.status, ms: performance.now() - started })
    }
    const report = await importing
    expect(report.status).toBe(200)
    expect(report.body.rows).toHaveLength(1000)
    expect(report.body.accepted).toBeGreaterThan(900)
    expect(answers.length).toBeGreaterThan(0)
    expect(answers.every((a) => a.status === 200)).toBe(true)
  })
})
