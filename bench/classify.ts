// Measures classifications per second on one core over the held-out evaluation texts of every source.
// Usage: npm run bench:classify   (last line: {"bench":"classify","comments":…,"comments_per_s":…,"target":20000,"ratio":…})
import { SOURCES, splitHeldOut } from '../src/modules/comments/classifier/evaluation/datasets.js'
import { createClassifier } from '../src/modules/comments/classifier/index.js'

const TARGET = Number(process.env.BENCH_COMMENTS ?? 300_000)
/** Comments per second the classifier must sustain on one core (issue 15). */
const FLOOR = 20_000

const texts = SOURCES.flatMap((s) => splitHeldOut(s.load()).test.map((item) => item.text))
const classifier = createClassifier()

// Warm up the JIT before the clock starts.
for (let i = 0; i < 5_000; i++) classifier.classify(texts[i % texts.length] as string)

let checksum = 0
const started = process.hrtime.bigint()
for (let i = 0; i < TARGET; i++) checksum += classifier.classify(texts[i % texts.length] as string).score
const seconds = Number(process.hrtime.bigint() - started) / 1e9

const chars = texts.reduce((sum, t) => sum + t.length, 0)
const perSecond = Math.round(TARGET / seconds)
console.error(
  `${texts.length} distinct texts (mean ${Math.round(chars / texts.length)} chars), ${TARGET} classifications in ` +
    `${seconds.toFixed(2)} s (checksum ${checksum.toFixed(1)})`,
)
console.log(
  JSON.stringify({
    bench: 'classify',
    comments: TARGET,
    comments_per_s: perSecond,
    floor: FLOOR,
    ratio: Number((perSecond / FLOOR).toFixed(2)),
  }),
)
