// Measures classifications per second on one core over the held-out evaluation texts of every source.
// Usage: npm run bench:classify   (last line: {"bench":"classify","comments_per_s":…,"floor":20000,"ceiling_per_s":…,"ratio":…};
// the ceiling is tokenising and language detection alone, in the same run)
import { SOURCES, splitHeldOut } from '../src/modules/comments/classifier/evaluation/datasets.js'
import { createClassifier } from '../src/modules/comments/classifier/index.js'
import { detectLanguage } from '../src/modules/comments/classifier/language.js'
import { tokenise } from '../src/modules/comments/classifier/tokenise.js'

const TARGET = Number(process.env.BENCH_COMMENTS ?? 300_000)
/** Comments per second the classifier must sustain on one core (issue 15). */
const FLOOR = 20_000

const texts = SOURCES.flatMap((s) => splitHeldOut(s.load()).test.map((item) => item.text))
const classifier = createClassifier()

// Warm up the JIT before the clock starts.
for (let i = 0; i < 5_000; i++) classifier.classify(texts[i % texts.length] as string)

function timed(run: (text: string) => number): { seconds: number; checksum: number } {
  let checksum = 0
  const started = process.hrtime.bigint()
  for (let i = 0; i < TARGET; i++) checksum += run(texts[i % texts.length] as string)
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, checksum }
}

// Same-run ceiling: what every verdict needs before any scoring (tokens and language), on the same texts.
for (let i = 0; i < 5_000; i++)
  detectLanguage(texts[i % texts.length] as string, tokenise(texts[i % texts.length] as string))
const ceiling = timed((text) => detectLanguage(text, tokenise(text)).length)
const { seconds, checksum } = timed((text) => classifier.classify(text).score)

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
    floor_ratio: Number((perSecond / FLOOR).toFixed(2)),
    ceiling_per_s: Math.round(TARGET / ceiling.seconds),
    ratio: Number((ceiling.seconds / seconds).toFixed(2)),
  }),
)
