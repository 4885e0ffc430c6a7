// The plain word-count baseline: positive barometer words minus negative ones, nothing else.
import { DEFAULT_BAROMETER_WORDS } from '../lexicon.js'
import { tokenise } from '../tokenise.js'
import type { BarometerWord } from '../types.js'

/** Returns (#positive words − #negative words); no weights, negation, emoji or model. */
export function createWordCountBaseline(words: readonly BarometerWord[] = DEFAULT_BAROMETER_WORDS) {
  const polarity = new Map<string, number>()
  for (const { term, weight } of words) {
    if (!term.includes(' ') && weight !== 0) polarity.set(term.toLowerCase(), Math.sign(weight))
  }
  return (text: string): number => {
    let count = 0
    for (const token of tokenise(text)) count += polarity.get(token.text) ?? 0
    return count
  }
}
