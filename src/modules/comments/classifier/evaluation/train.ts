// Fits the linear model (logistic regression, AdaGrad, L2) on analysed comments.
import { type Analysis, analyse, HASH_BITS } from '../features.js'
import { DEFAULT_BAROMETER_WORDS, INTENSIFIERS, NEGATORS } from '../lexicon.js'
import { loadModel, type Model, type ModelWeights, margin, packHashed, toScore } from '../model.js'
import { tokenise } from '../tokenise.js'
import type { Language, Sentiment } from '../types.js'
import { compileWordList } from '../word-list.js'
import type { LabelledText } from './datasets.js'
import { score } from './metrics.js'
import { loadOpenLexicon } from './open-lexicons.js'

export interface TrainOptions {
  epochs: number
  l2: number
  learningRate: number
  /** Features seen in fewer training texts are dropped. */
  minCount: number
  /** The largest weights kept in the JSON. */
  maxFeatures: number
  seed: number
  /**
   * 0: every text counts once, so the largest source dominates; 1: every source of a language
   * counts as much as any other; in between: a source counts as the square root of its size (0.5).
   */
  sourceBalance: number
  /** Share of the learned word and n-gram features left out of each training step (0 = none). */
  dropout: number
  /** How hard a language's own word-list and barometer factors are held to the shared ones. */
  languageL2: number
  /** Choose L2 and the neutral band on a validation fifth first (off for the many leave-one-out fits). */
  tune: boolean
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  epochs: 10,
  l2: 1e-4,
  learningRate: 0.2,
  minCount: 2,
  maxFeatures: 20_000,
  seed: 7,
  sourceBalance: 1,
  languageL2: 1,
  dropout: 0.6,
  tune: true,
}

/** Character n-grams are many and overfit one domain's spelling: they are held back much harder. */
const HASHED_L2 = 40

const NEUTRAL_BAND = 0.2
/** No Dutch set has neutral labels to tune on: a clear opinion answered neutral is wrong, so keep it narrow. */
const DUTCH_NEUTRAL_BAND = 0.1

const list = compileWordList(DEFAULT_BAROMETER_WORDS)
let openLexicon: Map<string, number> | undefined
function lexicon(): Map<string, number> {
  openLexicon ??= loadOpenLexicon()
  return openLexicon
}
const isKnown = (w: string) => list.words.has(w) || lexicon().has(w) || INTENSIFIERS.has(w) || NEGATORS.has(w)

export function analyseText(text: string): Analysis {
  return analyse(tokenise(text, isKnown), list, lexicon())
}

interface Example {
  features: number[]
  hashed: number[]
  barometer: number
  lexicon: number
  language: Language
  y: number
  /** How much the example counts: its source's share and its class's share within that source. */
  weight: number
}

export interface Analysed {
  item: LabelledText
  analysis: Analysis
}

export function analyseAll(items: readonly LabelledText[]): Analysed[] {
  return items.map((item) => ({ item, analysis: analyseText(item.text) }))
}

/**
 * Trains on the positive and negative texts. With `tune`, a fifth is first kept aside to choose
 * the L2 strength and the English neutral band (only English sets have neutral labels); then the
 * model is refitted on everything it was given.
 */
export function train(
  items: readonly LabelledText[] | readonly Analysed[],
  options: Partial<TrainOptions> = {},
): ModelWeights {
  const base = { ...DEFAULT_TRAIN_OPTIONS, ...options }
  const analysed: readonly Analysed[] =
    items.length > 0 && 'analysis' in (items[0] as object)
      ? (items as readonly Analysed[])
      : analyseAll(items as readonly LabelledText[])
  if (!base.tune) return fitModel(analysed, base)
  const validation = analysed.filter(({ item }) => hash(`${item.text}#validation`) % 5 === 0)
  const fitting = analysed.filter(({ item }) => hash(`${item.text}#validation`) % 5 !== 0)
  let best = { l2: base.l2, f1: -1, band: 0.2 }
  for (const l2 of [3e-5, 1e-4, 3e-4]) {
    const model = loadModel(fitModel(fitting, { ...base, l2 }))
    const polar = validation.filter(({ item }) => item.label !== 'neutral')
    const { macroF1 } = score(
      polar.map(({ item }) => item.label),
      polar.map(({ item, analysis }) =>
        scoreOf(model, analysis, item.language) > 0 ? 'positive' : 'negative',
      ),
    )
    if (macroF1 > best.f1) best = { l2, f1: macroF1, band: tuneNeutralBand(model, validation) }
  }
  const weights = fitModel(analysed, { ...base, l2: best.l2 })
  // VADER's "neutral" spans ±0.5 of 4, wider than a comment's "no opinion": cap the band there.
  const band = Math.min(best.band, NEUTRAL_BAND)
  weights.neutralBand = { en: band, nl: Math.min(band, DUTCH_NEUTRAL_BAND), other: band }
  return weights
}

