// Honest scarcity: a promo's claims checked against the live stock of its linked product and its end
// date, when it is planned (422 naming the claim and the stock) and again right before it goes out.
import { InvalidInput, RuleViolation } from '../../errors.js'
import { fillStock, findScarcityClaims, mentionsStock, unsupportedClaims } from './scarcity-claims.js'
import { type ProductRef, productRefOf, type Stock } from './stock.js'

export type ScarcityFacts = {
  text: string
  /** "connectionId:variantId", or null when the promo is linked to no product */
  product: string | null
  endsAt: Date | null
  /** when the text goes out */
  at: Date
}

export type PublishVerdict =
  | { ok: true; message: string }
  | {
      ok: false
      kind: 'sold_out' | 'scarcity'
      /** i18n key under errors. */
      message: string
      params: { product: string | null; stock: number | null; claim: string | null }
    }

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

  async function judge(facts: ScarcityFacts) {
    const claims = findScarcityClaims(facts.text)
    const needsStock = claims.some((c) => c.kind !== 'deadline') || mentionsStock(facts.text)
    const linked = needsStock || facts.product ? await stockOf(facts.product) : null
    const refused = unsupportedClaims(claims, {
      stock: linked?.level ?? null,
      endsAt: facts.endsAt,
      at: facts.at,
    })
    return { claims, linked, refused }
  }

  return {
    /** Refuses (422 shop.scarcityClaim) a text whose claims the stock or the end date do not support. */
    async assertHonest(facts: ScarcityFacts): Promise<void> {
      if (mentionsStock(facts.text) && !facts.product)
        throw new InvalidInput('product', 'shop.stockNeedsProduct')
      const { linked, refused } = await judge(facts)
      if (refused.length === 0) return
      const first = refused[0] as (typeof refused)[number]
      throw new RuleViolation('shop.scarcityClaim', {
        claim: first.claim.phrase,
        stock: linked?.level ?? null,
        claims: refused.map((r) => ({ claim: r.claim.phrase, kind: r.claim.kind, reason: r.reason })),
      }).because(
        refused.map((r) => ({
          path: r.claim.kind === 'deadline' ? 'offerEndsAt' : 'message',
          code: `shop.scarcity.${r.reason}`,
          params: { claim: r.claim.phrase, stock: linked?.level ?? '?', product: linked?.title ?? '' },
        })),
      )
    },

    /** Right before publishing: holds a sold-out product's promo or a claim that stopped being true; fills {voorraad}. */
    async beforePublish(facts: ScarcityFacts): Promise<PublishVerdict> {
      if (!facts.product && !mentionsStock(facts.text) && findScarcityClaims(facts.text).length === 0)
        return { ok: true, message: facts.text }
      const { linked, refused } = await judge(facts)
      if (linked && linked.level !== null && linked.level <= 0) {
        const params = { product: linked.title, stock: linked.level, claim: null }
        return { ok: false, kind: 'sold_out', message: 'shop.heldSoldOut', params }
      }
      if (refused.length > 0 || (mentionsStock(facts.text) && linked?.level == null)) {
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
      return { ok: true, message: linked?.level != null ? fillStock(facts.text, linked.level) : facts.text }
    },
  }
}

export type Scarcity = ReturnType<typeof createScarcity>
