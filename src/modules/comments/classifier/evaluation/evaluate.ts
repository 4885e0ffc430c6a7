// Scores the classifier, the word-count baseline and the majority answer per source, and runs
// the leave-one-source-out evaluation: each source scored by a model that never saw any of it.
import { createClassifier } from '../classify.js'
import { loadModel, type ModelWeights } from '../model.js'
import type { Sentiment } from '../types.js'
import { createWordCountBaseline } from './baseline.js'
import { type LabelledText, SOURCES, type Source, splitHeldOut } from './datasets.js'
import { type BinaryScores, binaryScore, type Scores, score } from './metrics.js'
import { type Analysed, analyseAll, train } from './train.js'

export interface Verdict {
  sentiment: Sentiment
  complaint: boolean
}
export type Judge = (text: string) => Verdict

export interface SourceScores {
  /** Positive vs negative on the texts with a clear opinion; "neutral" answered counts as wrong. */
  polarity: Scores
  /** Positive / neutral / negative, for sets with neutral labels. */
  threeWay?: Scores
  /** Complaint yes/no, for sets that say. */
  complaint?: BinaryScores
}

export function scoreItems(items: readonly LabelledText[], judge: Judge): SourceScores {
  const verdicts = items.map((item) => judge(item.text))
  const polar = items.map((item, i) => ({ item, i })).filter(({ item }) => isPolar(item.label))
  const result: SourceScores = {
    polarity: score(
      polar.map(({ item }) => item.label as Sentiment),
      polar.map(({ i }) => verdicts[i]?.sentiment ?? 'neutral'),
    ),
  }
  const labelled = items.map((item, i) => ({ item, i })).filter(({ item }) => item.label !== undefined)
  if (labelled.some(({ item }) => item.label === 'neutral'))
    result.threeWay = score(
      labelled.map(({ item }) => item.label as Sentiment),
      labelled.map(({ i }) => verdicts[i]?.sentiment ?? 'neutral'),
    )
  const rated = items.map((item, i) => ({ item, i })).filter(({ item }) => item.complaint !== undefined)
  if (rated.length > 0)
    result.complaint = binaryScore(
      rated.map(({ item }) => item.complaint === true),
      rated.map(({ i }) => verdicts[i]?.complaint ?? false),
    )
  return result
}

/** Positive minus negative barometer words; a negative count is a complaint; 0 is neutral. */
export function wordCountJudge(): Judge {
  const count = createWordCountBaseline()
  return (text) => {
    const c = count(text)
    return { sentiment: c > 0 ? 'positive' : c < 0 ? 'negative' : 'neutral', complaint: c < 0 }
  }
}

/** Always the source's most common answer. */
export function majorityJudge(items: readonly LabelledText[]): Judge {
  const polar = items.flatMap((item) => (isPolar(item.label) ? [item.label as Sentiment] : []))
  const sentiment = mostCommon(polar)
  const complaints = items.filter((item) => item.complaint === true).length
  const complaint = complaints * 2 > items.filter((item) => item.complaint !== undefined).length
  return () => ({ sentiment, complaint })
}

export function modelJudge(weights: ModelWeights): Judge {
  const classifier = createClassifier({}, loadModel(weights))
  return (text) => classifier.classify(text)
}

export interface SourceRow {
  source: string
  language: 'nl' | 'en'
  licence: string
  trainable: boolean
  n: number
  /** Trained on every other trainable source (test-only sources: on all of them). */
  leaveOneOut: SourceScores
  /** Trained on four fifths of every trainable source, scored on this source's held-out fifth. */
  inSource?: SourceScores
  baseline: SourceScores
  majority: SourceScores
}

/**
 * For every source: a model trained without any of it, next to a model that saw four fifths
 * of it, the word-count baseline and the majority answer. Test-only sources are never trained on.
 */
export function leaveOneSourceOut(sources: readonly Source[] = SOURCES): SourceRow[] {
  const loaded = sources.map((source) => {
    const items = source.load()
    return { source, items, analysed: source.trainable ? analyseAll(items) : [] }
  })
  const trainable = loaded.filter((l) => l.source.trainable)
  const trainOn = (analysed: readonly Analysed[]) => train(analysed, { tune: false })
  const fourFifths = modelJudge(
    trainOn(trainable.flatMap((l) => l.analysed.filter(({ item }) => !isTest(item)))),
  )
  let everything: Judge | undefined
  const baseline = wordCountJudge()
  return loaded.map(({ source, items }) => {
    let judge: Judge
    if (source.trainable) {
      judge = modelJudge(trainOn(trainable.filter((l) => l.source !== source).flatMap((l) => l.analysed)))
    } else {
      everything ??= modelJudge(trainOn(trainable.flatMap((l) => l.analysed)))
      judge = everything
    }
    const row: SourceRow = {
      source: source.name,
      language: source.language,
      licence: source.licence,
      trainable: source.trainable,
      n: items.length,
      leaveOneOut: scoreItems(items, judge),
      baseline: scoreItems(items, baseline),
      majority: scoreItems(items, majorityJudge(items)),
    }
    if (source.trainable) row.inSource = scoreItems(splitHeldOut(items).test, fourFifths)
    return row
  })
}

export function isPolar(label: Sentiment | undefined): boolean {
  return label === 'positive' || label === 'negative'
}

function isTest(item: LabelledText): boolean {
  return splitHeldOut([item]).test.length === 1
}

function mostCommon(labels: readonly Sentiment[]): Sentiment {
  const counts = new Map<Sentiment, number>()
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'positive'
}
