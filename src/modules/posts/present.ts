// Posts as the JSON API and the templates show them: times in the page's zone, no internal fields.
import type { z } from 'zod'
import { type Locale, translate } from '../../i18n/index.js'
import { humanTime } from '../../i18n/time.js'
import { isHeldForStock, type PostLabel, type PostStatus } from './model.js'
import type { WarningView } from './plan.js'
import type { Post as StoredPost } from './repository.js'
import { localInputValue, localLabel } from './schedule-time.js'
import type { Post, RuleWarning } from './schemas.js'
import type { HoldFacts } from './stock-hold.js'

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null)

const review = (r: { byName: string; at: Date; comment?: string | null } | null | undefined) =>
  r ? { by: r.byName, at: r.at.toISOString(), comment: r.comment ?? null } : null

export function presentPost(post: StoredPost, timeZone: string): z.infer<typeof Post> {
  return {
    id: post.id,
    pageId: post.pageId,
    facebookPageId: post.facebookPageId,
    message: post.message,
    link: post.link ?? null,
    imageUrl: post.imageUrl ?? null,
    label: post.label as PostLabel,
    product: post.product ?? null,
    offerEndsAt: iso(post.offerEndsAt),
    status: post.status as PostStatus,
    scheduledAt: iso(post.scheduledAt),
    scheduledLocal: post.scheduledAt ? localLabel(post.scheduledAt, timeZone) : null,
    timeZone,
    series: post.series?.id
      ? { id: post.series.id, index: post.series.index as number, total: post.series.total as number }
      : null,
    author: { id: post.authorId, name: post.authorName },
    approval: review(post.approval),
    rejection: review(post.rejection),
    override: post.override
      ? {
          by: post.override.byName,
          at: post.override.at.toISOString(),
          reason: post.override.reason,
          rules: post.override.rules,
        }
      : null,
    graphPostId: post.graphPostId ?? null,
    permalink: post.permalink ?? null,
    publishedAt: iso(post.publishedAt),
    failure: post.failure?.kind ? { kind: post.failure.kind, message: post.failure.message ?? null } : null,
    hold: post.hold
      ? {
          reason: post.hold.reason,
          product: post.hold.productTitle ?? null,
          stock: post.hold.stock ?? null,
          claim: post.hold.claim ?? null,
          at: post.hold.at.toISOString(),
        }
      : null,
    attempts: (post.attempts ?? []).map((a) => ({
      at: a.at.toISOString(),
      outcome: a.outcome,
      errorKind: a.errorKind ?? null,
      errorCode: a.errorCode ?? null,
      message: a.message ?? null,
    })),
    version: post.version ?? 0,
  }
}

/** What a template needs beyond the API shape: local times for display and for the edit form. */
export function postView(post: StoredPost, timeZone: string) {
  return {
    ...presentPost(post, timeZone),
    heldForStock: isHeldForStock(post),
    scheduledInput: post.scheduledAt ? localInputValue(post.scheduledAt, timeZone) : '',
    publishedLocal: post.publishedAt ? localLabel(post.publishedAt, timeZone) : null,
    attempts: (post.attempts ?? []).map((a) => ({
      local: localLabel(a.at, timeZone),
      outcome: a.outcome,
      errorKind: a.errorKind ?? null,
      errorCode: a.errorCode ?? null,
      message: a.message ?? null,
    })),
  }
}

export function presentWarnings(
  warnings: WarningView[],
  translate: (key: string, params: Record<string, unknown>) => string,
): z.infer<typeof RuleWarning>[] {
  return warnings.map((w) => ({
    rule: w.rule,
    message: translate(`errors.${w.code}`, w.params),
    conflicting: w.conflicting,
  }))
}

/**
 * A held promo in the marketer's words: why it is held ("the text says 'nog maar 3', but there are
 * still 10 in stock"), the stock now, and when it was to go out, in the page's zone.
 */
export function holdView(facts: HoldFacts, ctx: { locale: Locale; zone: string; now?: Date }) {
  const t = (key: string, params: Record<string, unknown> = {}) => translate(ctx.locale, key, params)
  const product = facts.product ?? t('posts.hold.theProduct')
  const stock = facts.stockThen ?? '?'
  const why =
    facts.reason === 'sold_out'
      ? t('posts.hold.soldOut', { product })
      : t(`posts.hold.claim.${facts.claimKind ?? 'other'}`, { claim: facts.claim ?? '', stock, product })
  return {
    reason: facts.reason,
    claim: facts.claim,
    product: facts.product,
    why,
    stockNow: facts.stockNow,
    stockNowText:
      facts.stockNow === null
        ? t('posts.hold.stockUnknown')
        : t('posts.hold.stockNow', { stock: facts.stockNow }),
    heldAt: humanTime(facts.heldAt, ctx),
    scheduled: humanTime(facts.scheduledAt, ctx),
  }
}
