// Honest scarcity: a promo's claims checked against the live stock of its linked product and its end
// date, when it is planned (422 naming the claim and the stock) and again right before it goes out.
// A post has one text; a campaign has several (title, rules… in two languages), each refused under
// its own form path.
import { type ErrorReason, InvalidInput, RuleViolation } from '../../errors.js'
import {
  type ClaimVerdict,
  fillStock,
  findScarcityClaims,
  mentionsStock,
  type ScarcityClaim,
  unsupportedClaims,
} from './scarcity-claims.js'
import { type ProductRef, productRefOf, type Stock } from './stock.js'

/** One text (a post's, refused under `message`) or several by the form path a refusal names. */
export type PromoTexts = string | Record<string, string>

export type ScarcityFacts<T extends PromoTexts = PromoTexts> = {
  text: T
  /** "connectionId:variantId", or null when the promo is linked to no product */
  product: string | null
  endsAt: Date | null
  /** when the text goes out */
  at: Date
  /** the form path of the end date a deadline claim needs; a post's `offerEndsAt` unless told */
  endsAtPath?: string
}

export type PublishVerdict<T extends PromoTexts = string> =
  | { ok: true; message: T }
  | {
      ok: false
      kind: 'sold_out' | 'scarcity'
      /** i18n key under errors. */
      message: string
      params: { product: string | null; stock: number | null; claim: string | null }
    }

/** What the facts do not support, each claim with the path of the text it is in. */
export type ScarcityRefusal = ClaimVerdict & { path: string }

const textsOf = (text: PromoTexts): [string, string][] =>
  typeof text === 'string' ? [['message', text]] : Object.entries(text)

