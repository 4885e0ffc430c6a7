// Writers racing on the same documents: concurrent webhook deliveries on one barometer day, and two
// moderators and a webhook edit on one comment. A store (or code) that loses a write fails these.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { DEMO_FANS } from '../../sandbox/seed.js'
import { CATEGORIES } from '../../src/modules/comments/model.js'
import {
  type Change,
  type FanfareWithWorker,
  feedBody,
  postWebhook,
  startFanfareWithWorker,
  waitForComment,
} from '../helpers/comments.js'
import {
  adminWithDemoPage,
  apiClient,
  createApiToken,
  DEMO_PAGE_ID,
  DEMO_USERS,
  joinTeam,
} from '../helpers/fanfare.js'
import { stored } from '../helpers/stored.js'

const MESSAGES = [
  'Mijn pakket is nog steeds niet geleverd 😡',
  'Super snel geleverd, top!',
  'Is de jas ook in maat XL?',
  'Kapot aangekomen, wat een teleurstelling',
  'Love it, thanks!',
]
const digits = () => randomUUID().replaceAll('-', '').replace(/[a-f]/g, '7').slice(0, 12)
const newPost = () => `${DEMO_PAGE_ID}_8${digits()}`

let fanfare: FanfareWithWorker
let admin: ReturnType<typeof apiClient>
let moderator: ReturnType<typeof apiClient>
let moderatorUserId: string

beforeAll(async () => {
  fanfare = await startFanfareWithWorker()
  const { browser } = await adminWithDemoPage(fanfare)
  admin = apiClient(fanfare, await createApiToken(browser))
  const joined = await joinTeam(fanfare, admin, DEMO_USERS.moderator.id, 'moderator')
  moderator = apiClient(fanfare, await createApiToken(joined.browser))
  const user = await stored(fanfare.app).users.findOne({ name: DEMO_USERS.moderator.name }).lean()
  moderatorUserId = String(user?._id)
})
afterAll(async () => {
  await fanfare?.close()
})

/** Waits until every stored delivery mentioning `text` has been applied. */
async function deliveriesApplied(text: string, count: number) {
  await vi.waitFor(
    async () => {
      const applied = await stored(fanfare.app).webhookEvents.countDocuments({
        body: { $regex: text },
        appliedAt: { $ne: null },
      })
      if (applied !== count) throw new Error(`${applied} of ${count} deliveries applied`)
    },
    { timeout: 30_000, interval: 100 },
  )
}

describe('concurrent webhook deliveries', () => {
  it('counts 60 comments from 6 concurrent batches exactly once on the barometer, words included', async () => {
    // A day of its own (years ago), so no other test's comments share its counters.
    const day = new Date(
      Date.UTC(2001 + Math.floor(Math.random() * 20), Math.floor(Math.random() * 12), 10, 12),
    )
    const at = Math.floor(day.getTime() / 1000)
    const post = newPost()
    const fan = (i: number) => DEMO_FANS[i % DEMO_FANS.length] as (typeof DEMO_FANS)[number]
    const batches = Array.from({ length: 6 }, (_, b) =>
      Array.from(
        { length: 10 },
        (_, i): Change => ({
          verb: 'add',
          comment_id: `${post.split('_')[1]}_${b}${i}${digits()}`,
          post_id: post,
          created_time: at + b * 10 + i,
          message: MESSAGES[(b + i) % MESSAGES.length] as string,
          from: { id: fan(i).psid, name: fan(i).name },
        }),
      ),
    )
    // Each batch is also redelivered in another order (other bytes, so another delivery applying the
    // same changes at the same time): counting must still be once per comment.
    const bodies = batches.flatMap((changes) => [
      feedBody(DEMO_PAGE_ID, changes),
      feedBody(DEMO_PAGE_ID, [...changes].reverse()),
    ])
    const answers = await Promise.all(bodies.map((body) => postWebhook(fanfare, body)))
    expect(answers.map((a) => a.status)).toEqual(bodies.map(() => 200))
    await deliveriesApplied(post, bodies.length)

    const models = stored(fanfare.app)
    const comments = await models.comments.find({ postId: post }).lean()
    expect(comments).toHaveLength(60)
    const dayKey = comments[0]?.counted?.day as string
    const week = comments[0]?.counted?.week as string
    expect(comments.every((c) => c.counted?.day === dayKey)).toBe(true)
    const counter = await models.barometerDays.findOne({ facebookPageId: DEMO_PAGE_ID, day: dayKey }).lean()
    expect(counter?.total).toBe(60)
    expect((counter?.positive ?? 0) + (counter?.negative ?? 0) + (counter?.neutral ?? 0)).toBe(60)
    for (const sentiment of ['positive', 'negative', 'neutral'] as const)
      expect(counter?.[sentiment], sentiment).toBe(comments.filter((c) => c.sentiment === sentiment).length)

    const expectedWords = new Map<string, number>()
    for (const c of comments)
      for (const w of c.counted?.words ?? []) expectedWords.set(w, (expectedWords.get(w) ?? 0) + 1)
    expect(expectedWords.size).toBeGreaterThan(0)
    const words = await models.barometerWords.find({ facebookPageId: DEMO_PAGE_ID, week }).lean()
    expect(Object.fromEntries(words.map((w) => [w.term, w.count]))).toEqual(Object.fromEntries(expectedWords))
  })
})

