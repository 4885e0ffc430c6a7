// Trains the comment classifier on every trainable source and writes its weights JSON.
// Usage: npm run classifier:train   (deterministic; the data is in tests/fixtures/classifier)
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { SOURCES } from '../src/modules/comments/classifier/evaluation/datasets.js'
import { train } from '../src/modules/comments/classifier/evaluation/train.js'

const out = fileURLToPath(new URL('../src/modules/comments/classifier/weights.json', import.meta.url))

const used = SOURCES.filter((s) => s.trainable).map((s) => ({ source: s, items: s.load() }))
const started = performance.now()
const weights = train(used.flatMap((u) => u.items))
weights.trainedOn = `${used.map((u) => `${u.source.name} (${u.items.length}, ${u.source.licence})`).join(', ')}; word lists LUPJE (MIT), CLiPS Pattern nl (PDDL), VADER (MIT)`
writeFileSync(out, `${JSON.stringify(weights, null, 2)}\n`)
console.log(
  `trained in ${((performance.now() - started) / 1000).toFixed(1)} s: ${Object.keys(weights.features).length} features, ` +
    `barometer ×${JSON.stringify(weights.barometer)}, word lists ×${JSON.stringify(weights.lexiconFactor)}, neutral band ${JSON.stringify(weights.neutralBand)} → ${out}`,
)
