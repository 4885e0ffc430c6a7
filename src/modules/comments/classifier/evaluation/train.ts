// Fits the linear model (logistic regression, AdaGrad, L2) on analysed comments.
import { complaintEvidence } from '../complaint.js'
import { type Analysis, analyse, HASH_BITS } from '../features.js'
import { DEFAULT_BAROMETER_WORDS, INTENSIFIERS, NEGATORS } from '../lexicon.js'
import {
  type ComplaintWeights,
  loadModel,
  type Model,
  type ModelWeights,
  margin,
  packHashed,
  toScore,
} from '../model.js'
import { type Token, tokenise } from '../tokenise.js'
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

function analyseWithTokens(text: string): { analysis: Analysis; tokens: Token[] } {
  const tokens = tokenise(text, isKnown)
  return { analysis: analyse(tokens, list, lexicon()), tokens }
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
  tokens: Token[]
}

export function analyseAll(items: readonly LabelledText[]): Analysed[] {
  return items.map((item) => ({ item, ...analyseWithTokens(item.text) }))
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
  if (!base.tune) return withComplaintModel(fitModel(analysed, base), analysed, base)
  const validation = analysed.filter(({ item }) => hash(`${item.text}#validation`) % 5 === 0)
  const fitting = analysed.filter(({ item }) => hash(`${item.text}#validation`) % 5 !== 0)
  let best = { l2: base.l2, f1: -1, band: 0.2 }
  for (const l2 of [3e-5, 1e-4, 3e-4]) {
    const model = loadModel(fitModel(fitting, { ...base, l2 }))
    const polar = validation.filter(({ item }) => isPolar(item.label))
    const { macroF1 } = score(
      polar.map(({ item }) => item.label as Sentiment),
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
  return withComplaintModel(weights, analysed, base)
}

function isPolar(label: Sentiment | undefined): boolean {
  return label === 'positive' || label === 'negative'
}

function scoreOf(model: Model, analysis: Analysis, language: Language): number {
  const { z, evidence } = margin(model, analysis, language)
  return evidence ? toScore(z) : 0
}

function fitModel(analysed: readonly Analysed[], options: TrainOptions): ModelWeights {
  const polar = analysed.filter(({ item }) => isPolar(item.label))
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
  const rated = analysed.filter(({ item }) => item.language === 'en' && item.label !== undefined)
  if (!rated.some(({ item }) => item.label === 'neutral')) return 0.2
  const scores = rated.map(({ analysis, item }) => scoreOf(model, analysis, item.language))
  const gold = rated.map(({ item }) => item.label as Sentiment)
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

/** Complaint training: the languages with complaint-labelled texts get a learned complaint model. */
const COMPLAINT_EPOCHS = 10
const COMPLAINT_L2 = 3e-4
const COMPLAINT_DROPOUT = 0.5
/** The largest complaint word weights kept in the JSON. */
const COMPLAINT_FEATURES = 5_000
/**
 * People's own posts (no complaint in the whole source) teach which bad moods are no complaint, but
 * are no customer messages: together they weigh this share of what the customer messages weigh, so
 * they do not move the line between a customer's question and a customer's complaint.
 */
const SOCIAL_SHARE = 0.3

/**
 * Fits the complaint model on the texts that say whether they are a complaint, in the languages
 * that have such texts, over the same words as the sentiment model plus the named evidence (cues,
 * complaint phrases, the sentiment verdict as the finished sentiment model gives it). Sources weigh
 * as the square root of their size; complaints and others weigh the same within a source. The
 * threshold is the balanced one (margin 0).
 */
function withComplaintModel(
  weights: ModelWeights,
  analysed: readonly Analysed[],
  options: TrainOptions,
): ModelWeights {
  const rated = analysed.filter(({ item }) => item.complaint !== undefined)
  if (rated.length === 0) return weights
  const model = loadModel(weights)
  const rows = rated.map(({ item, analysis, tokens }) => {
    const s = scoreOf(model, analysis, item.language)
    const band = model.neutralBand[item.language]
    const sentiment: Sentiment = s >= band ? 'positive' : s <= -band ? 'negative' : 'neutral'
    const { keys } = complaintEvidence(tokens, analysis, sentiment, s, item.text)
    return { keys: [...new Set([...keys, ...analysis.features])], score: s, item }
  })
  const counts = new Map<string, number>()
  for (const row of rows) for (const key of row.keys) counts.set(key, (counts.get(key) ?? 0) + 1)
  const index = new Map<string, number>()
  for (const [key, count] of counts) if (count >= options.minCount) index.set(key, index.size)
  const socialSources = new Set(
    [...new Set(rows.map((row) => row.item.source))].filter(
      (source) => !rows.some((row) => row.item.source === source && row.item.complaint),
    ),
  )
  const examples: ComplaintExample[] = rows.map((row) => ({
    // People's own posts teach only the named evidence: their words would teach their style (tweets,
    // Reddit) as "no complaint", and a customer's tweet to a shop is written in that style too.
    features: (!socialSources.has(row.item.source)
      ? row.keys
      : row.keys.filter((k) => k.startsWith('#'))
    ).flatMap((key) => index.get(key) ?? []),
    evidence: row.keys.filter((key) => key.startsWith('#')).flatMap((key) => index.get(key) ?? []),
    score: row.score,
    y: row.item.complaint ? 1 : 0,
    weight: 1,
  }))
  // Weights: a source as the square root of its size, each class half of its source.
  const perSource = new Map<string, { n: number; yes: number }>()
  for (const row of rows) {
    const e = perSource.get(row.item.source) ?? { n: 0, yes: 0 }
    e.n++
    if (row.item.complaint) e.yes++
    perSource.set(row.item.source, e)
  }
  let customer = 0
  let social = 0
  examples.forEach((ex, i) => {
    const source = perSource.get((rows[i] as (typeof rows)[number]).item.source) as { n: number; yes: number }
    const inClass = ex.y ? source.yes : source.n - source.yes
    ex.weight = (Math.sqrt(source.n) / source.n) * Math.min(3, source.n / (2 * Math.max(1, inClass)))
    if (source.yes === 0) social += ex.weight
    else customer += ex.weight
  })
  examples.forEach((ex, i) => {
    const source = perSource.get((rows[i] as (typeof rows)[number]).item.source) as { n: number; yes: number }
    if (source.yes === 0 && social > 0 && customer > 0) ex.weight *= (SOCIAL_SHARE * customer) / social
  })
  const total = examples.reduce((sum, ex) => sum + ex.weight, 0)
  for (const ex of examples) ex.weight /= total / examples.length

  // The threshold: the margin with the best F1 on a fifth of the customer messages kept aside
  // (the people's own posts shift the bias; this puts the line back where customers draw it).
  const isCustomer = (i: number) =>
    (perSource.get((rows[i] as (typeof rows)[number]).item.source)?.yes ?? 0) > 0
  const aside = (i: number) =>
    isCustomer(i) && hash(`${(rows[i] as (typeof rows)[number]).item.text}#complaint`) % 5 === 0
  const all = examples.map((_, i) => i)
  const probe = fitComplaint(
    examples,
    all.filter((i) => !aside(i)),
    index.size,
    options,
  )
  const held = all.filter(aside)
  let best = { threshold: 0, f1: -1 }
  for (let step = -30; step <= 30; step++) {
    const threshold = step / 10
    let tp = 0
    let fp = 0
    let fn = 0
    for (const i of held) {
      const ex = examples[i] as ComplaintExample
      let z = probe.bias + probe.score * ex.score
      for (const f of ex.features) z += probe.w[f] as number
      const yes = z >= threshold
      if (yes && ex.y) tp++
      else if (yes) fp++
      else if (ex.y) fn++
    }
    const f1 = tp ? (2 * tp) / (2 * tp + fp + fn) : 0
    // Ties: the threshold nearest the balanced one (0).
    if (
      f1 > best.f1 + 1e-9 ||
      (Math.abs(f1 - best.f1) <= 1e-9 && Math.abs(threshold) < Math.abs(best.threshold))
    )
      best = { threshold, f1 }
  }
  const fitted = fitComplaint(examples, all, index.size, options)
  const evidenceKeys = new Set(examples.flatMap((ex) => ex.evidence))
  const round = (x: number) => Math.round(x * 1000) / 1000
  // The named evidence always, and the words with the largest weights (the rest barely move a margin).
  const kept = [...index]
    .map(([key, i]) => ({ key, i, weight: round(fitted.w[i] as number) }))
    .filter(({ i, weight }) => evidenceKeys.has(i) || Math.abs(weight) >= 0.02)
    .sort(
      (a, b) =>
        Number(evidenceKeys.has(b.i)) - Number(evidenceKeys.has(a.i)) ||
        Math.abs(b.weight) - Math.abs(a.weight),
    )
    .slice(0, COMPLAINT_FEATURES)
    .sort((a, b) => (a.key < b.key ? -1 : 1))
  const features: Record<string, number> = Object.fromEntries(kept.map(({ key, weight }) => [key, weight]))
  const languages = [...new Set(rated.map(({ item }) => item.language))]
  const complaint: ComplaintWeights = {
    bias: round(fitted.bias),
    score: round(fitted.score),
    threshold: Object.fromEntries(languages.map((language) => [language, best.threshold])),
    features,
  }
  return { ...weights, complaint }
}

interface ComplaintExample {
  features: number[]
  evidence: number[]
  score: number
  y: number
  weight: number
}

/** Logistic regression (AdaGrad, L2) on the given examples; word weights scaled for their dropout. */
function fitComplaint(
  examples: readonly ComplaintExample[],
  use: readonly number[],
  size: number,
  options: TrainOptions,
): { w: Float64Array; bias: number; score: number } {
  const w = new Float64Array(size)
  const g2 = new Float64Array(size).fill(1e-8)
  const scalars = { bias: 0, score: 0 }
  const sg2 = { bias: 1e-8, score: 1e-8 }
  const random = mulberry32(options.seed + 1)
  const order = [...use]
  const rate = options.learningRate
  const isEvidence = new Uint8Array(size)
  for (const ex of examples) for (const f of ex.evidence) isEvidence[f] = 1
  for (let epoch = 0; epoch < COMPLAINT_EPOCHS; epoch++) {
    shuffle(order, random)
    for (const i of order) {
      const ex = examples[i] as ComplaintExample
      // Words drop out, named evidence stays: the cues must decide when the words are new.
      const kept = ex.features.filter((f) => isEvidence[f] === 1 || random() >= COMPLAINT_DROPOUT)
      let z = scalars.bias + scalars.score * ex.score
      for (const f of kept) z += w[f] as number
      const gradient = (1 / (1 + Math.exp(-z)) - ex.y) * ex.weight
      for (const f of kept) {
        const g = gradient + COMPLAINT_L2 * (w[f] as number)
        g2[f] = (g2[f] as number) + g * g
        w[f] = (w[f] as number) - (rate * g) / Math.sqrt(g2[f] as number)
      }
      for (const [name, g] of [
        ['bias', gradient],
        ['score', gradient * ex.score],
      ] as const) {
        sg2[name] += g * g
        scalars[name] -= (rate * g) / Math.sqrt(sg2[name])
      }
    }
  }
  for (let f = 0; f < size; f++) if (isEvidence[f] === 0) w[f] = (w[f] as number) * (1 - COMPLAINT_DROPOUT)
  return { w, bias: scalars.bias, score: scalars.score }
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
