// Splits a comment into normalised tokens: words, emoji, emoticons and punctuation.

export type TokenKind = 'word' | 'emoji' | 'punct'

export interface Token {
  /** Normalised form: lowercase, without diacritics, elongations shortened ("suuuper" → "super"). */
  text: string
  kind: TokenKind
  /** The word was stretched ("heeeel", "jaaaa"), a sign of emphasis. */
  elongated: boolean
}

// Order matters: emoji and emoticons before words, so ":d" is not read as the word "d".
const TOKEN =
  /\p{Extended_Pictographic}(?:\u{FE0F}|\p{Emoji_Modifier}|\u{200D}\p{Extended_Pictographic})*|<3|[:;=][-']?[()dp/\\|*]|[\p{L}\p{N}]+(?:'[\p{L}]+)*|[!?]+|[.,;:]+/gu
const COMBINING_MARKS = /[\u0300-\u036f]/g
const CURLY_APOSTROPHE = /[’‘`´]/g
const STRETCH_TO_TWO = /(\p{L})\1{2,}/gu
const STRETCH_TO_ONE = /(\p{L})\1+/gu
const NON_ASCII = /[^ -~\t\n\r]/
const EMOTICON = /^(?:<3|[:;=][-']?[()dp/\\|*])$/
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u
// Variation selectors and skin tones: 👍🏽 counts as 👍.
const EMOJI_VARIANTS = /[\u{FE0F}\u{1F3FB}-\u{1F3FF}]/gu

/** Lowercases and strips diacritics ("Hélemaal" → "helemaal"); emoji survive untouched. */
export function normaliseText(text: string): string {
  const lower = text.toLowerCase()
  // Most comments are plain ASCII, and NFD is the costliest step: skip it when nothing can change.
  if (!NON_ASCII.test(lower)) return lower.includes('`') ? lower.replace(CURLY_APOSTROPHE, "'") : lower
  return lower.normalize('NFD').replace(COMBINING_MARKS, '').replace(CURLY_APOSTROPHE, "'")
}

/** Three times the same letter in a row: "suuuper", "jaaa". */
function isStretched(word: string): boolean {
  for (let i = 2; i < word.length; i++) {
    const c = word.charCodeAt(i)
    if (c === word.charCodeAt(i - 1) && c === word.charCodeAt(i - 2) && (c < 48 || c > 57)) return true
  }
  return false
}

/**
 * Shortens a stretched word. Letters doubled in real words ("heel", "goed") must survive, so the
 * run is first cut to two letters, and to one only when `isKnown` recognises that form ("suuuper").
 */
export function unstretch(word: string, isKnown: (word: string) => boolean): string {
  const two = word.replace(STRETCH_TO_TWO, '$1$1')
  if (isKnown(two)) return two
  const one = word.replace(STRETCH_TO_ONE, '$1')
  return isKnown(one) ? one : two
}

const neverKnown = () => false

export function tokenise(text: string, isKnown: (word: string) => boolean = neverKnown): Token[] {
  const tokens: Token[] = []
  const normalised = normaliseText(text)
  TOKEN.lastIndex = 0
  for (let match = TOKEN.exec(normalised); match; match = TOKEN.exec(normalised)) {
    const raw = match[0]
    const first = raw.charCodeAt(0)
    if ((first >= 97 && first <= 122) || (first >= 48 && first <= 57)) {
      const elongated = isStretched(raw)
      tokens.push({ text: elongated ? unstretch(raw, isKnown) : raw, kind: 'word', elongated })
    } else if (raw === '<3' || EMOTICON.test(raw) || (first > 0x2000 && PICTOGRAPHIC.test(raw))) {
      tokens.push({ text: raw.replace(EMOJI_VARIANTS, ''), kind: 'emoji', elongated: false })
    } else if (first === 33 || first === 63 || first === 44 || first === 46 || first === 58 || first === 59) {
      tokens.push({ text: raw, kind: 'punct', elongated: false })
    } else if (isStretched(raw)) {
      tokens.push({ text: unstretch(raw, isKnown), kind: 'word', elongated: true })
    } else {
      tokens.push({ text: raw, kind: 'word', elongated: false })
    }
  }
  return tokens
}
