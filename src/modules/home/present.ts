// The home page's view model: every time in the page's zone and the person's language, ages of
// waiting complaints, counts ready for plural-aware messages.
import type { Locale } from '../../i18n/index.js'
import { DEFAULT_ZONE, hoursSince, humanTime } from '../../i18n/time.js'
import type { Dashboard } from './dashboard.js'
import type { HomeSection } from './sections.js'

const excerpt = (text: string | null | undefined, max = 90) => {
  const t = (text ?? '').replace(/\s+/g, ' ').trim()
  return t.length > max ? `${t.slice(0, max - 1)}…` : t
}

/** A complaint that waited longer than this is marked as overdue. */
const OVERDUE_HOURS = 24

export function homeView(d: Dashboard, locale: Locale, sections: HomeSection[], now = new Date()) {
  const byId = new Map(d.pages.map((p) => [p.id, p]))
  const byFacebookId = new Map(d.pages.map((p) => [p.facebookPageId, p]))
  const shopZone = d.pages[0]?.timeZone ?? DEFAULT_ZONE
  const at = (date: Date | null | undefined, zone: string = shopZone) =>
    humanTime(date, { locale, zone, now })

  const admin = d.admin && {
    reconnect: d.admin.reconnect.map((p) => ({
      id: p.id,
      name: p.name,
      since: at(p.tokenProblemAt, p.timeZone),
    })),
    pageCount: d.admin.pageCount,
    members: d.admin.members.map((m) => ({
      name: m.name,
      roleLabel: `roles.${m.role}`,
      lastLogin: at(m.lastLoginAt),
    })),
    invites: d.admin.invites.map((i) => ({
      roleLabel: `roles.${i.role}`,
      note: i.note ?? null,
      expires: at(i.expiresAt),
    })),
  }

  const marketer = d.marketer && {
    next: d.marketer.next.map((p) => {
      const page = byId.get(p.pageId)
      return {
        id: p.id,
        excerpt: excerpt(p.message),
        label: `posts.labels.${p.label}`,
        status: p.status,
        pageName: page?.name ?? '',
        when: at(p.scheduledAt, page?.timeZone),
      }
    }),
    running: d.marketer.running.map(({ campaign: c, entries }) => {
      const page = byId.get(c.pageId)
      return {
        id: c.id,
        title: c.title?.[locale] || c.title?.nl || c.title?.en || c.slug,
        kind: `campaigns.kind.${c.kind}`,
        pageName: page?.name ?? '',
        closes: at(c.closesAt, page?.timeZone),
        entries,
      }
    }),
  }

  const moderator = d.moderator && {
    open: d.moderator.open,
    complaints: d.moderator.complaints,
    unread: d.moderator.unread,
    oldest: d.moderator.oldest.map((c) => {
      const page = byFacebookId.get(c.facebookPageId)
      const hours = c.createdTime ? hoursSince(c.createdTime, now) : 0
      return {
        id: c.facebookCommentId,
        excerpt: excerpt(c.message, 70),
        author: c.from?.name ?? '',
        category: c.category ? `comments.categories.${c.category}` : null,
        pageName: page?.name ?? '',
        waiting: at(c.createdTime, page?.timeZone),
        overdue: hours >= OVERDUE_HOURS,
      }
    }),
  }

  return { home: { role: d.role, admin, marketer, moderator, sections } }
}