function scoreOf(model: Model, analysis: Analysis, language: Language): number {
  const { z, evidence } = margin(model, analysis, language)
  return evidence ? toScore(z) : 0
}

function fitModel(analysed: readonly Analysed[], options: TrainOptions): ModelWeights {
  const polar = analysed.filter(({ item }) => item.label !== 'neutral')
  const counts = new Map<string, number>()
  for (const { analysis } of polar)
    for (const key of new Set(analysis.features)) counts.set(key, (counts.get(key) ?? 0) + 1)
  const index = new Map<string, number>()
  for (const [key, count] of counts) if (count >= options.minCount) index.set(key, index.size)

  const examples: Example[] = polar.map(({ item, analysis }) => ({
    features: [...new Set(analysis.features.flatMap((key) => index.get(key) ?? []))],
    hashed: analysis.hashed,
    barometer: analysis.barometer,
    lexicon: analysis.lexicon,
    language: item.language,
    y: item.label === 'positive' ? 1 : 0,
    weight: 1,
  }))
  balance(
    examples,
    polar.map(({ item }) => item.source),
    options.sourceBalance,
  )

  const w = new Float64Array(index.size)
  const g2 = new Float64Array(index.size).fill(1e-8)
  const size = 1 << HASH_BITS
  const hw = new Float64Array(size)
  const hg2 = new Float64Array(size).fill(1e-8)
  // A language's factors are the shared ones plus an offset held towards 0: with no labelled text
  // in a language (Dutch left out), that language simply uses what the other one taught.
  const scalars = { bias: 0, nl: 0, en: 0, baro: 0.3, baroNl: 0, baroEn: 0, lex: 0.3, lexNl: 0, lexEn: 0 }
  const scalarG2 = Object.fromEntries(Object.keys(scalars).map((k) => [k, 1e-8])) as Record<
    keyof typeof scalars,
    number
  >
  const step = (name: keyof typeof scalars, g: number, l2 = 0) => {
    const grad = g + l2 * scalars[name]
    scalarG2[name] += grad * grad
    scalars[name] -= (options.learningRate * grad) / Math.sqrt(scalarG2[name])
  }
  const random = mulberry32(options.seed)
  const order = examples.map((_, i) => i)
  const rate = options.learningRate
  const dropout = options.dropout
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, random)
    for (const i of order) {
      const ex = examples[i] as Example
      const dutch = ex.language === 'nl'
      const lang = dutch ? scalars.nl : scalars.en
      const baro = scalars.baro + (dutch ? scalars.baroNl : scalars.baroEn)
      const lex = scalars.lex + (dutch ? scalars.lexNl : scalars.lexEn)
      let z = scalars.bias + lang + baro * ex.barometer + lex * ex.lexicon
      // Dropout: words of one domain are often missing in another, so the word lists and the
      // barometer must also decide when the learned words are absent.
      const features = dropout > 0 ? ex.features.filter(() => random() >= dropout) : ex.features
      const hashedKept = dropout > 0 ? ex.hashed.filter(() => random() >= dropout) : ex.hashed
      for (const f of features) z += w[f] as number
      for (const h of hashedKept) z += hw[h] as number
      const gradient = (1 / (1 + Math.exp(-z)) - ex.y) * ex.weight
      for (const f of features) {
        const g = gradient + options.l2 * (w[f] as number)
        g2[f] = (g2[f] as number) + g * g
        w[f] = (w[f] as number) - (rate * g) / Math.sqrt(g2[f] as number)
      }
      for (const h of hashedKept) {
        const g = gradient + HASHED_L2 * options.l2 * (hw[h] as number)
        hg2[h] = (hg2[h] as number) + g * g
        hw[h] = (hw[h] as number) - (rate * g) / Math.sqrt(hg2[h] as number)
      }
      step('bias', gradient)
      step(ex.language === 'nl' ? 'nl' : 'en', gradient)
      step('baro', gradient * ex.barometer)
      step('lex', gradient * ex.lexicon)
      step(dutch ? 'baroNl' : 'baroEn', gradient * ex.barometer, options.languageL2)
      step(dutch ? 'lexNl' : 'lexEn', gradient * ex.lexicon, options.languageL2)
    }
  }

  // Trained on a share (1 − dropout) of the words, applied to all of them: scale down to match.
  if (dropout > 0) {
    for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) * (1 - dropout)
    for (let i = 0; i < hw.length; i++) hw[i] = (hw[i] as number) * (1 - dropout)
  }
  const kept = [...index]
    .map(([key, i]) => [key, Math.round((w[i] as number) * 1000) / 1000] as const)
    .filter(([, weight]) => Math.abs(weight) >= 0.02)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || (a[0] < b[0] ? -1 : 1))
    .slice(0, options.maxFeatures)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))

  const round = (x: number) => Math.round(x * 1000) / 1000
  return {
    version: 2,
    trainedOn: '',
    bias: round(scalars.bias),
    languageBias: { nl: round(scalars.nl), en: round(scalars.en), other: 0 },
    barometer: {
      nl: round(scalars.baro + scalars.baroNl),
      en: round(scalars.baro + scalars.baroEn),
      other: round(scalars.baro),
    },
    lexiconFactor: {
      nl: round(scalars.lex + scalars.lexNl),
      en: round(scalars.lex + scalars.lexEn),
      other: round(scalars.lex),
    },
    neutralBand: { nl: DUTCH_NEUTRAL_BAND, en: NEUTRAL_BAND, other: NEUTRAL_BAND },
    features: Object.fromEntries(kept),
    hashed: packHashed(hw, HASH_BITS),
    lexicon: Object.fromEntries(lexicon()),
  }
}

