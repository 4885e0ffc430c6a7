// Compiles a barometer word list into lookups that cost one Map.get per token.
import { normaliseText } from './tokenise.js'
import type { BarometerWord } from './types.js'

export interface ListedTerm {
  term: string
  weight: number
  /** The term's words after the first, for phrases such as "nooit meer". */
  rest: string[]
}

export interface CompiledWordList {
  /** Terms by their first word; phrases first, so the longest match wins. A weight of 0 silences a word. */
  byFirstWord: ReadonlyMap<string, readonly ListedTerm[]>
  /** Every word of every term, so elongated spellings can be recognised ("blijjj" → "blij"). */
  words: ReadonlySet<string>
}

const WORD = /[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu

export function compileWordList(list: readonly BarometerWord[]): CompiledWordList {
  const byFirstWord = new Map<string, ListedTerm[]>()
  const words = new Set<string>()
  // A later entry for the same term replaces an earlier one: the page's edit wins over the default.
  const latest = new Map<string, number>()
  for (const { term, weight } of list) {
    const key = (normaliseText(term).match(WORD) ?? []).join(' ')
    if (key && Number.isFinite(weight)) latest.set(key, weight)
  }
  for (const [key, weight] of latest) {
    const [first, ...rest] = key.split(' ')
    if (!first) continue
    for (const word of [first, ...rest]) words.add(word)
    const terms = byFirstWord.get(first) ?? []
    terms.push({ term: key, weight, rest })
    terms.sort((a, b) => b.rest.length - a.rest.length)
    byFirstWord.set(first, terms)
  }
  return { byFirstWord, words }
}
