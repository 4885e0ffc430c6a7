// Reads the open word lists (LUPJE, CLiPS Pattern nl, VADER) into one word → score map, -4..+4.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { normaliseText } from '../tokenise.js'
import { FIXTURES } from './datasets.js'

const WORD = /^[a-z0-9]+(?:'[a-z]+)?$/

function rows(file: string): string[][] {
  return readFileSync(join(FIXTURES, 'lexicons', file), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split('\t'))
}

/**
 * One score per word on the -4..+4 scale: LUPJE (−5..+5, MIT) and Pattern's adjectives
 * (−1..+1, PDDL) for Dutch, VADER's lexicon (−4..+4, MIT) for English. A word listed by more
 * than one list gets the mean. Words scored 0 are left out: they carry nothing.
 */
export function loadOpenLexicon(): Map<string, number> {
  const sums = new Map<string, { sum: number; n: number }>()
  const add = (raw: string | undefined, value: number) => {
    if (!raw || !Number.isFinite(value) || value === 0) return
    const word = normaliseText(raw.trim())
    if (!WORD.test(word)) return
    const entry = sums.get(word) ?? { sum: 0, n: 0 }
    entry.sum += value
    entry.n++
    sums.set(word, entry)
  }
  for (const [word, score] of rows('LUPJE.txt')) add(word, (Number(score) * 4) / 5)
  for (const [word, polarity] of rows('pattern-nl-polarity.tsv')) add(word, Number(polarity) * 4)
  for (const [word, mean] of rows('vader_lexicon.txt')) add(word, Number(mean))
  const lexicon = new Map<string, number>()
  for (const [word, { sum, n }] of [...sums].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
    lexicon.set(word, Math.round((sum / n) * 100) / 100)
  return lexicon
}
