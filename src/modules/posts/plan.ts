// The page's plan as the rules see it, and rule results turned into errors and warnings people read.
import type { ErrorReason } from '../../errors.js'
import type { Page } from '../pages/repository.js'
import type { PostLabel } from './model.js'
import type { PostRepository, PostTiming } from './repository.js'
import {
  NEAR_DUPLICATE_WINDOW_DAYS,
  type PlannedPost,
  type PostingRules,
  type RuleCheck,
  type Violation,
} from './rules.js'
import { localLabel } from './schedule-time.js'

export function rulesOf(page: Page): PostingRules {
  return {
    timeZone: page.timeZone,
    maxPostsPerDay: page.maxPostsPerDay,
    maxPromoPostsPerWeek: page.maxPromoPostsPerWeek ?? 3,
    minNonPromoSharePercent: page.minNonPromoSharePercent ?? 50,
    minGapMinutes: page.minGapMinutes ?? 60,
    quietHours: page.quietHours?.start
      ? { start: page.quietHours.start, end: page.quietHours.end as string }
      : null,
  }
}

/** Where a post sits in the plan: when it went out if it did, else when it is due. */
export function plannedAt(post: Pick<PostTiming, 'publishedAt' | 'scheduledAt'>): Date | null {
  return post.publishedAt ?? post.scheduledAt ?? null
}

export function asPlanned(post: PostTiming): PlannedPost | null {
  const at = plannedAt(post)
  if (!at) return null
  return {
    id: post.id,
    at,
    label: post.label as PostLabel,
    message: post.message,
    seriesId: post.series?.id ?? null,
  }
}

/** The page's planned and published posts around the given instants (wide enough for every rule). */
export async function loadPlan(
  posts: PostRepository,
  pageId: string,
  around: Date[],
): Promise<PlannedPost[]> {
  if (around.length === 0) return []
  const margin = (NEAR_DUPLICATE_WINDOW_DAYS + 1) * 86_400_000
  const times = around.map((d) => d.getTime())
  const from = new Date(Math.min(...times) - margin)
  const to = new Date(Math.max(...times) + margin)
  const planned = await posts.plannedBetween(pageId, from, to)
  return planned.flatMap((p) => asPlanned(p) ?? [])
}

const EXCERPT = 40

function describe(posts: PlannedPost[], zone: string): string {
  return posts
    .slice(0, 5)
    .map((p) => {
      const text = p.message.length > EXCERPT ? `${p.message.slice(0, EXCERPT)}…` : p.message
      return `${localLabel(p.at, zone)} “${text}”`
    })
    .concat(posts.length > 5 ? [`+${posts.length - 5}`] : [])
    .join('; ')
}

/** One reason per broken rule, each naming the rule and the posts it conflicts with. */
export function violationReasons(violations: Violation[], zone: string, prefix = ''): ErrorReason[] {
  return violations.map((v) => ({
    path: `${prefix}rules.${v.rule}`,
    code: `posts.rule.${v.rule}`,
    params: { ...v.params, posts: describe(v.conflicting, zone), count: v.conflicting.length },
  }))
}

export type WarningView = {
  rule: string
  code: string
  params: Record<string, unknown>
  conflicting: string[]
}

export function warningsOf(check: RuleCheck, zone: string): WarningView[] {
  return check.warnings.map((w) => ({
    rule: w.rule,
    code: `posts.warning.${w.rule}`,
    params: { similarity: Math.round(w.similarity * 100), posts: describe(w.conflicting, zone) },
    conflicting: w.conflicting.map((p) => p.id),
  }))
}
