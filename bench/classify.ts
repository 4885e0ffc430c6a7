// Measures classifications per second on one core over the held-out evaluation texts.
// Usage: npm run bench:classify   (last line: {"bench":"classify","comments":…,"comments_per_s":…})
import {
  loadEnglish,
  splitHeldOut,
  tryLoadDutch,
} from '../src/modules/comments/classifier/evaluation/datasets.js'
import { createClassifier } from '../src/modules/comments/classifier/index.js'

const TARGET = Number(process.env.BENCH_COMMENTS ?? 300_000)

const texts = splitHeldOut(loadEnglish()).test.map((item) => item.text)
const dutch = tryLoadDutch()
if ('items' in dutch) texts.push(...splitHeldOut(dutch.items).test.map((item) => item.text))
const classifier = createClassifier()

// Warm up the JIT before the clock starts.
for (let i = 0; i < 5_000; i++) classifier.classify(texts[i % texts.length] as string)

let checksum = 0
const started = process.hrtime.bigint()
for (let i = 0; i < TARGET; i++) checksum += classifier.classify(texts[i % texts.length] as string).score
const seconds = Number(process.hrtime.bigint() - started) / 1e9

const chars = texts.reduce((sum, t) => sum + t.length, 0)
console.error(
  `${texts.length} distinct texts (mean ${Math.round(chars / texts.length)} chars), ${TARGET} classifications in ` +
    `${seconds.toFixed(2)} s (checksum ${checksum.toFixed(1)})`,
)
console.log(
  JSON.stringify({ bench: 'classify', comments: TARGET, comments_per_s: Math.round(TARGET / seconds) }),
)
