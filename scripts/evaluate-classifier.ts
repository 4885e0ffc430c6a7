// Prints accuracy and F1 per language for the classifier and the word-count baseline on held-out data.
// Usage: npm run classifier:evaluate [-- --json]
import {
  loadEnglish,
  splitHeldOut,
  tryLoadDutch,
} from '../src/modules/comments/classifier/evaluation/datasets.js'
import { evaluate, type LanguageReport } from '../src/modules/comments/classifier/evaluation/evaluate.js'
import type { Scores } from '../src/modules/comments/classifier/evaluation/metrics.js'

const held = [...splitHeldOut(loadEnglish()).test]
const dutch = tryLoadDutch()
if ('items' in dutch) held.push(...splitHeldOut(dutch.items).test)
else console.error(`Dutch set unavailable (${dutch.reason}); reporting English only`)

const reports = evaluate(held)
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(reports))
} else {
  for (const report of reports) printReport(report)
}

function printReport(report: LanguageReport): void {
  console.log(`\n${report.language} — ${report.sources.join(', ')} — ${report.n} held-out texts`)
  const rows: Array<[string, { classifier: Scores; baseline: Scores; majority: Scores } | undefined]> = [
    ['positive vs negative', report.polarity],
    ['positive / neutral / negative', report.threeWay],
  ]
  for (const [task, scores] of rows) {
    if (!scores) continue
    console.log(`  ${task} (n=${scores.classifier.n})`)
    for (const [name, s] of Object.entries(scores)) {
      const perLabel = Object.entries(s.f1)
        .map(([label, f1]) => `${label} ${f1.toFixed(3)}`)
        .join(', ')
      console.log(
        `    ${name.padEnd(10)} accuracy ${pct(s.accuracy)}  macro-F1 ${s.macroF1.toFixed(3)}  (F1 ${perLabel})`,
      )
    }
    const gain = scores.classifier.accuracy - scores.baseline.accuracy
    console.log(
      `    → classifier beats the word-count baseline by ${(gain * 100).toFixed(1)} accuracy points`,
    )
  }
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`.padStart(7)
}
