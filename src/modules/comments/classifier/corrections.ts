// A page's own lesson from its moderators: their corrected verdicts, remembered and generalised.
import type { Classifier } from './classify.js'
import { FUNCTION_WORDS } from './lexicon.js'
import { tokenise } from './tokenise.js'
import type { Classification, Sentiment, Signal } from './types.js'

/** A verdict a moderator set on one comment of the page, and what the classifier had said. */
export interface VerdictCorrection {
  message: string
  predicted: { sentiment: Sentiment; complaint: boolean }
  corrected: { sentiment: Sentiment; complaint: boolean }
}

export interface CorrectionLayer {
  /** How many corrections it learned from. */
  readonly size: number
  adjust(text: string, verdict: Classification): Classification
}

const SENTIMENT_INDEX: Record<Sentiment, number> = { negative: 0, neutral: 1, positive: 2 }
const SENTIMENTS: readonly Sentiment[] = ['negative', 'neutral', 'positive']
/** The classifier's own verdict counts as this many votes against the page's word weights. */
const BASE_VOTE = 1
const EPOCHS = 8
const STEP = 0.5

/** The words of a comment a moderator would recognise: no function words, digits as "#". */
export function contentWords(text: string): string[] {
  const words = new Set<string>()
  for (const token of tokenise(text)) {
    if (token.kind === 'punct') continue
    const word = token.text.replace(/\d+/g, '#')
    if (token.kind === 'word' && (word.length < 3 || FUNCTION_WORDS.has(word))) continue
    words.add(word)
  }
  return [...words]
}

const keyOf = (words: readonly string[]) => [...words].sort().join(' ')

interface Weights {
  complaint: Map<string, number>
  sentiment: Map<string, [number, number, number]>
}

function complaintScore(w: Weights, words: readonly string[], base: boolean): number {
  let z = base ? BASE_VOTE : -BASE_VOTE
  for (const word of words) z += w.complaint.get(word) ?? 0
  return z
}

function sentimentScores(w: Weights, words: readonly string[], base: Sentiment): [number, number, number] {
  const z: [number, number, number] = [0, 0, 0]
  const own = SENTIMENT_INDEX[base]
  z[own] = (z[own] as number) + BASE_VOTE
  for (const word of words) {
    const v = w.sentiment.get(word)
    if (v) for (let k = 0; k < 3; k++) z[k] = (z[k] as number) + (v[k] as number)
  }
  return z
}

const argmax = (z: readonly number[]) => z.indexOf(Math.max(...z))

/**
 * Learns from a page's corrections: the exact comment (its content words) is remembered, and a
 * perceptron over content words, with the classifier's own verdict as one vote, learns what this
 * page's moderators mean — so "waar is mijn pakket" corrected to a complaint makes the next
 * "waar blijft mijn pakket nou" one too, on this page only.
 */
export function learnCorrections(corrections: readonly VerdictCorrection[]): CorrectionLayer {
  const memory = new Map<string, VerdictCorrection['corrected']>()
  const examples = corrections.map((c) => ({ words: contentWords(c.message), c }))
  for (const { words, c } of examples) if (words.length > 0) memory.set(keyOf(words), c.corrected)
  const weights: Weights = { complaint: new Map(), sentiment: new Map() }
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    let mistakes = 0
    for (const { words, c } of examples) {
      const complaint = complaintScore(weights, words, c.predicted.complaint) > 0
      if (complaint !== c.corrected.complaint) {
        mistakes++
        const delta = (c.corrected.complaint ? STEP : -STEP) * 2
        for (const word of words)
          weights.complaint.set(word, (weights.complaint.get(word) ?? 0) + delta / Math.sqrt(words.length))
      }
      const predicted = argmax(sentimentScores(weights, words, c.predicted.sentiment))
      const wanted = SENTIMENT_INDEX[c.corrected.sentiment]
      if (predicted !== wanted) {
        mistakes++
        for (const word of words) {
          const v = weights.sentiment.get(word) ?? [0, 0, 0]
          v[wanted] = (v[wanted] as number) + (STEP * 2) / Math.sqrt(words.length)
          v[predicted] = (v[predicted] as number) - (STEP * 2) / Math.sqrt(words.length)
          weights.sentiment.set(word, v)
        }
      }
    }
    if (mistakes === 0) break
  }

  return {
    size: corrections.length,
    adjust(text: string, verdict: Classification): Classification {
      if (corrections.length === 0) return verdict
      const words = contentWords(text)
      const remembered = words.length > 0 ? memory.get(keyOf(words)) : undefined
      if (remembered) {
        if (remembered.sentiment === verdict.sentiment && remembered.complaint === verdict.complaint)
          return verdict
        return corrected(verdict, remembered.sentiment, remembered.complaint, [
          { text: words.join(' '), kind: 'correction', weight: remembered.complaint ? -1 : 1 },
        ])
      }
      const complaintZ = complaintScore(weights, words, verdict.complaint)
      const sentiment = SENTIMENTS[argmax(sentimentScores(weights, words, verdict.sentiment))] as Sentiment
      const complaint = complaintZ > 0
      if (complaint === verdict.complaint && sentiment === verdict.sentiment) return verdict
      const signals: Signal[] = words
        .map((word) => ({ word, weight: weights.complaint.get(word) ?? 0 }))
        .filter(({ weight }) => weight !== 0)
        .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
        .slice(0, 3)
        .map(({ word, weight }) => ({
          text: word,
          kind: 'correction',
          weight: Math.round(-weight * 100) / 100,
        }))
      return corrected(verdict, sentiment, complaint, signals)
    },
  }
}

function corrected(
  verdict: Classification,
  sentiment: Sentiment,
  complaint: boolean,
  signals: Signal[],
): Classification {
  return {
    ...verdict,
    sentiment,
    complaint,
    category: complaint ? (verdict.category ?? 'other') : null,
    signals: [...signals, ...verdict.signals].slice(0, 8),
  }
}

/** The page's classifier with its moderators' corrections on top. */
export function withCorrections(classifier: Classifier, layer: CorrectionLayer): Classifier {
  if (layer.size === 0) return classifier
  return {
    words: classifier.words,
    classify: (text) => layer.adjust(text, classifier.classify(text)),
  }
}
