import { DateTime } from 'luxon'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  adminWithDemoPage,
  apiClient,
  type Browser,
  createApiToken,
  csrfFrom,
  DEMO_USERS,
  type Fanfare,
  joinTeam,
  startFanfare,
} from '../helpers/fanfare.js'

const AMS = 'Europe/Amsterdam'

/** The demo page's posting rules in these tests. */
const RULES = {
  timeZone: AMS,
  maxPostsPerDay: 2,
  maxPromoPostsPerWeek: 2,
  minNonPromoSharePercent: 50,
  minGapMinutes: 90,
  quietHoursStart: '22:00',
  quietHoursEnd: '07:00',
}

/** A local time on a given weekday some weeks ahead, so each test plans in its own week. */
function local(weeksAhead: number, weekday: number, time: string): string {
  const [hour, minute] = time.split(':').map(Number)
  return DateTime.now()
    .setZone(AMS)
    .startOf('week')
    .plus({ weeks: weeksAhead, days: weekday - 1 })
    .set({ hour, minute })
    .toFormat("yyyy-MM-dd'T'HH:mm")
}

describe('scheduled posts: compose, rules, approval, import (JSON API and forms)', () => {
  let fanfare: Fanfare
  let admin: Browser
  let adminApi: ReturnType<typeof apiClient>
  let marketerApi: ReturnType<typeof apiClient>
  let marketer: Browser
  let pageId: string

  const compose = (api: ReturnType<typeof apiClient>, body: Record<string, unknown>) =>
    api.post('/api/v1/posts', { pageId, label: 'news', action: 'schedule', ...body })

  beforeAll(async () => {
    fanfare = await startFanfare()
    ;({ browser: admin, pageId } = await adminWithDemoPage(fanfare))
    adminApi = apiClient(fanfare, await createApiToken(admin, 'admin script'))
    ;({ browser: marketer } = await joinTeam(fanfare, adminApi, DEMO_USERS.marketer.id, 'marketer'))
    marketerApi = apiClient(fanfare, await createApiToken(marketer, 'marketer script'))
    const settings = await adminApi.patch(`/api/v1/pages/${pageId}`, RULES)
    expect(settings.status).toBe(200)
  })
  afterAll(() => fanfare.close())

  it('schedules a post at a page-local time and shows it in the page’s week calendar', async () => {
    const at = local(2, 2, '10:00')
    const res = await compose(marketerApi, { message: 'Nieuwe collectie binnen!', scheduledAt: at })
    expect(res.status).toBe(201)
    const [post] = res.body.posts
    expect(post).toMatchObject({ status: 'scheduled', scheduledLocal: at.replace('T', ' '), timeZone: AMS })
    expect(post.scheduledAt).toBe(DateTime.fromISO(at, { zone: AMS }).toUTC().toISO())

    const week = await adminApi.get(`/api/v1/pages/${pageId}/calendar?week=${at.slice(0, 10)}`)
    expect(week.status).toBe(200)
    const tuesday = week.body.days[1]
    expect(tuesday.date).toBe(at.slice(0, 10))
    expect(tuesday.posts.map((p: { id: string }) => p.id)).toEqual([post.id])

    const html = await admin.get(`/posts/calendar?pageId=${pageId}&week=${at.slice(0, 10)}`)
    expect(html.status).toBe(200)
    expect(html.text).toContain('Nieuwe collectie binnen!')
  })

  it('refuses the third post on a day capped at two with 422 naming the rule and the conflicting posts', async () => {
    const first = await compose(marketerApi, {
      message: 'Ochtendpost over de winkel',
      scheduledAt: local(3, 3, '09:00'),
    })
    const second = await compose(marketerApi, {
      message: 'Middagpost over het team',
      scheduledAt: local(3, 3, '13:00'),
    })
    expect([first.status, second.status]).toEqual([201, 201])
    const third = await compose(marketerApi, {
      message: 'Avondpost met een tip',
      scheduledAt: local(3, 3, '18:00'),
    })
    expect(third.status).toBe(422)
    expect(third.body.error.code).toBe('posts.rulesBroken')
    expect(third.body.error.details.map((d: { path: string }) => d.path)).toEqual(['rules.dailyCap'])
    expect(third.body.error.details[0].message).toContain('at most 2')
    expect(third.body.error.params.violations[0].conflictingPostIds.sort()).toEqual(
      [first.body.posts[0].id, second.body.posts[0].id].sort(),
    )
  })

  it('refuses a second promotion in a week without ordinary posts (promo share), and the weekly promo cap', async () => {
    const promo = await compose(marketerApi, {
      label: 'promotion',
      message: 'Black Friday: 30% korting',
      scheduledAt: local(4, 1, '10:00'),
    })
    expect(promo.status).toBe(201)
    const second = await compose(marketerApi, {
      label: 'new_product',
      message: 'Nieuw: de winterjas',
      scheduledAt: local(4, 2, '10:00'),
    })
    expect(second.status).toBe(422)
    expect(second.body.error.details.map((d: { path: string }) => d.path)).toEqual(['rules.promoShare'])
    expect(second.body.error.details[0].message).toContain('50%')

    for (const [day, text] of [
      [3, 'Hoe onderhoud je leer?'],
      [4, 'Maak kennis met Sanne'],
      [5, 'Vacature: magazijn'],
    ] as const) {
      expect(
        (await compose(marketerApi, { message: text, scheduledAt: local(4, day, '10:00') })).status,
      ).toBe(201)
    }
    expect(
      (
        await compose(marketerApi, {
          label: 'new_product',
          message: 'Nieuw: de winterjas',
          scheduledAt: local(4, 2, '10:00'),
        })
      ).status,
    ).toBe(201)
    const third = await compose(marketerApi, {
      label: 'promotion',
      message: 'Weekendactie',
      scheduledAt: local(4, 6, '10:00'),
    })
    expect(third.status).toBe(422)
    expect(third.body.error.details.map((d: { path: string }) => d.path)).toEqual(['rules.weeklyPromoCap'])
  })

  it('refuses a post within the minimum gap and one in quiet hours', async () => {
    expect(
      (await compose(marketerApi, { message: 'Eerste van de dag', scheduledAt: local(5, 2, '12:00') }))
        .status,
    ).toBe(201)
    const close = await compose(marketerApi, { message: 'Te snel erna', scheduledAt: local(5, 2, '13:00') })
    expect(close.status).toBe(422)
    expect(close.body.error.details.map((d: { path: string }) => d.path)).toEqual(['rules.minGap'])
    const night = await compose(marketerApi, { message: 'Nachtpost', scheduledAt: local(5, 4, '23:15') })
    expect(night.status).toBe(422)
    expect(night.body.error.details[0]).toMatchObject({ path: 'rules.quietHours' })
    expect(night.body.error.details[0].message).toContain('22:00')
  })

  it('lets only an admin override a rule, with a reason that lands in the audit log', async () => {
    const night = {
      message: 'Terugroepactie: stop met gebruik van de lamp',
      scheduledAt: local(5, 5, '23:00'),
    }
    const byMarketer = await compose(marketerApi, { ...night, overrideReason: 'safety recall' })
    expect(byMarketer.status).toBe(403)
    const byAdmin = await compose(adminApi, { ...night, overrideReason: 'safety recall' })
    expect(byAdmin.status).toBe(201)
    expect(byAdmin.body.posts[0].override).toMatchObject({ reason: 'safety recall', rules: ['quietHours'] })
    const audit = await adminApi.get(
      `/api/v1/audit?action=post.override&targetId=${byAdmin.body.posts[0].id}`,
    )
    expect(audit.body.entries[0]).toMatchObject({ reason: 'safety recall', after: { rules: ['quietHours'] } })
  })

  it('answers 400 naming scheduledAt for a time in the past or beyond the horizon', async () => {
    const past = await compose(marketerApi, {
      message: 'Te laat',
      scheduledAt: DateTime.now().minus({ days: 1 }).toISO(),
    })
    expect(past.status).toBe(400)
    expect(past.body.error).toMatchObject({ code: 'posts.timeInPast', details: [{ path: 'scheduledAt' }] })
    const far = await compose(marketerApi, {
      message: 'Te vroeg',
      scheduledAt: DateTime.now().plus({ years: 2 }).toISO(),
    })
    expect(far.status).toBe(400)
    expect(far.body.error).toMatchObject({ code: 'posts.beyondHorizon', details: [{ path: 'scheduledAt' }] })
    const garbage = await compose(marketerApi, { message: 'Onzin', scheduledAt: 'next tuesday' })
    expect(garbage.status).toBe(400)
    expect(garbage.body.error.details[0].path).toBe('body.scheduledAt')
  })

  it('lands posts at 02:30 on the spring-forward and fall-back days at the intended instants', async () => {
    // Rules aside (quiet hours), these are the instants a marketer asked for.
    const spring = await compose(adminApi, {
      message: 'Zomertijd!',
      scheduledAt: '2027-03-28T02:30',
      overrideReason: 'dst test',
    })
    expect(spring.status).toBe(201)
    expect(spring.body.posts[0]).toMatchObject({
      scheduledAt: '2027-03-28T01:30:00.000Z',
      scheduledLocal: '2027-03-28 03:30',
    })
    const autumn = await compose(adminApi, {
      message: 'Wintertijd!',
      scheduledAt: '2027-10-31T02:30',
      overrideReason: 'dst test',
    })
    expect(autumn.status).toBe(201)
    expect(autumn.body.posts[0]).toMatchObject({
      scheduledAt: '2027-10-31T00:30:00.000Z',
      scheduledLocal: '2027-10-31 02:30',
    })
    const calendar = await adminApi.get(`/api/v1/pages/${pageId}/calendar?week=2027-03-28`)
    expect(calendar.body.days[6]).toMatchObject({ date: '2027-03-28', dst: 'forward' })
  })

  it('repeats a post weekly as separate posts, and refuses the whole series when one occurrence breaks a rule', async () => {
    const res = await compose(marketerApi, {
      message: 'Wekelijkse tip van de week',
      scheduledAt: local(8, 1, '11:00'),
      repeatEvery: 1,
      repeatUnit: 'weeks',
      repeatTimes: 3,
    })
    expect(res.status).toBe(201)
    expect(res.body.posts.map((p: { scheduledLocal: string }) => p.scheduledLocal.slice(11))).toEqual([
      '11:00',
      '11:00',
      '11:00',
    ])
    expect(new Set(res.body.posts.map((p: { series: { id: string } }) => p.series.id)).size).toBe(1)

    const clash = await compose(marketerApi, {
      message: 'Dagelijkse herinnering',
      scheduledAt: local(8, 1, '11:30'),
      repeatEvery: 1,
      repeatUnit: 'days',
      repeatTimes: 2,
    })
    expect(clash.status).toBe(422)
    expect(clash.body.error.details[0].path).toBe('occurrences.1.rules.minGap')
  })

  it('sends a marketer’s post for approval on a page that requires it; an edit after approval needs approval again', async () => {
    await adminApi.patch(`/api/v1/pages/${pageId}`, { ...RULES, requireApproval: true })
    try {
      const created = await compose(marketerApi, {
        message: 'Graag goedkeuren',
        scheduledAt: local(9, 2, '10:00'),
      })
      expect(created.body.posts[0].status).toBe('awaiting_approval')
      const id = created.body.posts[0].id
      expect((await marketerApi.post(`/api/v1/posts/${id}/approve`, {})).status).toBe(403)
      const rejected = await adminApi.post(`/api/v1/posts/${id}/reject`, { comment: 'Noem de prijs' })
      expect(rejected.body).toMatchObject({ status: 'draft', rejection: { comment: 'Noem de prijs' } })

      const resubmitted = await marketerApi.patch(`/api/v1/posts/${id}`, {
        message: 'Graag goedkeuren: nu € 49',
        label: 'news',
        action: 'schedule',
        scheduledAt: local(9, 2, '10:00'),
        version: rejected.body.version,
      })
      expect(resubmitted.body.posts[0].status).toBe('awaiting_approval')
      const approved = await adminApi.post(`/api/v1/posts/${id}/approve`, {})
      expect(approved.body.posts[0]).toMatchObject({
        status: 'scheduled',
        approval: { by: DEMO_USERS.admin.name },
      })

      const edited = await marketerApi.patch(`/api/v1/posts/${id}`, {
        message: 'Graag goedkeuren: nu € 39',
        label: 'news',
        action: 'schedule',
        scheduledAt: local(9, 2, '10:30'),
        version: approved.body.posts[0].version,
      })
      expect(edited.body.posts[0].status).toBe('awaiting_approval')
      const stale = await marketerApi.patch(`/api/v1/posts/${id}`, {
        message: 'Oude versie',
        label: 'news',
        action: 'draft',
        version: approved.body.posts[0].version,
      })
      expect(stale.status).toBe(409)
      const audit = await adminApi.get(`/api/v1/audit?targetId=${id}`)
      expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining(['post.approve', 'post.reject']),
      )
    } finally {
      await adminApi.patch(`/api/v1/pages/${pageId}`, { ...RULES, requireApproval: false })
    }
  })

  it('imports a CSV: the bad row is refused with its reason, the others saved; all-or-nothing saves none', async () => {
    const rows = [
      'page,time,text,link,image,label',
      `Fanfare Demo Shop,${local(13, 1, '10:00')},Maandag: nieuw in de shop,https://shop.example/nieuw,,news`,
      `Fanfare Demo Shop,${local(13, 2, '10:00')},Dinsdag: kortingscode,not-a-link,,promotion`,
      `${DEMO_USERS.admin.id},${local(13, 3, '10:00')},Onbekende pagina,,,news`,
      `Fanfare Demo Shop,${local(13, 4, '23:30')},Nachtbericht,,,news`,
      `Fanfare Demo Shop,${local(13, 5, '10:00')},Vrijdag: vacature,,,vacancy`,
    ]
    const pageName = (await adminApi.get(`/api/v1/pages/${pageId}`)).body.name
    const csv = rows.join('\n').replaceAll('Fanfare Demo Shop', pageName)

    const strict = await marketerApi.post('/api/v1/posts/import', { csv, allOrNothing: true })
    expect(strict.status).toBe(200)
    expect(strict.body).toMatchObject({ saved: false, accepted: 0, refused: 3 })
    // The good rows are not "refused": they wait for the bad ones to be fixed.
    expect(strict.body.rows.map((r: { status: string }) => r.status)).toEqual([
      'withheld',
      'refused',
      'refused',
      'refused',
      'withheld',
    ])
    expect(
      (
        await marketerApi.get(
          `/api/v1/posts?from=${local(13, 1, '00:00').slice(0, 10)}&to=${local(13, 7, '00:00').slice(0, 10)}`,
        )
      ).body.total,
    ).toBe(0)

    const partial = await marketerApi.post('/api/v1/posts/import', { csv, allOrNothing: false })
    expect(partial.body).toMatchObject({ saved: true, accepted: 2, refused: 3 })
    const byRow = Object.fromEntries(partial.body.rows.map((r: { row: number }) => [r.row, r]))
    expect(byRow[2].status).toBe('accepted')
    expect(byRow[3]).toMatchObject({ status: 'refused', reasons: [{ path: 'link' }] })
    expect(byRow[4]).toMatchObject({ status: 'refused', reasons: [{ path: 'page' }] })
    expect(byRow[5]).toMatchObject({ status: 'refused', reasons: [{ path: 'rules.quietHours' }] })
    expect(byRow[6].status).toBe('accepted')
    const saved = await marketerApi.get(`/api/v1/posts/${byRow[6].postId}`)
    expect(saved.body).toMatchObject({ message: 'Vrijdag: vacature', label: 'vacancy', status: 'scheduled' })
  })

  it('composes through the form with CSRF, and shows a refused form again with the reason', async () => {
    const csrf = await csrfFrom(marketer, '/posts/new')
    const ok = await marketer
      .post('/posts')
      .type('form')
      .send({
        _csrf: csrf,
        pageId,
        label: 'news',
        message: 'Via het formulier',
        action: 'schedule',
        scheduledAt: local(11, 2, '10:00'),
      })
    expect(ok.status).toBe(303)
    const shown = await marketer.get(ok.headers.location as string)
    expect(shown.text).toContain('Via het formulier')
    expect(shown.text).toContain('scheduled')

    const refused = await marketer
      .post('/posts')
      .type('form')
      .send({
        _csrf: csrf,
        pageId,
        label: 'news',
        message: 'Te dichtbij <b>vet</b>',
        action: 'schedule',
        scheduledAt: local(11, 2, '10:30'),
      })
    expect(refused.status).toBe(422)
    expect(refused.text).toContain('Gap between posts')
    expect(refused.text).toContain('Te dichtbij &lt;b&gt;vet&lt;/b&gt;')
    expect(refused.text).not.toContain('<b>vet</b>')

    const noToken = await marketer
      .post('/posts')
      .type('form')
      .send({ pageId, label: 'news', message: 'x', action: 'draft' })
    expect(noToken.status).toBe(403)
  })

  it('lists posts filtered by page, status and author, in the JSON API and on the list page', async () => {
    const me = await marketerApi.get('/api/v1/me')
    const mine = await adminApi.get(
      `/api/v1/posts?authorId=${me.body.id}&status=scheduled&pageId=${pageId}&limit=200`,
    )
    expect(mine.status).toBe(200)
    expect(mine.body.total).toBeGreaterThan(0)
    for (const post of mine.body.posts)
      expect(post).toMatchObject({ status: 'scheduled', author: { id: me.body.id } })
    const theirs = await adminApi.get(`/api/v1/posts?authorId=${me.body.id}&status=cancelled`)
    expect(theirs.body.total).toBe(0)
    const html = await admin.get(`/posts?authorId=${me.body.id}&status=scheduled`)
    expect(html.status).toBe(200)
    expect(html.text).toContain(`${mine.body.total} posts`)
    // An operator never reaches the query: as a value it is refused, as a key it is ignored.
    expect((await adminApi.get('/api/v1/posts?status=$ne')).status).toBe(400)
    const ignored = await adminApi.get(
      `/api/v1/posts?authorId=${me.body.id}&status=scheduled&pageId=${pageId}&limit=200&status[$ne]=draft`,
    )
    expect(ignored.body.total).toBe(mine.body.total)
  })

  it('keeps moderators out of posts', async () => {
    const { browser: moderator } = await joinTeam(fanfare, adminApi, DEMO_USERS.moderator.id, 'moderator')
    expect((await moderator.get('/posts')).status).toBe(403)
  })
})
