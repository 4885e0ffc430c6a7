// Racing fans against the store's guarantees: one fan submitting many times at once gets exactly
// one entry (the unique index decides, not a read before the write), and concurrent votes all count.
// Runs on the embedded store in `npm test` and on MONGODB_URI when set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_FANS } from '../../sandbox/seed.js'
import { DomainError } from '../../src/errors.js'
import { fanLogin, openContest, publishedCampaign } from '../helpers/campaigns.js'
import {
  adminWithDemoPage,
  type Browser,
  csrfFrom,
  type Fanfare,
  newBrowser,
  startFanfare,
} from '../helpers/fanfare.js'
import { stored } from '../helpers/stored.js'

const RACERS = 40
const origin = { ip: '192.0.2.1', device: 'test' }
const input = { confirmAge: true, country: 'NL' }

describe('campaign entries under concurrency', () => {
  let fanfare: Fanfare
  let marketer: Browser
  let pageId: string
  beforeAll(async () => {
    fanfare = await startFanfare()
    ;({ browser: marketer, pageId } = await adminWithDemoPage(fanfare))
  })
  afterAll(() => fanfare.close())

  const entriesOf = (campaignId: string) => stored(fanfare.app).entries.find({ campaignId }).lean()

  it(`stores one entry when one fan submits ${RACERS} times at once; all others are told they already entered`, async () => {
    const { id } = await publishedCampaign(marketer, openContest(pageId))
    const { entering, queries } = fanfare.app.campaigns
    const campaign = await queries.find(id)
    const fan = { id: '190000000000001', name: 'Racing Fan' }
    const outcomes = await Promise.allSettled(
      Array.from({ length: RACERS }, () => entering.enter(campaign, fan, input, origin)),
    )
    const entered = outcomes.filter((o) => o.status === 'fulfilled')
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []))
    expect(entered).toHaveLength(1)
    expect(refused).toHaveLength(RACERS - 1)
    for (const reason of refused) {
      expect(reason).toBeInstanceOf(DomainError)
      expect((reason as DomainError).code).toBe('campaigns.alreadyEntered')
    }
    const inStore = await entriesOf(id)
    expect(inStore).toHaveLength(1)
    expect(inStore[0]?.entrant).toMatchObject({ kind: 'app', id: fan.id })
  })

  it('answers racing submits of one fan over HTTP with one success and friendly "already entered" pages', async () => {
    const { id, slug } = await publishedCampaign(marketer, openContest(pageId))
    const fan = newBrowser(fanfare)
    await fanLogin(fan, slug, DEMO_FANS[3].id)
    const csrf = await csrfFrom(fan, `/c/${slug}`)
    // As many as the per-fan rate limit lets through in a minute, all at once.
    const submits = await Promise.all(
      Array.from({ length: 5 }, () =>
        fan.post(`/c/${slug}/enter`).type('form').send({ _csrf: csrf, confirmAge: 'on', country: 'NL' }),
      ),
    )
    expect(submits.map((r) => r.status).sort()).toEqual([303, 409, 409, 409, 409])
    for (const refusal of submits.filter((r) => r.status === 409))
      expect(refusal.text).toContain('You already took part in this campaign')
    expect(await entriesOf(id)).toHaveLength(1)
  })

  it(`counts exactly ${RACERS} votes cast by ${RACERS} fans at once, each fan's second vote refused`, async () => {
    const { id } = await publishedCampaign(
      marketer,
      openContest(pageId, {
        kind: 'poll',
        'pollOptions[0][labelNl]': 'Rood',
        'pollOptions[1][labelNl]': 'Blauw',
        minAge: '',
        countries: '',
      }),
    )
    const { polls, queries } = fanfare.app.campaigns
    const campaign = await queries.find(id)
    const fans = Array.from({ length: RACERS }, (_, i) => ({
      id: String(191000000000000 + i),
      name: `Fan ${i}`,
    }))
    const votes = await Promise.allSettled(
      fans.flatMap((fan, i) => [
        polls.vote(campaign, fan, i % 2, input, origin),
        polls.vote(campaign, fan, (i + 1) % 2, input, origin),
      ]),
    )
    expect(votes.filter((v) => v.status === 'fulfilled')).toHaveLength(RACERS)
    const counts = await polls.counts(campaign)
    expect(counts.reduce((sum, n) => sum + n, 0)).toBe(RACERS)
    expect(await entriesOf(id)).toHaveLength(RACERS)
  })

  it(`counts one answer when a fan submits the same quiz answer ${RACERS} times at once`, async () => {
    const { id } = await publishedCampaign(
      marketer,
      openContest(pageId, {
        kind: 'quiz',
        'questions[0][textNl]': 'Welke kleur heeft de jas?',
        'questions[0][options][0][labelNl]': 'Rood',
        'questions[0][options][1][labelNl]': 'Blauw',
        'questions[0][correct]': '0',
      }),
    )
    const { entering, quiz, queries } = fanfare.app.campaigns
    const campaign = await queries.find(id)
    const fan = { id: '192000000000001', name: 'Quick Fan' }
    await entering.enter(campaign, fan, input, origin)
    await quiz.nextQuestion(campaign, fan.id)
    const answers = await Promise.allSettled(
      Array.from({ length: RACERS }, () => quiz.answer(campaign, fan.id, 0, 0)),
    )
    expect(answers.filter((a) => a.status === 'fulfilled')).toHaveLength(1)
    for (const a of answers)
      if (a.status === 'rejected') expect((a.reason as DomainError).code).toBe('campaigns.answeredAlready')
    const [entry] = await entriesOf(id)
    expect(entry?.answers).toHaveLength(1)
    expect(entry).toMatchObject({ answeredCount: 1, score: 1 })
  })
})
