// Prints the leave-one-source-out table: every source scored by a model that never saw it, next to
// the in-source score, the word-count baseline and the majority answer.
// Usage: npm run classifier:evaluate [-- --json]
import { SOURCES } from '../src/modules/comments/classifier/evaluation/datasets.js'
import {
  leaveOneSourceOut,
  type SourceRow,
  type SourceScores,
  scoreItems,
} from '../src/modules/comments/classifier/evaluation/evaluate.js'
import { createClassifier } from '../src/modules/comments/classifier/index.js'

const rows = leaveOneSourceOut()
const shipped = createClassifier()
const testOnly = SOURCES.filter((s) => !s.trainable).map((s) => ({
  source: s.name,
  scores: scoreItems(s.load(), (text) => shipped.classify(text)),
}))

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ leaveOneSourceOut: rows, shippedOnTestOnly: testOnly }))
} else {
  console.log(
    'Leave-one-source-out: each source is scored by a model trained without any of it (test-only sources:\n' +
      'never trained on). Polarity counts "neutral" answered to a clear opinion as wrong.\n',
  )
  const header = [
    'source',
    'lang',
    'licence',
    'n',
    'polarity LOSO acc / mF1',
    'in-source',
    'word-count',
    'majority',
    '3-way LOSO (base)',
    'complaint LOSO P / R / F1',
    'word-count F1',
  ]
  const table = rows.map((row) => line(row))
  console.log(format([header, ...table]))
  console.log('\nShipped weights (trained on every trainable source) on the test-only sets:')
  for (const { source, scores } of testOnly) console.log(`  ${source.padEnd(20)} ${describe(scores)}`)
}

function line(row: SourceRow): string[] {
  const p = (s: SourceScores | undefined) =>
    s && s.polarity.n > 0 ? `${pct(s.polarity.accuracy)} / ${s.polarity.macroF1.toFixed(3)}` : '—'
  const three = row.leaveOneOut.threeWay
  const c = row.leaveOneOut.complaint
  return [
    row.source,
    row.language,
    row.licence,
    String(row.n),
    p(row.leaveOneOut),
    p(row.inSource),
    p(row.baseline),
    p(row.majority),
    three
      ? `${pct(three.accuracy)} / ${three.macroF1.toFixed(3)} (${row.baseline.threeWay?.macroF1.toFixed(3)})`
      : '—',
    complaintCell(c),
    complaintCell(row.baseline.complaint, true),
  ]
}

/** P / R / F1; on a set of posts that are no complaint at all, the share wrongly called one. */
function complaintCell(c: SourceScores['complaint'], short = false): string {
  if (!c) return '—'
  if (c.positives === 0) return `${pct(c.flagged / Math.max(1, c.n))} false alarms`
  return short ? c.f1.toFixed(3) : `${c.precision.toFixed(3)} / ${c.recall.toFixed(3)} / ${c.f1.toFixed(3)}`
}

function describe(s: SourceScores): string {
  const parts =
    s.polarity.n > 0
      ? [`polarity ${pct(s.polarity.accuracy)} / macro-F1 ${s.polarity.macroF1.toFixed(3)}`]
      : []
  if (s.threeWay) parts.push(`3-way ${pct(s.threeWay.accuracy)} / ${s.threeWay.macroF1.toFixed(3)}`)
  if (s.complaint?.positives === 0) parts.push(`complaint ${complaintCell(s.complaint)}`)
  else if (s.complaint)
    parts.push(
      `complaint P ${s.complaint.precision.toFixed(3)} R ${s.complaint.recall.toFixed(3)} F1 ${s.complaint.f1.toFixed(3)}`,
    )
  return parts.join(' · ')
}

function format(cells: string[][]): string {
  const widths = cells[0]?.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length))) ?? []
  return cells.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')).join('\n')
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`
}
