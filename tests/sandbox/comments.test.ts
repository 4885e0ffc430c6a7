// The sandbox's comments: listing (filter, order, summary, paging), replies, hide and delete.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StartedSandbox } from '../../sandbox/app.js'
import { DEMO_FANS } from '../../sandbox/seed.js'
import {
  control,
  DEMO_PAGE_ID,
  DEMO_USERS,
  graph,
  pageToken,
  startTestSandbox,
  userToken,
} from '../helpers/sandbox.js'

let sandbox: StartedSandbox
let token: string
let postId: string
beforeEach(async () => {
  sandbox = await startTestSandbox()
  token = await pageToken(sandbox)
  postId = (await control(sandbox, 'POST', `/pages/${DEMO_PAGE_ID}/posts`, { message: 'Win een jas!' })).id
})
afterEach(async () => {
  await sandbox.close()
})

async function fanComment(on: string, message: string, fan: (typeof DEMO_FANS)[number] = DEMO_FANS[0]) {
  return control(sandbox, 'POST', '/comments', { on, from: fan.id, message })
}

describe('listing comments', () => {
  it('pages top-level comments chronologically, each exactly once, with summary and paging.next', async () => {
    const ids: string[] = []
    for (let i = 0; i < 12; i++) {
      const comment = await fanComment(postId, `comment ${i}`)
      ids.push(comment.id)
      if (i === 3) await fanComment(comment.id, 'a reply')
    }
    const seen: string[] = []
    let after: string | undefined
    let pages = 0
    do {
      const answer = await graph(sandbox, 'GET', `/v25.0/${postId}/comments`, {
        access_token: token,
        limit: 5,
        summary: true,
        ...(after ? { after } : {}),
      })
      expect(answer.body.summary).toEqual({ order: 'chronological', total_count: 12, can_comment: true })
      seen.push(...answer.body.data.map((c: { id: string }) => c.id))
      after = answer.body.paging?.next ? answer.body.paging.cursors.after : undefined
      pages += 1
    } while (after)
    expect(pages).toBe(3)
    expect(seen).toEqual(ids)
  })

  it('filter=stream includes replies, order=reverse_chronological reverses', async () => {
    const first = await fanComment(postId, 'eerste')
    const reply = await fanComment(first.id, 'antwoord', DEMO_FANS[1])
    const second = await fanComment(postId, 'tweede')
    const stream = await graph(sandbox, 'GET', `/v25.0/${postId}/comments`, {
      access_token: token,
      filter: 'stream',
      summary: 'true',
      fields: 'id,message,parent,from',
    })
    expect(stream.body.data.map((c: { id: string }) => c.id)).toEqual([first.id, reply.id, second.id])
    expect(stream.body.data[1].parent.id).toBe(first.id)
    expect(stream.body.data[1].from).toEqual({ id: DEMO_FANS[1].psid, name: DEMO_FANS[1].name })
    expect(stream.body.summary.total_count).toBe(3)

    const reversed = await graph(sandbox, 'GET', `/v25.0/${postId}/comments`, {
      access_token: token,
      order: 'reverse_chronological',
      summary: true,
    })
    expect(reversed.body.data.map((c: { id: string }) => c.id)).toEqual([second.id, first.id])
    expect(reversed.body.summary.order).toBe('reverse_chronological')

    const replies = await graph(sandbox, 'GET', `/v25.0/${first.id}/comments`, { access_token: token })
    expect(replies.body.data.map((c: { id: string }) => c.id)).toEqual([reply.id])
  })

  it('uses the PSID in from.id, not the ASID from login', async () => {
    const comment = await fanComment(postId, 'hoi')
    const read = await graph(sandbox, 'GET', `/v25.0/${comment.id}`, { access_token: token })
    expect(read.body.from.id).toBe(DEMO_FANS[0].psid)
    expect(read.body.from.id).not.toBe(DEMO_FANS[0].id)
  })

  it('reads one comment with the moderation fields', async () => {
    const comment = await fanComment(postId, 'Mijn pakket is nog steeds niet geleverd 😡')
    await fanComment(comment.id, 'ik ook')
    const read = await graph(sandbox, 'GET', `/v25.0/${comment.id}`, {
      access_token: token,
      fields: 'id,message,from,created_time,parent,is_hidden,can_hide,comment_count,permalink_url',
    })
    expect(read.body).toMatchObject({
      id: comment.id,
      message: 'Mijn pakket is nog steeds niet geleverd 😡',
      is_hidden: false,
      can_hide: true,
      comment_count: 1,
    })
    expect(read.body.parent).toBeUndefined()
    expect(read.body.permalink_url).toContain('comment_id=')
    expect(comment.id).toMatch(new RegExp(`^${postId.split('_')[1]}_\\d+$`))
  })

  it('refuses an unknown field and an unknown filter with (#100)', async () => {
    const field = await graph(sandbox, 'GET', `/v25.0/${postId}/comments`, {
      access_token: token,
      fields: 'id,nope',
    })
    expect(field.body.error).toMatchObject({ code: 100 })
    expect(field.body.error.message).toContain('nope')
    const filter = await graph(sandbox, 'GET', `/v25.0/${postId}/comments`, {
      access_token: token,
      filter: 'all',
    })
    expect(filter.body.error.code).toBe(100)
  })
})

