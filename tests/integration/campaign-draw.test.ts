import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { drawWinners } from '../../src/modules/campaigns/draw.js'
import { createSecretBox } from '../../src/security/secret-box.js'
import { fanLogin, openContest, publishedCampaign } from '../helpers/campaigns.js'
import {
  adminWithDemoPage,
  apiClient,
  type Browser,
  control,
  createApiToken,
  csrfFrom,
  type Fanfare,
  newBrowser,
  startFanfare,
} from '../helpers/fanfare.js'
import { stored } from '../helpers/stored.js'

/** What anyone can do with the verification page: read the seed, the winners and the entry list. */
function readVerification(html: string) {
  const seed = /<code class="hash" id="seed">([0-9a-f]{64})<\/code>/.exec(html)?.[1]
  const commitment = /<code class="hash" id="commitment">([0-9a-f]{64})<\/code>/.exec(html)?.[1]
  const winners = [
    ...(/<ol id="winners">(.*?)<\/ol>/s.exec(html)?.[1] ?? '').matchAll(/<code>([^<]+)<\/code>/g),
  ].map((m) => m[1] as string)
  return { seed, commitment, winners }
}

function parseEntryList(csv: string) {
  const [header, ...rows] = csv.trim().split('\n')
  expect(header).toBe('ref,kind,disqualified_after_draw,score,time_ms')
  return rows.map((row) => {
    const [ref, kind, disqualified] = row.split(',')
    return { ref: ref as string, kind, disqualified: disqualified === '1' }
  })
}

