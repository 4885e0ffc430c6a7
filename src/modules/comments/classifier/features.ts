// Reads a tokenised comment into what the model scores: learned word features and barometer evidence.
import { CLAUSE_BREAKS, EMOJI_WEIGHTS, FUNCTION_WORDS, INTENSIFIERS, isNegator } from './lexicon.js'
import { PHRASE_PATTERNS, type PhrasePattern } from './patterns.js'
import type { Token } from './tokenise.js'
import type { SignalKind } from './types.js'
import type { CompiledWordList, ListedTerm } from './word-list.js'

/** How many words after "niet"/"not" are turned around. */
const NEGATION_REACH = 3
/** A negated word keeps most of its strength, turned around: "niet slecht" is mildly positive. */
const NEGATION_FACTOR = -0.75
const ELONGATION_FACTOR = 1.2
const INTENSIFIER_REACH = 2

/** One piece of barometer evidence, on the -5..+5 word scale. */
export interface Evidence {
  text: string
  kind: SignalKind
  weight: number
}

export interface Analysis {
  /** Feature keys for the trained model: words ("!" marks a negated word) and word pairs. */
  features: string[]
  /** Hashed character 4-grams of the words outside the barometer list (never shown to people). */
  hashed: number[]
  /** Words scored by the open word lists (LUPJE, Pattern, VADER), negation and intensity applied. */
  lexiconHits: Evidence[]
  /** The sum of the lexicon hits' weights. */
  lexicon: number
  /** How negated features read in the comment ("niet blij"), by feature index; others are their key. */
  negatedLabels: Map<number, string>
  evidence: Evidence[]
  /** The sum of the evidence weights. */
  barometer: number
  /** Phrases that make the comment a complaint. */
  complaints: PhrasePattern[]
}

interface WordHit {
  evidenceIndex: number
  base: number
  negated: boolean
}

interface Recent {
  hit?: WordHit
  feature?: number
  /** Index into lexiconHits. */
  lexicon?: number
}

/** Hashed features live in a table of 2^HASH_BITS weights. */
export const HASH_BITS = 16
const HASH_MASK = (1 << HASH_BITS) - 1
const NEGATED_SALT = 0x5bd1e995
/** Only long words get n-grams (Dutch compounds: "klantenservice"); short ones overfit one domain. */
const MIN_GRAM_WORD = 10

/** Character 4-grams of "<word>" (with its < > edges): "teleurgesteld" and "teleurstellend" share most of theirs. */
function addCharGrams(word: string, negated: boolean, out: number[]): void {
  const n = word.length + 2
  if (n < MIN_GRAM_WORD) return
  const start = negated ? (0x811c9dc5 ^ NEGATED_SALT) >>> 0 : 0x811c9dc5
  for (let i = 0; i + 4 <= n; i++) {
    let h = start
    for (let k = i; k < i + 4; k++) {
      const c = k === 0 ? 60 : k === n - 1 ? 62 : word.charCodeAt(k - 1)
      h = Math.imul(h ^ c, 0x01000193)
    }
    out.push((h >>> 0) & HASH_MASK)
  }
}

const NO_LEXICON: ReadonlyMap<string, number> = new Map()

/** Finds the longest listed term that starts at token i. */
function matchTerm(tokens: readonly Token[], i: number, list: CompiledWordList): ListedTerm | undefined {
  const first = tokens[i]
  const terms = first && list.byFirstWord.get(first.text)
  if (!terms) return undefined
  for (const term of terms) {
    let ok = true
    for (let k = 0; k < term.rest.length; k++) {
      const next = tokens[i + 1 + k]
      if (!next || next.text !== term.rest[k]) {
        ok = false
        break
      }
    }
    if (ok) return term
  }
  return undefined
}

