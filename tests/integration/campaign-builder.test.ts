import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openContest, submitCampaign } from '../helpers/campaigns.js'
import {
  adminWithDemoPage,
  apiClient,
  type Browser,
  createApiToken,
  csrfFrom,
  type Fanfare,
  startFanfare,
} from '../helpers/fanfare.js'
import { stored } from '../helpers/stored.js'

describe('the campaign builder', () => {
  let fanfare: Fanfare
  let marketer: Browser
  let pageId: string
  let api: ReturnType<typeof apiClient>
  beforeAll(async () => {
    fanfare = await startFanfare()
    ;({ browser: marketer, pageId } = await adminWithDemoPage(fanfare))
    api = apiClient(fanfare, await createApiToken(marketer))
  })
  afterAll(() => fanfare.close())

  const countTitled = (title: string) => stored(fanfare.app).campaigns.countDocuments({ 'title.nl': title })

  describe('live check while typing', () => {
    it('names every Meta rule and the phrase that breaks it, per field, storing nothing', async () => {
      const res = await api.post('/api/v1/campaigns/check', {
        kind: 'contest',
        texts: {
          descriptionNl: 'Deel dit bericht en win!',
          rulesNl: 'Like onze pagina om mee te doen.',
          entryInstructionsEn: 'Tag 3 friends below.',
          'questions.0.textNl': 'Wat is je lievelingskleur?',
        },
      })
      expect(res.status).toBe(200)
      expect(res.body.findings).toEqual([
        expect.objectContaining({ rule: 'shareToEnter', field: 'descriptionNl', phrase: 'Deel dit bericht' }),
        expect.objectContaining({ rule: 'likeGating', field: 'rulesNl', phrase: 'Like onze pagina' }),
        expect.objectContaining({
          rule: 'tagToEnter',
          field: 'entryInstructionsEn',
          phrase: 'Tag 3 friends',
        }),
      ])
      expect(res.body.findings[0].label).toBe('Description (Dutch)')
      expect(res.body.findings[0].message).toContain('"Deel dit bericht"')
    })

    it('answers in the person’s language with the field’s human name', async () => {
      const res = await api
        .post('/api/v1/campaigns/check')
        .set('accept-language', 'nl')
        .send({ texts: { prizesEn: 'Share this post to win' } })
      expect(res.body.findings).toEqual([
        expect.objectContaining({ label: 'Prijzen (Engels)', message: expect.stringContaining('delen') }),
      ])
    })

    it('works from the builder page with the session and its CSRF token, and refuses it without', async () => {
      const csrf = await csrfFrom(marketer, '/campaigns/new')
      const ok = await marketer
        .post('/api/v1/campaigns/check')
        .set('x-csrf-token', csrf)
        .send({ pageId, texts: { titleNl: 'Volg ons en win' } })
      expect(ok.status).toBe(200)
      expect(ok.body.findings[0]).toMatchObject({ rule: 'likeGating', phrase: 'Volg ons' })
      const forged = await marketer.post('/api/v1/campaigns/check').send({ texts: { titleNl: 'x' } })
      expect(forged.status).toBe(403)
    })

    it('gives a Dutch shop the code’s warnings on the figures so far', async () => {
      const csrf = await csrfFrom(marketer, `/campaigns/settings/${pageId}`)
      await marketer.post(`/campaigns/settings/${pageId}`).type('form').send({ _csrf: csrf, dutchShop: 'on' })
      const res = await api.post('/api/v1/campaigns/check', {
        pageId,
        kind: 'contest',
        prizeValueEuro: 150000,
        texts: { rulesNl: 'Organisator Demo Webshop.' },
      })
      const codes = res.body.warnings.map((w: { code: string }) => w.code)
      expect(codes).toEqual(
        expect.arrayContaining(['campaigns.dutch.maxPrizeValue', 'campaigns.dutch.complaints']),
      )
      await marketer.post(`/campaigns/settings/${pageId}`).type('form').send({ _csrf: csrf })
    })

    it('is rate limited', async () => {
      let status = 200
      for (let i = 0; i < 130 && status !== 429; i++)
        status = (await api.post('/api/v1/campaigns/check', { texts: {} })).status
      expect(status).toBe(429)
    })
  })

  describe('one refused form, every error at once', () => {
    it('shows the form again with every problem inline, in Dutch, with the input kept', async () => {
      const title = 'Alles tegelijk fout'
      const res = await submitCampaign(
        marketer,
        openContest(pageId, {
          titleNl: title,
          descriptionNl: 'Deel dit bericht!',
          rulesNl: 'Te kort',
          imageUrl: 'http://niet-veilig.example/jas.png',
          slug: 'Met Spaties',
          closesAt: '2020-01-01T10:00',
        }),
        'nl',
      )
      expect(res.status).toBe(400)
      expect(res.text).toContain('id="error-summary"')
      for (const field of ['descriptionNl', 'rulesNl', 'imageUrl', 'slug', 'closesAt']) {
        expect(res.text).toContain(`href="#f-${field}"`)
        expect(res.text).toMatch(new RegExp(`id="f-${field}"[^>]*aria-invalid="true"`))
        expect(res.text).toContain(`id="f-${field}-error"`)
      }
      expect(res.text).toContain('Schrijf de spelregels')
      expect(res.text).toContain('De sluitingstijd moet na de openingstijd liggen.')
      expect(res.text).toContain('&quot;Deel dit bericht&quot;')
      expect(res.text).toContain(`value="${title}"`)
      expect(res.text).not.toMatch(/body\.|<code>descriptionNl/)
      expect(res.text).not.toContain('Terug naar de startpagina')
      expect(await countTitled(title)).toBe(0)
    })

    it('answers the JSON API with every problem too, from the same schema', async () => {
      const res = await api.post('/api/v1/campaigns', {
        ...openContest(pageId, { rulesNl: 'kort', descriptionEn: 'Tag a friend to win' }),
        countries: ['NL'],
      })
      expect(res.status).toBe(400)
      const paths = res.body.error.details.map((d: { path: string }) => d.path)
      expect(paths).toEqual(expect.arrayContaining(['body.rulesNl', 'body.descriptionEn']))
    })
  })

  describe('per kind', () => {
    it('keeps only what a poll has: no prizes, draw or entry cost from a form that sent them', async () => {
      const title = 'Poll met restjes'
      const res = await submitCampaign(
        marketer,
        openContest(pageId, {
          kind: 'poll',
          titleNl: title,
          prizesNl: 'Een jas',
          prizeValueEuro: 300,
          entryCostEuro: 1,
          'pollOptions[0][labelNl]': 'Rood',
          'pollOptions[0][labelEn]': 'Red',
          'pollOptions[1][labelNl]': 'Blauw',
          'pollOptions[2][labelNl]': '',
        }),
      )
      expect(res.status).toBe(303)
      const saved = await stored(fanfare.app).campaigns.findOne({ 'title.nl': title }).lean()
      expect(saved).toMatchObject({
        kind: 'poll',
        prizes: { nl: '', en: '' },
        prizeValueEuro: 0,
        winnerCount: 0,
        entryCostEuro: 0,
        poll: { options: [{ label: { nl: 'Rood', en: 'Red' } }, { label: { nl: 'Blauw', en: '' } }] },
      })
    })

    it('refuses a poll with one option and a quiz without questions, naming the field', async () => {
      const poll = await submitCampaign(
        marketer,
        openContest(pageId, { kind: 'poll', titleNl: 'Eén optie', 'pollOptions[0][labelNl]': 'Rood' }),
      )
      expect(poll.status).toBe(400)
      expect(poll.text).toContain('href="#f-pollOptions"')
      const quiz = await submitCampaign(marketer, openContest(pageId, { kind: 'quiz', titleNl: 'Lege quiz' }))
      expect(quiz.status).toBe(400)
      expect(quiz.text).toContain('href="#f-questions"')
    })

    it('takes quiz questions as rows, skipping empty ones, and names a row’s problem by its number', async () => {
      const title = 'Quiz in rijen'
      const rows = {
        'questions[0][textNl]': 'Welke kleur heeft ons logo?',
        'questions[0][textEn]': 'What colour is our logo?',
        'questions[0][options][0][labelNl]': 'Rood',
        'questions[0][options][1][labelNl]': '',
        'questions[0][options][2][labelNl]': 'Blauw',
        'questions[0][options][2][labelEn]': 'Blue',
        'questions[0][correct]': '2',
        'questions[1][textNl]': '',
        'questions[1][options][0][labelNl]': '',
      }
      const ok = await submitCampaign(
        marketer,
        openContest(pageId, { kind: 'quiz', titleNl: title, ...rows }),
      )
      expect(ok.status).toBe(303)
      const saved = await stored(fanfare.app).campaigns.findOne({ 'title.nl': title }).lean()
      expect(saved?.questions).toMatchObject([
        {
          text: { nl: 'Welke kleur heeft ons logo?', en: 'What colour is our logo?' },
          options: [{ nl: 'Rood' }, { nl: 'Blauw', en: 'Blue' }],
          correct: 1,
        },
      ])

      const refused = await submitCampaign(
        marketer,
        openContest(pageId, {
          kind: 'quiz',
          titleNl: 'Quiz zonder goed antwoord',
          ...rows,
          'questions[0][correct]': '1',
          'questions[1][textNl]': 'Tweede vraag',
        }),
        'nl',
      )
      expect(refused.status).toBe(400)
      expect(refused.text).toContain('href="#f-questions-0-correct"')
      expect(refused.text).toContain('Vraag 1: goede antwoord')
      expect(refused.text).toContain('href="#f-questions-1-options"')
      // The rows come back as they were typed.
      expect(refused.text).toContain('value="Tweede vraag"')
    })

    it('adds empty rows without JavaScript, keeping the input and saving nothing', async () => {
      const csrf = await csrfFrom(marketer, '/campaigns/new?kind=quiz')
      const page = await marketer.post('/campaigns').type('form').send({
        _csrf: csrf,
        kind: 'quiz',
        pageId,
        titleNl: 'Nog niet af',
        'slots[questions]': '2',
        more: 'questions',
      })
      expect(page.status).toBe(200)
      expect(page.text).toContain('name="questions[3][textNl]"')
      expect(page.text).not.toContain('name="questions[4][textNl]"')
      expect(page.text).toContain('value="Nog niet af"')
      expect(await countTitled('Nog niet af')).toBe(0)
    })

    it('stores English texts next to the Dutch ones and returns both from the API', async () => {
      const created = await api.post('/api/v1/campaigns', {
        ...openContest(pageId, {
          rulesEn: 'Organised by Demo Webshop. Complaints to customer service.',
          prizesEn: 'Three summer coats',
          entryInstructionsEn: 'Log in and press Enter.',
        }),
        countries: ['NL'],
      })
      expect(created.status).toBe(201)
      expect(created.body.campaign.rules.en).toContain('Organised by Demo Webshop')
      expect(created.body.campaign.prizes).toEqual({ nl: 'Drie zomerjassen', en: 'Three summer coats' })
      expect(created.body.campaign.entryInstructions.en).toBe('Log in and press Enter.')
    })
  })
})