describe('a draw anyone can verify', () => {
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

  it('publishes the commitment, hides the seed until the draw, and lets anyone recompute winners and replacements', async () => {
    const { id, slug } = await publishedCampaign(
      marketer,
      openContest(pageId, { winnerCount: 2, minAge: '' }),
    )
    const before = await newBrowser(fanfare).get(`/c/${slug}`)
    const committed = /<code class="hash">([0-9a-f]{64})<\/code>/.exec(before.text)?.[1]
    expect(committed).toBeDefined()

    for (let i = 0; i < 6; i++) {
      const fbId = `14000000000000${i}`
      await control(fanfare.sandbox, 'POST', '/users', { id: fbId, name: `Draw fan ${i}`, kind: 'fan' })
      const fan = newBrowser(fanfare)
      await fanLogin(fan, slug, fbId)
      const csrf = await csrfFrom(fan, `/c/${slug}`)
      const res = await fan.post(`/c/${slug}/enter`).type('form').send({ _csrf: csrf, country: 'NL' })
      expect(res.status).toBe(303)
    }

    // The seed is sealed at rest and appears on no page or API answer before the draw.
    const raw = await fanfare.app.store.connection.collection('campaigns').findOne({ slug })
    expect(raw?.sealedSeed).toMatch(/^v1:/)
    const seed = createSecretBox(fanfare.config.secretKey, 'campaign draw seeds').open(raw?.sealedSeed)
    expect(createHash('sha256').update(seed).digest('hex')).toBe(committed)
    const seen = [
      (await marketer.get(`/campaigns/${id}`)).text,
      (await newBrowser(fanfare).get(`/c/${slug}/verify`)).text,
      JSON.stringify((await api.get(`/api/v1/campaigns/${id}`)).body),
    ]
    for (const text of seen) expect(text).not.toContain(seed)
    expect((await newBrowser(fanfare).get(`/c/${slug}/entries.csv`)).status).toBe(404)

    let csrf = await csrfFrom(marketer, `/campaigns/${id}`)
    expect(
      (await marketer.post(`/campaigns/${id}/draw`).type('form').send({ _csrf: csrf, confirm: 'yes' }))
        .status,
    ).toBe(422)
    await marketer.post(`/campaigns/${id}/close`).type('form').send({ _csrf: csrf, confirm: 'yes' })
    expect(
      (await marketer.post(`/campaigns/${id}/draw`).type('form').send({ _csrf: csrf, confirm: 'yes' }))
        .status,
    ).toBe(303)
    expect(
      (await marketer.post(`/campaigns/${id}/draw`).type('form').send({ _csrf: csrf, confirm: 'yes' }))
        .status,
    ).toBe(409)

    const visitor = newBrowser(fanfare)
    const page = await visitor.get(`/c/${slug}/verify`)
    const shown = readVerification(page.text)
    expect(shown.seed).toBe(seed)
    expect(shown.commitment).toBe(committed)
    expect(
      createHash('sha256')
        .update(shown.seed as string)
        .digest('hex'),
    ).toBe(shown.commitment)
    expect(page.text).toContain('<dd id="entry-count">6</dd>')
    const list = parseEntryList((await visitor.get(`/c/${slug}/entries.csv`)).text)
    expect(list).toHaveLength(6)
    expect(list.every((e) => e.kind === 'app')).toBe(true)
    // The list is pseudonymised: no names or Facebook ids.
    expect(list.map((e) => e.ref).join()).not.toMatch(/Draw fan|14000000000000/)
    const recomputed = drawWinners(
      shown.seed as string,
      list.map((e) => e.ref),
      2,
    )
    expect(shown.winners).toEqual(recomputed)

    // Disqualify the first winner: the replacement is the next of the same ranking, also recomputable.
    const winner = await stored(fanfare.app).entries.findOne({ ref: shown.winners[0] }).lean()
    csrf = await csrfFrom(marketer, `/campaigns/${id}`)
    const dq = await marketer
      .post(`/campaigns/${id}/entries/${winner?._id}/disqualify`)
      .type('form')
      .send({ _csrf: csrf, reason: 'Works at the shop', confirm: 'yes' })
    expect(dq.status).toBe(303)
    const after = readVerification((await visitor.get(`/c/${slug}/verify`)).text)
    const afterList = parseEntryList((await visitor.get(`/c/${slug}/entries.csv`)).text)
    expect(afterList).toHaveLength(6)
    const excluded = new Set(afterList.filter((e) => e.disqualified).map((e) => e.ref))
    expect([...excluded]).toEqual([shown.winners[0]])
    const replaced = drawWinners(
      seed,
      afterList.map((e) => e.ref),
      2,
      excluded,
    )
    expect(after.winners).toEqual(replaced)
    expect(after.winners[0]).toBe(shown.winners[1])
    expect(after.winners).not.toContain(shown.winners[0])
    // The marketer's export: names to contact winners, no Facebook ids.
    const exported = await marketer.get(`/campaigns/${id}/export.csv`)
    const rows = exported.text.trim().split('\n')
    expect(rows[0]).toBe('ref,kind,name,status,winner,entered_at,country,email')
    expect(rows).toHaveLength(7)
    expect(rows.filter((r) => r.split(',')[4] === '1').map((r) => r.split(',')[0])).toEqual(
      expect.arrayContaining(after.winners),
    )
    expect(exported.text).toContain('Draw fan')

    // Results: entries per day (six today, one disqualified), and the winners announced in a draft post.
    const results = await marketer.get(`/campaigns/${id}`)
    expect(results.text).toMatch(/<td>\d{4}-\d{2}-\d{2}<\/td><td>5<\/td>/)
    csrf = await csrfFrom(marketer, `/campaigns/${id}`)
    const announced = await marketer.post(`/campaigns/${id}/announce`).type('form').send({ _csrf: csrf })
    expect(announced.status).toBe(303)
    const postId = /\/posts\/([a-f0-9]{24})\/edit/.exec(announced.headers.location as string)?.[1]
    const post = await api.get(`/api/v1/posts/${postId}`)
    expect(post.body).toMatchObject({ status: 'draft', label: 'contest' })
    const winnerNames = await stored(fanfare.app)
      .entries.find({ ref: { $in: after.winners } })
      .lean()
    for (const w of winnerNames) expect(post.body.message).toContain(w.entrant?.name.split(' ')[0])
    expect(post.body.message).toContain(`/c/${slug}/verify`)
    expect(exported.text).not.toContain('14000000000000')
    expect((await newBrowser(fanfare).get(`/campaigns/${id}/export.csv`)).status).not.toBe(200)
    const audit = await api.get('/api/v1/audit?action=campaign.replacement_draw')
    expect(audit.body.entries).toHaveLength(1)
    expect((await api.get('/api/v1/audit?action=campaign.disqualify')).body.entries[0].reason).toBe(
      'Works at the shop',
    )
  })
})
