import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyCommentEvent } from '../../jobs/apply-comment-event.js'
import { collectCommentEntries } from '../../jobs/collect-comment-entries.js'
import { DEMO_FANS } from '../../sandbox/seed.js'
import { openContest } from '../helpers/campaigns.js'
import { feedBody, sign } from '../helpers/comments.js'
import {
  adminWithDemoPage,
  apiClient,
  control,
  createApiToken,
  DEMO_PAGE_ID,
  type Fanfare,
  newBrowser,
  startFanfare,
} from '../helpers/fanfare.js'
import { stored } from '../helpers/stored.js'

describe('comment to enter', () => {
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

  async function commentContest(postId: string, extra: Record<string, unknown> = {}) {
    const created = await api.post('/api/v1/campaigns', {
      ...openContest(pageId, { minAge: '', countries: '' }),
      entryMethod: 'comment',
      commentPostId: postId,
      commentKeyword: 'jas',
      winnerCount: 1,
      ...extra,
    })
    expect(created.status).toBe(201)
    await api.post(`/api/v1/campaigns/${created.body.campaign.id}/publish`)
    return created.body.campaign as { id: string; slug: string }
  }

  const comment = (on: string, from: string, message: string) =>
    control(fanfare.sandbox, 'POST', '/comments', { on, from, message })

  it('makes one entry per distinct commenter with the keyword, top-level, while open, reading every page', async () => {
    const post = await control(fanfare.sandbox, 'POST', `/pages/${DEMO_PAGE_ID}/posts`, {
      message: 'Win een jas!',
    })
    const campaign = await commentContest(post.id)
    const [sanne, daan, fleur, bram] = DEMO_FANS
    const first = await comment(post.id, sanne.psid, 'Ik wil die jas!')
    await comment(post.id, sanne.psid, 'Jas jas jas') // the same commenter again
    await comment(post.id, daan.psid, 'Mooi!') // no keyword
    await comment(first.id, fleur.psid, 'Ik ook een jas') // a reply
    await comment(post.id, bram.psid, 'JAS please')

    const result = await collectCommentEntries({ campaignId: campaign.id }, fanfare.app)
    expect(result[campaign.id]).toMatchObject({ seen: 4, entered: 2, duplicates: 1, skipped: 1 })
    const entries = await stored(fanfare.app).entries.find({ campaignId: campaign.id }).lean()
    expect(entries.map((e) => e.entrant?.id).sort()).toEqual([sanne.psid, bram.psid].sort())
    expect(entries.every((e) => e.entrant?.kind === 'page')).toBe(true)

    // Paging: two comments a page gives the same entries, and collecting again adds nothing.
    const again = await fanfare.app.campaigns.comments.collect(campaign.id, { pageSize: 2 })
    expect(again).toMatchObject({ seen: 4, entered: 0, duplicates: 3, skipped: 1 })
  })

  it('records a comment from the webhook once, and explains the two kinds of ids on the verification page', async () => {
    const post = await control(fanfare.sandbox, 'POST', `/pages/${DEMO_PAGE_ID}/posts`, {
      message: 'Nog een jas!',
    })
    const campaign = await commentContest(post.id, { commentKeyword: '' })
    const value = {
      facebookPageId: DEMO_PAGE_ID,
      postId: post.id,
      comment: {
        id: `${post.id.split('_')[1]}_999`,
        message: 'Doe mee!',
        createdTime: new Date(),
        from: { id: DEMO_FANS[4].psid, name: DEMO_FANS[4].name },
        parentId: post.id,
      },
    }
    const recorded = await fanfare.app.campaigns.comments.recordCommentEntry(value)
    expect(recorded).toEqual([{ campaignId: campaign.id, outcome: 'entered' }])
    const retried = await fanfare.app.campaigns.comments.recordCommentEntry(value)
    expect(retried).toEqual([{ campaignId: campaign.id, outcome: 'duplicate' }])
    // The page's own comments never enter.
    const own = await fanfare.app.campaigns.comments.recordCommentEntry({
      ...value,
      comment: { ...value.comment, id: 'x_1', from: { id: DEMO_PAGE_ID, name: 'Demo Webshop' } },
    })
    expect(own[0]?.outcome).toBe('skipped')

    await api.post(`/api/v1/campaigns/${campaign.id}/close`)
    await api.post(`/api/v1/campaigns/${campaign.id}/draw`)
    const page = await newBrowser(fanfare).get(`/c/${campaign.slug}/verify`)
    expect(page.text).toContain('commenters once per commenter (1 entries)')
    const csv = await newBrowser(fanfare).get(`/c/${campaign.slug}/entries.csv`)
    expect(csv.text).toMatch(/\n[A-Za-z0-9_-]{16},page,0,,\n/)
    expect(csv.text).not.toContain(DEMO_FANS[4].psid)
  })

  it('enters a fan whose comment arrives through the comment webhook job, but not the page’s own reply', async () => {
    const post = await control(fanfare.sandbox, 'POST', `/pages/${DEMO_PAGE_ID}/posts`, {
      message: 'Win een jas via de webhook!',
    })
    const campaign = await commentContest(post.id, { commentKeyword: '' })
    const fan = DEMO_FANS[5]
    const change = (id: string, from: { id: string; name: string }, verb = 'add') => ({
      item: 'comment' as const,
      verb,
      created_time: Math.floor(Date.now() / 1000),
      post_id: post.id,
      comment_id: `${post.id.split('_')[1]}_${id}`,
      message: 'Ik doe mee',
      from,
    })
    const job = (changes: ReturnType<typeof change>[]) =>
      applyCommentEvent({ key: `test-${Math.random()}`, facebookPageId: DEMO_PAGE_ID, changes }, fanfare.app)

    await job([change('801', { id: fan.psid, name: fan.name })])
    await job([change('801', { id: fan.psid, name: fan.name }, 'edited')])
    await job([change('802', { id: DEMO_PAGE_ID, name: 'the page' })])
    const entries = await stored(fanfare.app).entries.find({ campaignId: campaign.id }).lean()
    expect(entries.map((e) => e.entrant?.id)).toEqual([fan.psid])
  })

  it('applies stored deliveries that arrive together in one run, each post with its own campaigns', async () => {
    const [contestPost, otherPost] = await Promise.all(
      ['Win een jas in één run!', 'Gewoon een post'].map((message) =>
        control(fanfare.sandbox, 'POST', `/pages/${DEMO_PAGE_ID}/posts`, { message }),
      ),
    )
    const campaign = await commentContest(contestPost.id, { commentKeyword: '' })
    const now = Math.floor(Date.now() / 1000)
    const on = (post: { id: string }, id: string, fan: (typeof DEMO_FANS)[number], verb = 'add') => ({
      verb,
      created_time: now,
      post_id: post.id,
      comment_id: `${post.id.split('_')[1]}_${id}`,
      message: 'Ik doe mee met de jas',
      from: { id: fan.psid, name: fan.name },
    })
    const [a, b, c, d] = DEMO_FANS
    const bodies = [
      feedBody(DEMO_PAGE_ID, [on(contestPost, '901', a), on(otherPost, '902', b)]),
      feedBody(DEMO_PAGE_ID, [on(contestPost, '903', c)]),
      feedBody(DEMO_PAGE_ID, [on(otherPost, '904', d), on(contestPost, '903', c, 'remove')]),
      feedBody(DEMO_PAGE_ID, [on(contestPost, '905', d)]),
    ]
    // Stored and queued as the webhook does; no worker runs here, so the jobs are run below.
    for (const body of bodies) await fanfare.app.comments.intake.receive(Buffer.from(body), sign(body))
    const keys = bodies.map((body) => createHash('sha256').update(body).digest('hex'))
    // Started together: the first runs at once, the other three wait for it and go as one run.
    const applied = await Promise.all(keys.map((key) => applyCommentEvent({ key }, fanfare.app)))
    expect(applied.map((r) => r.results)).toEqual([
      ['applied', 'applied'],
      ['applied'],
      ['applied', 'applied'],
      ['applied'],
    ])

    const { entries, comments } = stored(fanfare.app)
    const entered = await entries.find({ campaignId: campaign.id, status: 'active' }).lean()
    // c's comment was removed in a later delivery of the same run: its entry went with it.
    expect(entered.map((e) => e.entrant?.id).sort()).toEqual([a.psid, d.psid].sort())
    expect(await comments.countDocuments({ postId: otherPost.id })).toBe(2)
    // Applying the same deliveries again changes nothing.
    const again = await Promise.all(keys.map((key) => applyCommentEvent({ key }, fanfare.app)))
    expect(again.map((r) => r.results)).toEqual(keys.map(() => ['already applied']))
  })
})