export function analyse(
  tokens: readonly Token[],
  list: CompiledWordList,
  lexicon: ReadonlyMap<string, number> = NO_LEXICON,
): Analysis {
  const features: string[] = []
  const hashed: number[] = []
  const lexiconHits: Evidence[] = []
  const negatedLabels = new Map<number, string>()
  const evidence: Evidence[] = []
  let negationLeft = 0
  let negator = ''
  let intensity = 1
  let intensifier = ''
  let intensityLeft = 0
  let previousWord = ''
  /** Recent words, for Dutch negation that follows its word ("reageert niet", "bevalt me niet"). */
  const recent: Recent[] = []

  const endClause = () => {
    negationLeft = 0
    intensityLeft = 0
    previousWord = ''
    recent.length = 0
  }

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token
    if (token.kind === 'punct') {
      endClause()
      continue
    }
    if (token.kind === 'emoji') {
      const weight = EMOJI_WEIGHTS.get(token.text)
      if (weight !== undefined) evidence.push({ text: token.text, kind: 'emoji', weight })
      continue
    }
    const word = token.text
    const term = matchTerm(tokens, i, list)
    if (!term && CLAUSE_BREAKS.has(word)) {
      endClause()
      features.push(word)
      continue
    }
    if (!term && isNegator(word)) {
      const next = tokens[i + 1]
      if ((next?.kind !== 'word' || CLAUSE_BREAKS.has(next.text)) && recent.length > 0) {
        negateBackwards(recent, evidence, features, negatedLabels, lexiconHits, word)
      }
      negationLeft = NEGATION_REACH
      negator = word
      features.push(word)
      previousWord = word
      continue
    }
    const scale = INTENSIFIERS.get(word)
    if (!term && scale !== undefined && tokens[i + 1]?.kind === 'word') {
      intensity = scale
      intensifier = word
      intensityLeft = INTENSIFIER_REACH
      continue
    }
    // Function words neither take a negation nor use up its reach: "not the best", "niks op aan te merken".
    if (!term && FUNCTION_WORDS.has(word) && negationLeft > 0) {
      features.push(word)
      if (previousWord) features.push(`${previousWord}_${word}`)
      previousWord = word
      continue
    }
    const negated = negationLeft > 0
    if (term) {
      i += term.rest.length
      if (term.weight !== 0) {
        const base = term.weight * (token.elongated ? ELONGATION_FACTOR : 1)
        const hit: WordHit = { evidenceIndex: evidence.length, base, negated }
        evidence.push({ text: term.term, kind: 'word', weight: base })
        if (intensityLeft > 0 && intensity !== 1) {
          evidence.push({ text: intensifier, kind: 'intensifier', weight: base * (intensity - 1) })
          hit.base = base * intensity
          intensityLeft = 0
        }
        if (negated)
          evidence.push({ text: negator, kind: 'negation', weight: hit.base * (NEGATION_FACTOR - 1) })
        recent.push({ hit })
      } else {
        recent.push({})
      }
      previousWord = ''
    } else {
      const item: Recent = { feature: features.length }
      // "naar" is "to" far more often than "nasty": function words never score from the word lists.
      const listed = FUNCTION_WORDS.has(word) ? undefined : lexicon.get(word)
      if (listed !== undefined) {
        let weight = listed * (token.elongated ? ELONGATION_FACTOR : 1)
        if (intensityLeft > 0 && intensity !== 1) {
          weight *= intensity
          intensityLeft = 0
        }
        item.lexicon = lexiconHits.length
        lexiconHits.push({
          text: negated ? `${negator} ${word}` : word,
          kind: negated ? 'negation' : 'word',
          weight: negated ? weight * NEGATION_FACTOR : weight,
        })
      }
      recent.push(item)
      if (negated) {
        negatedLabels.set(features.length, `${negator} ${word}`)
        features.push(`!${word}`)
      } else {
        features.push(word)
      }
      addCharGrams(word, negated, hashed)
      if (previousWord) features.push(`${previousWord}_${word}`)
      previousWord = word
    }
    if (recent.length > 2) recent.shift()
    if (negationLeft > 0) negationLeft--
    if (intensityLeft > 0) intensityLeft--
  }

  const complaints = matchPhrases(tokens, evidence, lexiconHits)
  let barometer = 0
  for (const e of evidence) barometer += e.weight
  let lexiconSum = 0
  for (const e of lexiconHits) lexiconSum += e.weight
  return {
    features,
    hashed,
    lexiconHits,
    lexicon: lexiconSum,
    negatedLabels,
    evidence,
    barometer,
    complaints,
  }
}

/** "Klantenservice reageert niet": the negation closes the clause, so it turns the words before it. */
function negateBackwards(
  recent: Recent[],
  evidence: Evidence[],
  features: string[],
  negatedLabels: Map<number, string>,
  lexiconHits: Evidence[],
  negator: string,
): void {
  for (const item of recent) {
    const hit = item.lexicon === undefined ? undefined : lexiconHits[item.lexicon]
    if (hit && hit.kind !== 'negation') {
      hit.weight *= NEGATION_FACTOR
      hit.kind = 'negation'
      hit.text = `${hit.text} ${negator}`
    }
    if (item.hit && !item.hit.negated) {
      item.hit.negated = true
      evidence.push({ text: negator, kind: 'negation', weight: item.hit.base * (NEGATION_FACTOR - 1) })
    }
    if (item.feature !== undefined) {
      const key = features[item.feature] as string
      if (!key.startsWith('!')) {
        features[item.feature] = `!${key}`
        negatedLabels.set(item.feature, `${key} ${negator}`)
      }
    }
  }
  recent.length = 0
}

// One pass over the text tells whether any phrase can match; almost no comment needs the 40 passes.
const ANY_PHRASE = new RegExp(PHRASE_PATTERNS.map((pattern) => `(?:${pattern.re.source})`).join('|'), 'u')

const SPACE_BEFORE_PUNCT = / ([,.!?;:]+)/g

/** Phrase patterns over the joined tokens; the strongest phrase per complaint category counts once. */
function matchPhrases(
  tokens: readonly Token[],
  evidence: Evidence[],
  lexiconHits: Evidence[],
): PhrasePattern[] {
  let joined = ''
  for (const t of tokens) joined += joined ? ` ${t.text}` : t.text
  const complaints: PhrasePattern[] = []
  if (!ANY_PHRASE.test(joined)) return complaints
  const seen = new Set<string>()
  let sarcastic = false
  for (const pattern of PHRASE_PATTERNS) {
    const match = pattern.re.exec(joined)
    if (!match) continue
    if (pattern.complaint) {
      complaints.push(pattern)
      if (seen.has(pattern.complaint)) continue
      seen.add(pattern.complaint)
    }
    if (pattern.kind === 'sarcasm') sarcastic = true
    if (pattern.weight !== 0)
      evidence.push({
        text: match[0].replace(SPACE_BEFORE_PUNCT, '$1'),
        kind: pattern.kind,
        weight: pattern.weight,
      })
  }
  // Sarcasm turns the praise around: "lekker dan, echt top" is not praise.
  if (sarcastic) {
    for (const e of evidence)
      if (e.weight > 0 && (e.kind === 'word' || e.kind === 'intensifier')) e.weight = 0
    for (const e of lexiconHits) if (e.weight > 0) e.weight = 0
  }
  return complaints
}
