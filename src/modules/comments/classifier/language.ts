// Tells Dutch from English (and from anything else) on texts as short as a Facebook comment.
import { eld } from 'eld/small'
import type { Token } from './tokenise.js'
import type { Language } from './types.js'

// Everyday function words: where the n-gram detector is unsure, these settle nl against en.
const DUTCH_HINTS = new Set(
  'de het een en niet ik je jij mijn van voor op met dat die geen wel nog al wat waar bij naar ook heb ben zijn echt heel erg bedankt dank hoi hallo jullie wij ze zij er hier nu dan maar te om wordt werd kan kun wil'.split(
    ' ',
  ),
)
const ENGLISH_HINTS = new Set(
  'the a an and not i you my of for on with that this no it but what where at to also have am are really very thanks thank love hi hello they there here now then or be been will would your our'.split(
    ' ',
  ),
)

function countHints(tokens: readonly Token[]): { nl: number; en: number } {
  let nl = 0
  let en = 0
  for (const t of tokens) {
    if (t.kind !== 'word') continue
    if (DUTCH_HINTS.has(t.text)) nl++
    else if (ENGLISH_HINTS.has(t.text)) en++
  }
  return { nl, en }
}

function hintLanguage({ nl, en }: { nl: number; en: number }): Language | undefined {
  if (nl > en) return 'nl'
  if (en > nl) return 'en'
  return undefined
}

/** Several function words of one language and next to none of the other settle it without n-grams. */
const DECISIVE_HINTS = 4
/** Fewer suffice when the other language has none at all (n-grams are the costliest step). */
const UNCONTESTED_HINTS = 3

/**
 * Function words decide long comments cheaply; otherwise eld (n-grams) decides when it is sure; on unreliable calls of a few words, a language other than
 * nl/en must clearly beat both before we say "other", and function words break a near tie.
 */
export function detectLanguage(text: string, tokens: readonly Token[]): Language {
  if (!tokens.some((t) => t.kind === 'word')) return 'other'
  const hints = countHints(tokens)
  if (hints.nl >= DECISIVE_HINTS && hints.en * 4 <= hints.nl) return 'nl'
  if (hints.en >= DECISIVE_HINTS && hints.nl * 4 <= hints.en) return 'en'
  if (hints.nl >= UNCONTESTED_HINTS && hints.en === 0) return 'nl'
  if (hints.en >= UNCONTESTED_HINTS && hints.nl === 0) return 'en'
  const result = eld.detect(text)
  const found = result.language
  if (found === 'nl' || found === 'en') {
    if (result.isReliable()) return found
    return hintLanguage(hints) ?? found
  }
  if (result.isReliable()) return 'other'
  const hinted = hintLanguage(hints)
  if (hinted) return hinted
  const scores = result.getScores()
  const top = scores[found] ?? 0
  const nl = scores.nl ?? 0
  const en = scores.en ?? 0
  const best = Math.max(nl, en)
  if (best > 0 && best >= top - 0.05) return nl >= en ? 'nl' : 'en'
  return 'other'
}
