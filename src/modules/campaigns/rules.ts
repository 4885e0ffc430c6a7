// Meta's promotion rules (GRAPH_API.md §8): no like-gating, no "share to enter", no "tag friends to enter".
// Texts and entry methods that ask for these are refused with the rule they break.
import { RuleViolation } from '../../errors.js'

export const META_RULES = ['likeGating', 'shareToEnter', 'tagToEnter'] as const
export type MetaRule = (typeof META_RULES)[number]

/**
 * Phrases, Dutch and English, that make liking/following the Page, sharing, or tagging a condition.
 * Commenting on or reacting to a post is allowed, so "like this post" is not matched; "like our page" is.
 */
const PATTERNS: Record<MetaRule, RegExp[]> = {
  likeGating: [
    /\b(like|follow|liken|volg(en)?)\s+(us|our\s+(facebook\s+)?page|the\s+page|this\s+page|ons|onze\s+(facebook\s?)?pagina|de\s+pagina|deze\s+pagina)\b/i,
    /\bvind\s+(ons|onze\s+pagina|de\s+pagina|deze\s+pagina)\s+leuk\b/i,
    /\b(become\s+a\s+fan|word\s+fan|fan\s+worden)\b/i,
    /\b(page|pagina)\s+(liken|leuk\s+vinden)\b/i,
  ],
  shareToEnter: [
    /\b(share|deel|delen)\s+(this|our|the|dit|deze|onze|het|de)?\s*(post|bericht|actie|page|pagina|message|giveaway|winactie)\b/i,
    /\b(on|op)\s+(your|je|jouw|their|hun|a\s+friend'?s)\s+(own\s+|eigen\s+)?(timeline|tijdlijn)\b/i,
    /\b(share|deel|delen|post|plaats)\b[^.!?\n]{0,40}\b(timeline|tijdlijn)\b/i,
    /\bshare\b[^.!?\n]{0,40}\bto\s+(enter|win|take\s+part|participate)\b/i,
    /\b(deel|delen)\b[^.!?\n]{0,40}\bom\s+(mee\s+te\s+doen|te\s+winnen|kans\s+te\s+maken)\b/i,
  ],
  tagToEnter: [
    /\btag\s+(\w+\s+){0,3}(friends?|someone|people|vriend(en|in|innen)?|iemand|mensen)\b/i,
    /\btag\s+@?\w*\s*(to|om)\s+(enter|win|mee\s+te\s+doen|te\s+winnen)\b/i,
    /\b(mention|noem|vermeld)\s+(a\s+|een\s+|je\s+|your\s+)?(friends?|vriend(en|in)?)\b/i,
  ],
}

const FORBIDDEN_METHODS: Record<string, MetaRule> = {
  like_page: 'likeGating',
  share: 'shareToEnter',
  tag_friends: 'tagToEnter',
}

export type RuleFinding = { rule: MetaRule; field: string; phrase: string }

/** The Meta rule an entry method breaks, or null for the allowed ones (login, comment). */
export const forbiddenMethodRule = (entryMethod: string): MetaRule | null =>
  FORBIDDEN_METHODS[entryMethod] ?? null

/** Every rule each text breaks, with the first phrase that breaks it: all at once, in field order. */
export function findRuleBreaches(texts: Record<string, unknown>): RuleFinding[] {
  const findings: RuleFinding[] = []
  for (const [field, text] of Object.entries(texts)) {
    if (typeof text !== 'string' || !text) continue
    for (const rule of META_RULES) {
      for (const pattern of PATTERNS[rule]) {
        const match = pattern.exec(text)
        if (match) {
          findings.push({ rule, field, phrase: match[0] })
          break
        }
      }
    }
  }
  return findings
}

/** The first text that breaks a rule, or null. */
export function findRuleBreach(texts: Record<string, string | undefined | null>): RuleFinding | null {
  return findRuleBreaches(texts)[0] ?? null
}

/** Throws RuleViolation `campaigns.metaRule.<rule>` naming the field and the phrase. */
export function assertMetaRules(entryMethod: string, texts: Record<string, string | undefined | null>): void {
  const forbidden = FORBIDDEN_METHODS[entryMethod]
  if (forbidden)
    throw new RuleViolation(`campaigns.metaRule.${forbidden}`, { field: 'entryMethod', phrase: entryMethod })
  const breach = findRuleBreach(texts)
  if (breach) {
    throw new RuleViolation(`campaigns.metaRule.${breach.rule}`, {
      field: breach.field,
      phrase: breach.phrase,
    })
  }
}