describe('moderators and a webhook on one comment', () => {
  it('keeps an assignment, a note and a webhook edit made at the same time on each of 10 comments', async () => {
    const post = newPost()
    const fan = { id: DEMO_FANS[2].psid, name: DEMO_FANS[2].name }
    const t = Math.floor(Date.now() / 1000) - 600
    const adds: Change[] = Array.from({ length: 10 }, (_, i) => ({
      verb: 'add',
      comment_id: `${post.split('_')[1]}_${i}${digits()}`,
      post_id: post,
      created_time: t + i,
      message: 'Waar blijft mijn pakket?',
      from: fan,
    }))
    expect((await postWebhook(fanfare, feedBody(DEMO_PAGE_ID, adds))).status).toBe(200)
    for (const add of adds) await waitForComment(fanfare, add.comment_id, (c) => c.contentVersion > 0)

    // All at once: the admin assigns, the moderator notes, Facebook reports the fan's edit.
    const answers = await Promise.all(
      adds.flatMap((add) => [
        admin.post(`/api/v1/comments/${add.comment_id}/assign`, { assigneeId: moderatorUserId }),
        moderator.post(`/api/v1/comments/${add.comment_id}/notes`, { text: `gebeld over ${add.comment_id}` }),
        postWebhook(
          fanfare,
          feedBody(DEMO_PAGE_ID, [
            { ...add, verb: 'edited', created_time: add.created_time + 60, message: 'Binnen, top!' },
          ]),
        ),
      ]),
    )
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200))

    for (const add of adds) {
      const comment = await waitForComment(fanfare, add.comment_id, (c) => c.message === 'Binnen, top!')
      expect(comment, add.comment_id).toMatchObject({ assigneeId: moderatorUserId, sentiment: 'positive' })
      expect(comment.actions.map((a: { kind: string }) => a.kind).sort(), add.comment_id).toEqual([
        'assign',
        'note',
      ])
      expect(comment.actions.find((a: { kind: string }) => a.kind === 'note')?.text).toBe(
        `gebeld over ${add.comment_id}`,
      )
    }
  })
})

describe('concurrent webhook edits of the same comments', () => {
  it('ends every comment on its newest edit, counted once, when 6 deliveries of edits race', async () => {
    // A day of its own, so the counter below holds only these comments.
    const day = new Date(
      Date.UTC(1980 + Math.floor(Math.random() * 20), Math.floor(Math.random() * 12), 12, 9),
    )
    const at = Math.floor(day.getTime() / 1000)
    const post = newPost()
    const fan = { id: DEMO_FANS[1].psid, name: DEMO_FANS[1].name }
    const adds: Change[] = Array.from({ length: 10 }, (_, i) => ({
      verb: 'add',
      comment_id: `${post.split('_')[1]}_${i}${digits()}`,
      post_id: post,
      created_time: at + i,
      message: 'Waar blijft mijn pakket?',
      from: fan,
    }))
    expect((await postWebhook(fanfare, feedBody(DEMO_PAGE_ID, adds))).status).toBe(200)
    await deliveriesApplied(post, 1)

    // Six deliveries at once, each editing all ten comments (a later edit in each), so every
    // delivery reads the comments at the same revision; a write that does not check the revision
    // it decided from lets an older edit overwrite a newer one and counts a comment twice.
    const edits = Array.from({ length: 6 }, (_, e) =>
      adds.map((add, i) => ({
        ...add,
        verb: 'edited',
        created_time: add.created_time + 60 * (e + 1),
        message: MESSAGES[(e + i) % MESSAGES.length] as string,
      })),
    )
    const answers = await Promise.all(
      edits.map((changes) => postWebhook(fanfare, feedBody(DEMO_PAGE_ID, changes))),
    )
    expect(answers.map((a) => a.status)).toEqual(edits.map(() => 200))
    await deliveriesApplied(post, 7)

    const models = stored(fanfare.app)
    const comments = await models.comments.find({ postId: post }).lean()
    expect(comments).toHaveLength(10)
    const newest = edits[5] as Change[]
    for (const edit of newest)
      expect(comments.find((c) => c._id === edit.comment_id)?.message, edit.comment_id).toBe(edit.message)
    const dayKey = comments[0]?.counted?.day as string
    const counter = await models.barometerDays.findOne({ facebookPageId: DEMO_PAGE_ID, day: dayKey }).lean()
    expect(counter?.total).toBe(10)
    // Every counter is on the day from its first write, moved or not (readers take them as numbers).
    for (const sentiment of ['positive', 'negative', 'neutral'] as const)
      expect(counter?.[sentiment], sentiment).toBe(comments.filter((c) => c.sentiment === sentiment).length)
    expect(Object.keys(counter?.categories ?? {}).sort()).toEqual([...CATEGORIES].sort())
    expect(typeof counter?.complaints).toBe('number')
  })
})
