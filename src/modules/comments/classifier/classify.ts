// classifyComment and createClassifier: tokenise, analyse, score, judge, explain.
import { type ComplaintVerdict, judgeComplaint } from './complaint.js'
import { type Analysis, analyse } from './features.js'
import { detectLanguage } from './language.js'
import {
  CLAUSE_BREAKS,
  DEFAULT_BAROMETER_WORDS,
  FUNCTION_WORDS,
  INTENSIFIERS,
  isNegator,
  NEGATORS,
} from './lexicon.js'
import { loadModel, type Model, margin, toScore } from './model.js'
import { tokenise } from './tokenise.js'
import type {
  BarometerWord,
  Classification,
  ClassifierOptions,
  Language,
  Sentiment,
  Signal,
} from './types.js'
import weights from './weights.json' with { type: 'json' }
import { compileWordList } from './word-list.js'

const MAX_SIGNALS = 8
/** Learned weights smaller than this are noise to a moderator. */
const MIN_SIGNAL = 0.3

export interface Classifier {
  /** The word list this classifier was compiled with. */
  readonly words: readonly BarometerWord[]
  classify(text: string): Classification
}

const defaultModel = loadModel(weights)

/**
 * Compiles a classifier for one word list. Compiling is the costly part, so a page keeps one
 * per version of its list and every comment after an edit is judged by the new one.
 */
export function createClassifier(options: ClassifierOptions = {}, model: Model = defaultModel): Classifier {
  const words = options.words ?? DEFAULT_BAROMETER_WORDS
  const list = compileWordList(words)
  const isKnown = (word: string) =>
    list.words.has(word) ||
    model.weights.has(word) ||
    model.lexicon.has(word) ||
    INTENSIFIERS.has(word) ||
    NEGATORS.has(word)
  return {
    words,
    classify(text: string): Classification {
      const tokens = tokenise(text, isKnown)
      const analysis = analyse(tokens, list, model.lexicon)
      const language = detectLanguage(text, tokens)
      const { z, evidence } = margin(model, analysis, language)
      const score = evidence ? round(toScore(z), 3) : 0
      const sentiment = toSentiment(score, model.neutralBand[language])
      const verdict = judgeComplaint(tokens, analysis, sentiment, language, score, text, model.complaint)
      return {
        language,
        sentiment,
        score,
        complaint: verdict.complaint,
        category: verdict.category,
        signals: explain(analysis, model, language, verdict.complaint ? complaintSignals(verdict) : []),
      }
    },
  }
}

export function toSentiment(score: number, neutralBand: number): Sentiment {
  if (score >= neutralBand) return 'positive'
  if (score <= -neutralBand) return 'negative'
  return 'neutral'
}

/**
 * The pieces that moved the margin most, in margin units, strongest first: whole words, phrases,
 * emoji and complaint cues a person recognises. Character n-grams and pairs of function words
 * ("ago and") move the margin too but say nothing to a moderator, so they are never shown.
 */
function explain(analysis: Analysis, model: Model, language: Language, cues: readonly Signal[]): Signal[] {
  const byKey = new Map<string, Signal>()
  const add = (signal: Signal) => {
    const key = `${signal.kind}\u0000${signal.text}`
    const seen = byKey.get(key)
    if (seen) seen.weight += signal.weight
    else byKey.set(key, { ...signal })
  }
  for (const e of analysis.evidence) {
    if (e.weight !== 0) add({ text: e.text, kind: e.kind, weight: e.weight * model.barometer[language] })
  }
  for (const e of analysis.lexiconHits) {
    if (e.weight !== 0) add({ text: e.text, kind: e.kind, weight: e.weight * model.lexiconFactor[language] })
  }
  analysis.features.forEach((key, i) => {
    const w = model.weights.get(key)
    if (w === undefined || Math.abs(w) < MIN_SIGNAL || !isReadable(key)) return
    const negated = key.startsWith('!')
    const text = negated ? (analysis.negatedLabels.get(i) ?? key.slice(1)) : key.replace('_', ' ')
    add({ text, kind: negated ? 'negation' : 'word', weight: w })
  })
  for (const cue of cues) add(cue)
  return [...byKey.values()]
    .filter((s) => Math.abs(s.weight) >= 0.01)
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
    .slice(0, MAX_SIGNALS)
    .map((s) => ({ ...s, weight: round(s.weight, 2) }))
}

/** The cues that made a complaint, and the words the complaint model weighed most ("refund", "still waiting"). */
function complaintSignals(verdict: ComplaintVerdict): Signal[] {
  const signals = [...verdict.cues]
  for (const { key, weight } of verdict.learned)
    if (isCueWord(key)) signals.push({ text: key.replace('_', ' '), kind: 'cue', weight: -weight })
  return signals
}

/** A complaint word worth showing: readable, not negated, not "not"/"but"/"doesn't" on its own. */
function isCueWord(key: string): boolean {
  if (key.startsWith('!') || !isReadable(key)) return false
  return key.split('_').some((word) => !isNegator(word) && !CLAUSE_BREAKS.has(word))
}

/** A single content word, or a pair of content words: "snel geleverd" yes, "ago and" / "de" no. */
const readable = new Map<string, boolean>()
function isReadable(key: string): boolean {
  let known = readable.get(key)
  if (known === undefined) {
    known = readsAsWords(key)
    if (readable.size < 100_000) readable.set(key, known)
  }
  return known
}

function readsAsWords(key: string): boolean {
  const words = (key.startsWith('!') ? key.slice(1) : key).split('_')
  return words.every((word) => word.length > 1 && !FUNCTION_WORDS.has(word) && !/^\d+$/.test(word))
}

function round(value: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(value * f) / f
}

let defaultClassifier: Classifier | undefined
const perList = new WeakMap<readonly BarometerWord[], Classifier>()

/**
 * Classifies one comment. With `options.words`, the compiled classifier is cached per list
 * object: pass the same array for the same list version, a new array after an edit.
 */
export function classifyComment(text: string, options: ClassifierOptions = {}): Classification {
  if (!options.words) {
    defaultClassifier ??= createClassifier()
    return defaultClassifier.classify(text)
  }
  let classifier = perList.get(options.words)
  if (!classifier) {
    classifier = createClassifier(options)
    perList.set(options.words, classifier)
  }
  return classifier.classify(text)
}