/**
 * Weighs each example so that, within its language, a source counts as (its size)^(1 − sourceBalance)
 * and, within its source, positives and negatives weigh the same (at most 3× a text's own weight).
 * The mean weight stays 1, so the learning rate and L2 mean the same whatever the mix.
 */
function balance(examples: Example[], sources: readonly string[], sourceBalance: number): void {
  const perSource = new Map<string, { n: number; positive: number; language: Language }>()
  examples.forEach((ex, i) => {
    const key = sources[i] as string
    const entry = perSource.get(key) ?? { n: 0, positive: 0, language: ex.language }
    entry.n++
    entry.positive += ex.y
    perSource.set(key, entry)
  })
  const perLanguage = new Map<Language, { n: number; sources: number }>()
  for (const { n, language } of perSource.values()) {
    const entry = perLanguage.get(language) ?? { n: 0, sources: 0 }
    entry.n += n
    entry.sources++
    perLanguage.set(language, entry)
  }
  let total = 0
  examples.forEach((ex, i) => {
    const source = perSource.get(sources[i] as string) as { n: number; positive: number }
    const language = perLanguage.get(ex.language) as { n: number; sources: number }
    const share = (language.n / language.sources / source.n) ** sourceBalance
    const inClass = ex.y === 1 ? source.positive : source.n - source.positive
    const classWeight = Math.min(3, source.n / (2 * Math.max(1, inClass)))
    ex.weight = share * classWeight
    total += ex.weight
  })
  const mean = total / Math.max(1, examples.length)
  for (const ex of examples) ex.weight /= mean
}

/** Picks the |score| below which a text is neutral, by macro-F1 on English texts with neutral labels. */
function tuneNeutralBand(model: Model, analysed: readonly Analysed[]): number {
  const rated = analysed.filter(({ item }) => item.language === 'en')
  if (!rated.some(({ item }) => item.label === 'neutral')) return 0.2
  const scores = rated.map(({ analysis, item }) => scoreOf(model, analysis, item.language))
  const gold = rated.map(({ item }) => item.label)
  let best = { band: 0.2, f1: -1 }
  for (let step = 2; step <= 36; step++) {
    const band = step / 40
    const predicted = scores.map(
      (s): Sentiment => (s >= band ? 'positive' : s <= -band ? 'negative' : 'neutral'),
    )
    const { macroF1 } = score(gold, predicted)
    if (macroF1 > best.f1) best = { band, f1: macroF1 }
  }
  return best.band
}

function hash(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function shuffle(order: number[], random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const tmp = order[i] as number
    order[i] = order[j] as number
    order[j] = tmp
  }
}
