// What needs doing, per role: the admin's pages that need reconnecting, team and open invites; the
// marketer's next posts and running campaigns; the moderator's open complaints by age and unread count.
import type { FastifyInstance } from 'fastify'
import type { PageScope } from '../pages/page-scope.js'
import type { Member } from '../team/service.js'

export type Dashboard = Awaited<ReturnType<ReturnType<typeof createDashboard>>>

const UPCOMING_POSTS = 5
const OLDEST_COMPLAINTS = 8

export function createDashboard(app: FastifyInstance) {
  const { pages, team, posts, campaigns, comments } = app

  async function adminPart() {
    const [connected, members, invites] = await Promise.all([
      pages.list(),
      team.list(),
      team.listOpenInvites(),
    ])
    return {
      reconnect: connected.filter((p) => p.tokenStatus === 'needs_reconnect'),
      pageCount: connected.length,
      members,
      invites,
    }
  }

  async function marketerPart(scope: PageScope) {
    const [next, all] = await Promise.all([
      posts.queries.upcoming(scope.ids, UPCOMING_POSTS),
      campaigns.queries.list(scope.all ? null : scope.ids),
    ])
    const now = new Date()
    const running = all.filter((c) => c.phase === 'published' && c.opensAt <= now && now < c.closesAt)
    const counts = await Promise.all(running.map((c) => campaigns.results.count(c)))
    return {
      next,
      running: running.map((c, i) => ({ campaign: c, entries: counts[i] ?? 0 })),
    }
  }

  async function moderatorPart(scope: PageScope, user: Member) {
    const facebook = scope.all ? null : scope.facebookPageIds
    const [workload, unread] = await Promise.all([
      comments.inbox.workload(facebook, OLDEST_COMPLAINTS),
      comments.inbox.unread(facebook, user.inboxSeenAt ?? null),
    ])
    return { ...workload, unread }
  }

  /** Only the parts the member's role works with are read. */
  return async function dashboardFor(user: Member, scope: PageScope) {
    const role = user.role
    const [admin, marketer, moderator] = await Promise.all([
      role === 'admin' ? adminPart() : null,
      role === 'admin' || role === 'marketer' ? marketerPart(scope) : null,
      role === 'admin' || role === 'moderator' ? moderatorPart(scope, user) : null,
    ])
    return { role, pages: scope.pages, admin, marketer, moderator }
  }
}
