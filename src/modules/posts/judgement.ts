// Whether a post may take its place in the plan: its time, the rules it breaks, who may set them aside.
import { Forbidden, InvalidInput, RuleViolation } from '../../errors.js'
import type { Page } from '../pages/repository.js'
import type { Author } from './author.js'
import type { PostStatus } from './model.js'
import { violationReasons, warningsOf } from './plan.js'
import type { Post } from './repository.js'
import type { RuleCheck } from './rules.js'
import { plannableTime } from './schedule-time.js'

/** A time from the form or API as an instant, refused (400) when past or beyond the horizon. */
export function plannedTime(input: string, page: Page, horizonDays: number, field = 'scheduledAt'): Date {
  const checked = plannableTime(input, page.timeZone, horizonDays)
  if ('code' in checked) throw new InvalidInput(field, checked.code, checked.params)
  return checked.at
}

/** A marketer's post waits for an admin on pages that require approval. */
export function statusFor(page: Page, author: Author): PostStatus {
  const needsApproval = Boolean(page.requireApproval) && author.role !== 'admin'
  return needsApproval ? 'awaiting_approval' : 'scheduled'
}

export function assertMayOverride(author: Author, reason: string | undefined) {
  if (reason && author.role !== 'admin') throw new Forbidden('posts.overrideAdminsOnly')
}

/**
 * Refuses (422) when a candidate breaks a rule, unless an admin overrides with a reason; returns
 * the warnings and, for an override, the rules it set aside.
 */
export function judge(checks: RuleCheck[], page: Page, overrideReason: string | undefined, several: boolean) {
  const broken = checks.flatMap((c, i) =>
    violationReasons(c.violations, page.timeZone, several ? `occurrences.${i + 1}.` : ''),
  )
  const rules = [...new Set(checks.flatMap((c) => c.violations.map((v) => v.rule)))]
  if (broken.length && !overrideReason) {
    throw new RuleViolation('posts.rulesBroken', {
      count: rules.length,
      violations: checks.flatMap((c, i) =>
        c.violations.map((v) => ({
          occurrence: i + 1,
          rule: v.rule,
          conflictingPostIds: v.conflicting.map((p) => p.id),
        })),
      ),
    }).because(broken)
  }
  return { warnings: checks.flatMap((c) => warningsOf(c, page.timeZone)), overridden: rules }
}

/** The override stored on the post, when an admin set rules aside with a reason. */
export function overrideOf(author: Author, reason: string | undefined, rules: string[]): Post['override'] {
  if (!reason || rules.length === 0) return null
  return { by: author.userId, byName: author.name, at: new Date(), reason, rules }
}
