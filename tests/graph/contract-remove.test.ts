// Breaking case 2 end to end: the remove webhook as Facebook really sends it (restfb's recorded
// feed-comment-remove-25.json: no created_time, no message) closes the comment in the inbox and
// takes back the comment-to-enter entry it made; the page's own reply in the old sender_id form
// is not a fan's comment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyCommentEvent } from '../../jobs/apply-comment-event.js'
import { DEMO_FANS } from '../../sandbox/seed.js'
import { commentEventsOf, WebhookPayload } from '../../src/modules/comments/webhook.js'
import { openContest } from '../helpers/campaigns.js'
import {
  adminWithDemoPage,
  apiClient,
  control,
  createApiToken,
  DEMO_PAGE_ID,
  type Fanfare,
  startFanfare,
} from '../helpers/fanfare.js'
import { stored } from '../helpers/stored.js'
import { webhook } from './corpus.js'

/** A recorded delivery with its ids moved onto the demo page, post and comment. */
function recorded(name: string, ids: { post: string; comment: string; from?: { id: string; name: string } }) {
  const body = structuredClone(webhook(name).body)
  const entry = body.entry[0]
  entry.id = DEMO_PAGE_ID
  const value = entry.changes[0].value
  value.post_id = ids.post
  value.parent_id = ids.post
  value.comment_id = ids.comment
  if (ids.from && value.from) value.from = ids.from
  if (value.sender_id !== undefined) value.sender_id = Number(DEMO_PAGE_ID)
  return commentEventsOf(WebhookPayload.parse(body))
}

describe('a fan removes a comment that entered a contest', () => {
  let fanfare: Fanfare
  let api: ReturnType<typeof apiClient>
  let pageId: string
  beforeAll(async () => {
    fanfare = await startFanfare()
    const admin = await adminWithDemoPage(fanfare)
    pageId = admin.pageId
    api = apiClient(fanfare, await createApiToken(admin.browser))
  })
  afterAll(() => fanfare?.close())

  it('closes the comment and withdraws its entry; the page reply in sender_id form enters nobody', async () => {
    const post = await control(fanfare.sandbox, 'POST', `/pages/${DEMO_PAGE_ID}/posts`, {
      message: 'Win een jas!',
    })
    const created = await api.post('/api/v1/campaigns', {
      ...openContest(pageId, { minAge: '', countries: '' }),
      entryMethod: 'comment',
      commentPostId: post.id,
      commentKeyword: '',
      winnerCount: 1,
    })
    expect(created.status).toBe(201)
    const campaignId = created.body.campaign.id as string
    await api.post(`/api/v1/campaigns/${campaignId}/publish`)
    const fan = DEMO_FANS[2]
    const commentId = `${post.id.split('_')[1]}_905579239537901`
    const job = (events: ReturnType<typeof commentEventsOf>) =>
      applyCommentEvent(
        { key: events[0]?.key ?? 'none', facebookPageId: DEMO_PAGE_ID, changes: events.map((e) => e.change) },
        fanfare.app,
      )

    const added = recorded('comment-add-fan', {
      post: post.id,
      comment: commentId,
      from: { id: fan.psid, name: fan.name },
    })
    ;(added[0] as (typeof added)[number]).change.created_time = Math.floor(Date.now() / 1000)
    await job(added)
    const { entries, comments } = stored(fanfare.app)
    expect(await entries.countDocuments({ campaignId })).toBe(1)

    // the page answers in the old form: numeric sender_id, no from
    const pageReplyId = `${post.id.split('_')[1]}_905579239537902`
    const reply = recorded('comment-add-sender', { post: post.id, comment: pageReplyId })
    ;(reply[0] as (typeof reply)[number]).change.created_time = Math.floor(Date.now() / 1000)
    expect(reply[0]?.change.from).toEqual({ id: DEMO_PAGE_ID, name: 'Tester' })
    await job(reply)
    expect(await entries.countDocuments({ campaignId })).toBe(1)
    expect(await comments.findOne({ _id: pageReplyId }).lean()).toMatchObject({ byPage: true })

    const removed = recorded('comment-remove', {
      post: post.id,
      comment: commentId,
      from: { id: fan.psid, name: fan.name },
    })
    expect(removed).toHaveLength(1)
    await job(removed)
    expect(await comments.findOne({ _id: commentId }).lean()).toMatchObject({ removed: true })
    expect(await entries.countDocuments({ campaignId })).toBe(0)
  })
})