export function createScarcity(deps: { stock: Stock }) {
  const { stock } = deps

  async function stockOf(
    product: string | null,
  ): Promise<{ ref: ProductRef; level: number | null; title: string } | null> {
    if (!product) return null
    const ref = productRefOf(product)
    const level = await stock.of(ref)
    return { ref, level: level.stock, title: level.title }
  }

  const anyMentionsStock = (text: PromoTexts) => textsOf(text).some(([, t]) => mentionsStock(t))

  /** The claims of every text and those the stock (read once) or the end date do not support. */
  async function judge(facts: ScarcityFacts) {
    const claims: (ScarcityClaim & { path: string })[] = textsOf(facts.text).flatMap(([path, t]) =>
      findScarcityClaims(t).map((c) => ({ ...c, path })),
    )
    const needsStock = claims.some((c) => c.kind !== 'deadline') || anyMentionsStock(facts.text)
    const linked = needsStock || facts.product ? await stockOf(facts.product) : null
    const refused: ScarcityRefusal[] = []
    for (const [path, t] of textsOf(facts.text)) {
      const verdicts = unsupportedClaims(findScarcityClaims(t), {
        stock: linked?.level ?? null,
        endsAt: facts.endsAt,
        at: facts.at,
      })
      refused.push(...verdicts.map((v) => ({ ...v, path })))
    }
    return { claims, linked, refused }
  }

  /** The reasons the error handler (and a live check) shows, each under its field. */
  function reasonsOf(
    refused: ScarcityRefusal[],
    linked: { level: number | null; title: string } | null,
    endsAtPath: string,
  ): ErrorReason[] {
    return refused.map((r) => ({
      path: r.claim.kind === 'deadline' ? endsAtPath : r.path,
      code: `shop.scarcity.${r.reason}`,
      params: { claim: r.claim.phrase, stock: linked?.level ?? '?', product: linked?.title ?? '' },
    }))
  }

  return {
    /**
     * A dry run for the stock-check API: every claim found, those the facts do not support (each as a
     * reason under its field), the linked product's stock, and the texts with {voorraad} filled in.
     */
    async check(facts: ScarcityFacts) {
      const { claims, linked, refused } = await judge(facts)
      const reasons = reasonsOf(refused, linked, facts.endsAtPath ?? 'offerEndsAt').map((r, i) => ({
        ...r,
        claim: refused[i]?.claim.phrase ?? '',
        reason: refused[i]?.reason ?? '',
      }))
      const unfilled = textsOf(facts.text).filter(([, t]) => mentionsStock(t))
      if (unfilled.length && linked?.level == null) {
        for (const [path] of unfilled)
          reasons.push({
            path,
            claim: '{voorraad}',
            reason: linked ? 'stock_unknown' : 'no_product',
            code: linked ? 'shop.stockUnknown' : 'shop.stockNeedsProduct',
            params: { product: linked?.title ?? '' },
          })
      }
      const level = linked?.level
      const fill = (t: string) => (level == null ? t : fillStock(t, level))
      const preview =
        typeof facts.text === 'string'
          ? fill(facts.text)
          : Object.fromEntries(Object.entries(facts.text).map(([path, t]) => [path, fill(t)]))
      return { claims, reasons, linked, preview }
    },

    /**
     * Without refusing: the claims the facts do not support, as reasons under their fields (the
     * campaign builder's live check shows them while the marketer types).
     */
    async findings(facts: ScarcityFacts): Promise<{ stock: number | null; reasons: ErrorReason[] }> {
      if (anyMentionsStock(facts.text) && !facts.product) {
        const [path] = textsOf(facts.text).find(([, t]) => mentionsStock(t)) ?? ['product']
        return { stock: null, reasons: [{ path, code: 'shop.stockNeedsProduct' }] }
      }
      const { linked, refused } = await judge(facts)
      return {
        stock: linked?.level ?? null,
        reasons: reasonsOf(refused, linked, facts.endsAtPath ?? 'offerEndsAt'),
      }
    },

    /** Refuses (422 shop.scarcityClaim) a text whose claims the stock or the end date do not support. */
    async assertHonest(facts: ScarcityFacts): Promise<void> {
      if (anyMentionsStock(facts.text) && !facts.product)
        throw new InvalidInput('product', 'shop.stockNeedsProduct')
      const { linked, refused } = await judge(facts)
      if (refused.length === 0) return
      const first = refused[0] as (typeof refused)[number]
      throw new RuleViolation('shop.scarcityClaim', {
        claim: first.claim.phrase,
        stock: linked?.level ?? null,
        claims: refused.map((r) => ({
          claim: r.claim.phrase,
          kind: r.claim.kind,
          reason: r.reason,
          ...(typeof facts.text === 'string' ? {} : { field: r.path }),
        })),
      }).because(reasonsOf(refused, linked, facts.endsAtPath ?? 'offerEndsAt'))
    },

    /**
     * Right before publishing (a post going out, a campaign opening): holds a sold-out product's
     * promo or a claim that stopped being true; fills {voorraad} in every text.
     */
    async beforePublish<T extends PromoTexts>(facts: ScarcityFacts<T>): Promise<PublishVerdict<T>> {
      const anyClaim = textsOf(facts.text).some(([, t]) => findScarcityClaims(t).length > 0)
      if (!facts.product && !anyMentionsStock(facts.text) && !anyClaim)
        return { ok: true, message: facts.text }
      const { linked, refused } = await judge(facts)
      if (linked && linked.level !== null && linked.level <= 0) {
        const params = { product: linked.title, stock: linked.level, claim: null }
        return { ok: false, kind: 'sold_out', message: 'shop.heldSoldOut', params }
      }
      if (refused.length > 0 || (anyMentionsStock(facts.text) && linked?.level == null)) {
        const first = refused[0]
        return {
          ok: false,
          kind: 'scarcity',
          message: 'shop.heldClaim',
          params: {
            claim: first?.claim.phrase ?? '{voorraad}',
            stock: linked?.level ?? null,
            product: linked?.title ?? null,
          },
        }
      }
      const level = linked?.level
      if (level == null) return { ok: true, message: facts.text }
      const filled =
        typeof facts.text === 'string'
          ? fillStock(facts.text, level)
          : Object.fromEntries(Object.entries(facts.text).map(([path, t]) => [path, fillStock(t, level)]))
      return { ok: true, message: filled as T }
    },
  }
}

export type Scarcity = ReturnType<typeof createScarcity>
