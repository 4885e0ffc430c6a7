import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { drawQuizWinners } from '../../src/modules/campaigns/draw.js'
import { fanLogin, openContest } from '../helpers/campaigns.js'
import {
  adminWithDemoPage,
  apiClient,
  control,
  createApiToken,
  csrfFrom,
  type Fanfare,
  newBrowser,
  startFanfare,
} from '../helpers/fanfare.js'
import { stored } from '../helpers/stored.js'

const QUESTIONS = [
  {
    textNl: 'Welke kleur heeft ons logo?',
    options: [{ labelNl: 'Rood' }, { labelNl: 'Blauw' }, { labelNl: 'Groen' }],
    correct: 1,
    timeLimitSeconds: null,
  },
  {
    textNl: 'Hoeveel winkels hebben we?',
    options: ['1', '2', '3', '4'].map((labelNl) => ({ labelNl })),
    correct: 2,
    timeLimitSeconds: 10,
  },
]

describe('quizzes', () => {
  let fanfare: Fanfare
  let pageId: string
  let api: ReturnType<typeof apiClient>
  beforeAll(async () => {
    fanfare = await startFanfare()
    const admin = await adminWithDemoPage(fanfare)
    pageId = admin.pageId
    api = apiClient(fanfare, await createApiToken(admin.browser))
  })
  afterAll(() => fanfare.close())

  async function openQuiz() {
    const created = await api.post('/api/v1/campaigns', {
      ...openContest(pageId, { kind: 'quiz', minAge: '', countries: '' }),
      questions: QUESTIONS,
      winnerCount: 2,
    })
    expect(created.status).toBe(201)
    const { id, slug } = created.body.campaign
    await api.post(`/api/v1/campaigns/${id}/publish`)
    return { id: id as string, slug: slug as string }
  }

  async function fanInQuiz(slug: string, fbId: string) {
    await control(fanfare.sandbox, 'POST', '/users', {
      id: fbId,
      name: `Quiz fan ${fbId.slice(-2)}`,
      kind: 'fan',
    })
    const fan = newBrowser(fanfare)
    await fanLogin(fan, slug, fbId)
    const csrf = await csrfFrom(fan, `/c/${slug}`)
    const entered = await fan.post(`/c/${slug}/enter`).type('form').send({ _csrf: csrf })
    expect(entered.headers.location).toBe(`/c/${slug}/quiz`)
    return { fan, csrf }
  }

  it('scores an answer after the time limit as nothing, whatever the client says, and reveals answers only after closing', async () => {
    const { id, slug } = await openQuiz()
    const { fan, csrf } = await fanInQuiz(slug, '150000000000001')
    const first = await fan.get(`/c/${slug}/quiz`)
    expect(first.text).toContain('Welke kleur heeft ons logo?')
    expect(first.text).not.toContain('class="right"')
    // Four simultaneous submits of the same answer count once.
    const submits = await Promise.all(
      Array.from({ length: 4 }, () =>
        fan.post(`/c/${slug}/quiz/0`).type('form').send({ _csrf: csrf, choice: 1 }),
      ),
    )
    expect(submits.map((r) => r.status).sort()).toEqual([303, 409, 409, 409])

    const second = await fan.get(`/c/${slug}/quiz`)
    expect(second.text).toContain('Answer within 10 seconds')
    // The question was served a minute ago as far as the server knows; the right answer comes too late.
    await stored(fanfare.app).quizServes.updateOne(
      { campaignId: id, question: 1 },
      { $set: { servedAt: new Date(Date.now() - 60_000) } },
    )
    const late = await fan
      .post(`/c/${slug}/quiz/1`)
      .type('form')
      .send({ _csrf: csrf, choice: 2, timeTakenMs: 10, answeredAt: new Date().toISOString() })
    expect(late.status).toBe(303)
    const entry = await stored(fanfare.app).entries.findOne({ campaignId: id }).lean()
    expect(entry?.score).toBe(1)
    expect(entry?.answers?.map((a) => [a.correct, a.late])).toEqual([
      [true, false],
      [false, true],
    ])
    expect(entry?.timeTakenMs).toBeGreaterThanOrEqual(10_000)
    expect((await fan.get(`/c/${slug}`)).text).not.toContain('class="right"')

    await api.post(`/api/v1/campaigns/${id}/close`)
    const after = await fan.get(`/c/${slug}`)
    expect(after.text).toContain('class="right"')
    expect(after.text).toContain('Your score: 1')
    expect(after.text).toContain('answered too late')
  })

  it('draws the top of the ranking (score, then time), recomputable from the published list', async () => {
    const { id, slug } = await openQuiz()
    const answersOf = [
      [1, 2],
      [1, 0],
      [0, 0],
    ]
    for (const [i, choices] of answersOf.entries()) {
      const { fan, csrf } = await fanInQuiz(slug, `15000000000001${i}`)
      for (const [q, choice] of choices.entries()) {
        await fan.get(`/c/${slug}/quiz`)
        await fan.post(`/c/${slug}/quiz/${q}`).type('form').send({ _csrf: csrf, choice })
      }
    }
    await api.post(`/api/v1/campaigns/${id}/close`)
    const drawn = await api.post(`/api/v1/campaigns/${id}/draw`)
    expect(drawn.status).toBe(200)
    const results = await api.get(`/api/v1/campaigns/${id}/results`)
    expect(results.body.scoreDistribution).toEqual([
      { score: 0, entries: 1 },
      { score: 1, entries: 1 },
      { score: 2, entries: 1 },
    ])
    const csv = (await newBrowser(fanfare).get(`/c/${slug}/entries.csv`)).text.trim().split('\n').slice(1)
    const list = csv.map((row) => {
      const [ref, , , score, time] = row.split(',')
      return { ref: ref as string, score: Number(score), timeTakenMs: Number(time) }
    })
    const winners = drawQuizWinners(drawn.body.revealedSeed, list, 2)
    expect(results.body.winners).toEqual(winners)
    const best = await stored(fanfare.app).entries.findOne({ campaignId: id, score: 2 }).lean()
    expect(winners[0]).toBe(best?.ref)
  })
})
