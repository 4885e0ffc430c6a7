// Scores the shipped classifier on labelled sets that may not be committed (no licence, or personal
// use only), read from files on this machine. Nothing here trains or tunes; the files stay outside git.
// Usage: npm run classifier:evaluate-local -- [--complaints complaints-data.csv] [--polarity-nl polarity-nl-bol.com.csv]
//   --complaints: Preoţiuc-Pietro et al. 2019 (id,text,label 0/1,domain); "random_*" domains are tweets
//                 not addressed to a company, scored apart as well.
//   --polarity-nl: Pattern's bol.com reviews ("-1"/"1", text).
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { binaryScore, score } from '../src/modules/comments/classifier/evaluation/metrics.js'
import { createClassifier } from '../src/modules/comments/classifier/index.js'

const classifier = createClassifier()
const arg = (name: string) => {
  const i = process.argv.indexOf(name)
  return i > 0 ? process.argv[i + 1] : undefined
}
const result: Record<string, unknown> = {}

const complaints = arg('--complaints')
if (complaints) {
  const rows = parse(readFileSync(complaints, 'utf8'), { relax_quotes: true }) as string[][]
  const items = rows
    .filter((r) => r[2] === '0' || r[2] === '1')
    .map((r) => ({ text: r[1] as string, complaint: r[2] === '1', domain: r[3] ?? '' }))
  const judge = (subset: typeof items) => {
    const s = binaryScore(
      subset.map((i) => i.complaint),
      subset.map((i) => classifier.classify(i.text).complaint),
    )
    return { n: s.n, precision: round(s.precision), recall: round(s.recall), f1: round(s.f1) }
  }
  result.complaints = {
    all: judge(items),
    addressedToCompanies: judge(items.filter((i) => !i.domain.startsWith('random'))),
  }
}

const polarity = arg('--polarity-nl')
if (polarity) {
  const rows = parse(readFileSync(polarity, 'utf8'), { relax_quotes: true }) as string[][]
  const items = rows.filter((r) => r[0] === '1' || r[0] === '-1')
  const s = score(
    items.map((r) => (r[0] === '1' ? 'positive' : 'negative')),
    items.map((r) => classifier.classify(r[1] as string).sentiment),
  )
  result.polarityNl = { n: s.n, accuracy: round(s.accuracy), macroF1: round(s.macroF1) }
}

console.log(JSON.stringify(result, null, 2))

function round(x: number): number {
  return Math.round(x * 1000) / 1000
}
