// How post changes appear in the audit log: one target shape, and an entry per overridden post.
import type { AuditLog } from '../audit/service.js'
import type { Page } from '../pages/repository.js'
import type { Author } from './author.js'
import type { Post } from './repository.js'

export const auditTarget = (post: Pick<Post, 'id' | 'message'>) => ({
  type: 'post',
  id: post.id,
  label: post.message.slice(0, 60),
})

export async function recordOverride(
  audit: AuditLog,
  author: Author,
  page: Page,
  posts: Post[],
  reason: string,
  rules: string[],
) {
  for (const post of posts) {
    await audit.record(author.actor, {
      action: 'post.override',
      target: auditTarget(post),
      pageId: page.facebookPageId,
      after: { rules },
      reason,
    })
  }
}
