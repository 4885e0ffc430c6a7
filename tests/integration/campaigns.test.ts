import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_FANS } from '../../sandbox/seed.js'
import { drawWinners } from '../../src/modules/campaigns/draw.js'
import { fanLogin, openContest, publishedCampaign, submitCampaign } from '../helpers/campaigns.js'
import {
  adminWithDemoPage,
  apiClient,
  type Browser,
  createApiToken,
  csrfFrom,
  type Fanfare,
  newBrowser,
  startFanfare,
} from '../helpers/fanfare.js'

describe('campaigns', () => {
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

  const entriesOf = (campaignId: string) => fanfare.app.db.models.entries.find({ campaignId }).lean()

  describe('Meta promotion rules', () => {
    it.each([
      ['rules', 'Like onze pagina en maak kans op een jas! Klachten via de klantenservice.', 'like-gating'],
      ['descriptionEn', 'Share this post on your timeline to enter.', 'share'],
      ['entryInstructions', 'Tag 3 friends in the comments to win!', 'tag friends'],
    ])('refuses a campaign whose %s asks for %s, naming the rule', async (field, text, rule) => {
      const res = await submitCampaign(marketer, openContest(pageId, { [field]: text }))
      expect(res.status).toBe(422)
      expect(res.text).toContain('Meta')
      expect(res.text.toLowerCase()).toContain(rule)
      expect(
        await fanfare.app.db.models.campaigns.countDocuments({
          'title.en': 'Win a summer coat',
          rules: text,
        }),
      ).toBe(0)
    })

    it('refuses an entry method that asks for sharing, and allows entering by comment', async () => {
      const res = await submitCampaign(marketer, openContest(pageId, { entryMethod: 'share' }))
      expect(res.status).toBe(422)
      expect(res.text).toContain('share')
      const ok = await submitCampaign(
        marketer,
        openContest(pageId, { entryMethod: 'comment', commentPostId: '100000000000001_122000000000001' }),
      )
      expect(ok.status).toBe(303)
    })
  })

  it('warns a Dutch shop about the promotional games code, naming the article', async () => {
    const csrf = await csrfFrom(marketer, `/campaigns/settings/${pageId}`)
    await marketer.post(`/campaigns/settings/${pageId}`).type('form').send({ _csrf: csrf, dutchShop: 'on' })
    const res = await submitCampaign(
      marketer,
      openContest(pageId, {
        prizeValueEuro: 150000,
        rules: 'Organisator Demo Webshop. Meedoen door in te loggen.',
      }),
    )
    expect(res.status).toBe(303)
    const page = await marketer.get(res.headers.location as string)
    expect(page.text).toContain('art. 4 of the Gedragscode Promotionele Kansspelen')
    expect(page.text).toContain('(art. 9)')
    const again = await marketer.post(`/campaigns/settings/${pageId}`).type('form').send({ _csrf: csrf })
    expect(again.status).toBe(303)
  })
})
