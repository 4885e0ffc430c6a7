// Scores a classifier and the word-count baseline on held-out texts, per language.
import { createClassifier } from '../classify.js'
import type { Sentiment } from '../types.js'
import { createWordCountBaseline } from './baseline.js'
import type { LabelledText } from './datasets.js'
import { type Scores, score } from './metrics.js'

export interface LanguageReport {
  language: 'nl' | 'en'
  sources: string[]
  n: number
  /** Positive vs negative (texts rated neutral left out); a score of 0 counts as the majority label. */
  polarity: { classifier: Scores; baseline: Scores; majority: Scores }
  /** Positive / neutral / negative, for sets with neutral labels. */
  threeWay?: { classifier: Scores; baseline: Scores; majority: Scores }
}

type Scorer = (text: string) => { score: number; sentiment: Sentiment }

export function evaluate(items: readonly LabelledText[], classify?: Scorer): LanguageReport[] {
  const classifier = createClassifier()
  const run: Scorer = classify ?? ((text) => classifier.classify(text))
  const count = createWordCountBaseline()
  const baseline: Scorer = (text) => {
    const c = count(text)
    return { score: c, sentiment: c > 0 ? 'positive' : c < 0 ? 'negative' : 'neutral' }
  }
  const reports: LanguageReport[] = []
  for (const language of ['nl', 'en'] as const) {
    const subset = items.filter((item) => item.language === language)
    if (subset.length === 0) continue
    const ours = subset.map((item) => run(item.text))
    const theirs = subset.map((item) => baseline(item.text))
    const polar = subset.map((item, i) => ({ item, i })).filter(({ item }) => item.label !== 'neutral')
    const gold = polar.map(({ item }) => item.label)
    const majority = mostCommon(gold)
    const sign = (s: number): Sentiment => (s > 0 ? 'positive' : s < 0 ? 'negative' : majority)
    const report: LanguageReport = {
      language,
      sources: [...new Set(subset.map((item) => item.source))],
      n: subset.length,
      polarity: {
        classifier: score(
          gold,
          polar.map(({ i }) => sign(ours[i]?.score ?? 0)),
        ),
        baseline: score(
          gold,
          polar.map(({ i }) => sign(theirs[i]?.score ?? 0)),
        ),
        majority: score(
          gold,
          gold.map(() => majority),
        ),
      },
    }
    if (subset.some((item) => item.label === 'neutral')) {
      const all = subset.map((item) => item.label)
      const common = mostCommon(all)
      report.threeWay = {
        classifier: score(
          all,
          ours.map((r) => r.sentiment),
        ),
        baseline: score(
          all,
          theirs.map((r) => r.sentiment),
        ),
        majority: score(
          all,
          all.map(() => common),
        ),
      }
    }
    reports.push(report)
  }
  return reports
}

function mostCommon(labels: readonly Sentiment[]): Sentiment {
  const counts = new Map<Sentiment, number>()
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'positive'
}
