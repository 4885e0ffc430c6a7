import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type FanfareWithWorker,
  feedBody,
  postWebhook,
  startFanfareWithWorker,
  waitForComment,
} from '../helpers/comments.js'
import {
  adminWithDemoPage,
  apiClient,
  type Browser,
  control,
  createApiToken,
  csrfFrom,
  DEMO_PAGE_ID,
} from '../helpers/fanfare.js'
import { stored } from '../helpers/stored.js'

const ALL_TASKS = ['ANALYZE', 'ADVERTISE', 'MODERATE', 'CREATE_CONTENT', 'MANAGE']
const ASKED = 'Hebben jullie mijn sneakers al gezien'

let fanfare: FanfareWithWorker
let browser: Browser
let api: ReturnType<typeof apiClient>
let secondPageId: string
let sequence = 0

/** A fan comment delivered by signed webhook to the page; resolves once the worker classified it. */
async function fanComment(facebookPageId: string, message: string) {
  sequence++
  const id = `${facebookPageId}_${Date.now()}${sequence}`
  const res = await postWebhook(
    fanfare,
    feedBody(facebookPageId, [
      {
        verb: 'add',
        comment_id: id,
        post_id: `${facebookPageId}_1`,
        created_time: Math.floor(Date.now() / 1000),
        message,
        from: { id: `fan-${sequence}`, name: `Fan ${sequence}` },
      },
    ]),
  )
  expect(res.status).toBe(200)
  return waitForComment(fanfare, id, (c) => c.sentiment !== null)
}

beforeAll(async () => {
  fanfare = await startFanfareWithWorker()
  ;({ browser } = await adminWithDemoPage(fanfare))
  api = apiClient(fanfare, await createApiToken(browser))
  const anne = (await api.get('/api/v1/me')).body
  const second = await control(fanfare.sandbox, 'POST', '/pages', {
    name: `Sneaker Shop ${Date.now()}`,
    roles: { [anne.facebookUserId]: ALL_TASKS },
  })
  secondPageId = second.id
  expect((await api.post('/api/v1/pages', { facebookPageIds: [secondPageId] })).status).toBe(201)
})
afterAll(async () => {
  await fanfare?.close()
})

describe('moderators correct verdicts and the page learns', () => {
  it('one click in the inbox corrects a verdict, is audited, and changes the next verdict on that page only', async () => {
    const first = await fanComment(DEMO_PAGE_ID, ASKED)
    expect(first.complaint).toBe(false)

    const inbox = await browser.get(`/comments?page=${DEMO_PAGE_ID}`)
    expect(inbox.text).toContain(`action="/comments/${first._id}/verdict"`)
    const csrf = await csrfFrom(browser, `/comments?page=${DEMO_PAGE_ID}`)
    const clicked = await browser
      .post(`/comments/${first._id}/verdict`)
      .type('form')
      .send({ _csrf: csrf, complaint: 'true', back: 'inbox' })
    expect(clicked.status).toBe(303)
    expect(clicked.headers.location).toBe('/comments')

    const now = await waitForComment(fanfare, String(first._id), (c) => c.complaint === true)
    expect(now.priority).toBe(0)
    const correction = await stored(fanfare.app)
      .verdictCorrections.findOne({ facebookCommentId: first._id })
      .lean()
    expect(correction).toMatchObject({
      facebookPageId: DEMO_PAGE_ID,
      predicted: { complaint: false },
      corrected: { complaint: true },
    })
    const audit = await stored(fanfare.app)
      .audit.findOne({ action: 'comment.verdict', 'target.id': first._id })
      .lean()
    expect(audit?.after).toMatchObject({ complaint: true })

    const again = await fanComment(DEMO_PAGE_ID, `${ASKED}?`)
    expect(again.complaint).toBe(true)
    expect(again.signals[0]).toMatchObject({ kind: 'correction' })
    const elsewhere = await fanComment(secondPageId, `${ASKED}?`)
    expect(elsewhere.complaint).toBe(false)
  })

  it('refuses a form without CSRF and an empty verdict, naming the field', async () => {
    const comment = await fanComment(DEMO_PAGE_ID, 'Is de blauwe ook in maat 40?')
    const noCsrf = await browser
      .post(`/comments/${comment._id}/verdict`)
      .type('form')
      .send({ complaint: 'true' })
    expect(noCsrf.status).toBe(403)
    const empty = await api.post(`/api/v1/comments/${comment._id}/verdict`, {})
    expect(empty.status).toBe(400)
    expect(JSON.stringify(empty.body)).toContain('complaint')
    expect(
      await stored(fanfare.app).verdictCorrections.countDocuments({ facebookCommentId: comment._id }),
    ).toBe(0)
  })

  it('the JSON API sets a sentiment, and the barometer shows how often moderators agreed', async () => {
    const praised = await fanComment(secondPageId, 'Top service, binnen een dag in huis 👍')
    expect(praised.sentiment).toBe('positive')
    const agreed = await api.post(`/api/v1/comments/${praised._id}/verdict`, {
      sentiment: 'positive',
      complaint: false,
    })
    expect(agreed.status).toBe(200)
    const asked = await fanComment(secondPageId, 'Waar blijft mijn pakket nou?')
    expect(asked.complaint).toBe(true)
    const wrong = await api.post(`/api/v1/comments/${asked._id}/verdict`, { complaint: false })
    expect(wrong.status).toBe(200)
    expect(wrong.body).toMatchObject({ complaint: false })

    const barometer = await api.get(`/api/v1/barometer?page=${secondPageId}`)
    expect(barometer.status).toBe(200)
    const [row] = barometer.body.agreement
    expect(row).toMatchObject({
      facebookPageId: secondPageId,
      reviewed: 2,
      agreed: 1,
      agreement: 0.5,
      complaint: { truePositives: 0, falsePositives: 1, falseNegatives: 0 },
      complaintPrecision: 0,
      complaintRecall: null,
    })
    const page = await browser.get(`/barometer?page=${secondPageId}`)
    expect(page.status).toBe(200)
    expect(page.text).toContain('id="verdict-agreement"')
    expect(page.text).toMatch(/<td class="agreement" data-label="[^"]*">50 %<\/td>/)
  })
})