describe('moderating comments', () => {
  it('replies as the page', async () => {
    const comment = await fanComment(postId, 'Is de jas er in XL?')
    const reply = await graph(sandbox, 'POST', `/v25.0/${comment.id}/comments`, {
      access_token: token,
      message: 'Ja!',
    })
    expect(reply.body.id).toMatch(/^\d+_\d+$/)
    const read = await graph(sandbox, 'GET', `/v25.0/${reply.body.id}`, {
      access_token: token,
      fields: 'from,parent',
    })
    expect(read.body.from).toEqual({ id: DEMO_PAGE_ID, name: 'Demo Webshop' })
    expect(read.body.parent.id).toBe(comment.id)
  })

  it('refuses commenting with a user token (#1705) and a marketer without MODERATE (#200)', async () => {
    const comment = await fanComment(postId, 'hoi')
    const asUser = await graph(sandbox, 'POST', `/v25.0/${comment.id}/comments`, {
      access_token: await userToken(sandbox),
      message: 'x',
    })
    expect(asUser.body.error.code).toBe(1705)
    const marketer = await pageToken(sandbox, DEMO_USERS.marketer.id)
    const hide = await graph(sandbox, 'POST', `/v25.0/${comment.id}`, {
      access_token: marketer,
      is_hidden: true,
    })
    expect(hide.status).toBe(403)
    expect(hide.body.error.code).toBe(200)
  })

  it('hides, unhides and deletes; the control API still shows hidden and deleted comments', async () => {
    const moderator = await pageToken(sandbox, DEMO_USERS.moderator.id)
    const comment = await fanComment(postId, 'spam spam')
    const hide = await graph(sandbox, 'POST', `/v25.0/${comment.id}`, {
      access_token: moderator,
      is_hidden: true,
    })
    expect(hide.body).toEqual({ success: true })
    const hidden = await graph(sandbox, 'GET', `/v25.0/${comment.id}`, {
      access_token: moderator,
      fields: 'is_hidden',
    })
    expect(hidden.body.is_hidden).toBe(true)

    const deleted = await graph(sandbox, 'DELETE', `/v25.0/${comment.id}`, { access_token: moderator })
    expect(deleted.body).toEqual({ success: true })
    const list = await graph(sandbox, 'GET', `/v25.0/${postId}/comments`, {
      access_token: moderator,
      summary: true,
    })
    expect(list.body.data).toEqual([])
    expect(list.body.summary.total_count).toBe(0)
    expect((await graph(sandbox, 'GET', `/v25.0/${comment.id}`, { access_token: moderator })).status).toBe(
      400,
    )

    const all = await control(sandbox, 'GET', `/pages/${DEMO_PAGE_ID}/comments`)
    expect(all.data.find((c: { id: string }) => c.id === comment.id)).toMatchObject({
      isHidden: true,
      deleted: true,
    })
  })

  it('starts with Dutch and English demo comments, complaints and praise among them', async () => {
    const all = await control(sandbox, 'GET', `/pages/${DEMO_PAGE_ID}/comments`)
    const messages = all.data.map((c: { message: string }) => c.message)
    expect(messages).toContain('Mijn pakket is nog steeds niet geleverd 😡')
    expect(messages).toContain('Super snel geleverd, top!')
    expect(all.data.some((c: { parentId?: string }) => c.parentId)).toBe(true)
  })
})
