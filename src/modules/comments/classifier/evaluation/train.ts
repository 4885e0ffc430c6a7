// Fits the linear model (logistic regression, AdaGrad, L2) on analysed comments.

import { type Analysis, analyse } from '../features.js'
import { DEFAULT_BAROMETER_WORDS, INTENSIFIERS, NEGATORS } from '../lexicon.js'
import { loadModel, type Model, type ModelWeights, margin, toScore } from '../model.js'
import { tokenise } from '../tokenise.js'
import type { Sentiment } from '../types.js'
import { compileWordList } from '../word-list.js'
import type { LabelledText } from './datasets.js'
import { score } from './metrics.js'

export interface TrainOptions {
  epochs: number
  l2: number
  learningRate: number
  /** Features seen in fewer training texts are dropped. */
  minCount: number
  /** The largest weights kept in the JSON. */
  maxFeatures: number
  seed: number
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  epochs: 12,
  l2: 1e-4,
  learningRate: 0.2,
  minCount: 2,
  maxFeatures: 12_000,
  seed: 7,
}

const list = compileWordList(DEFAULT_BAROMETER_WORDS)
const isKnown = (w: string) => list.words.has(w) || INTENSIFIERS.has(w) || NEGATORS.has(w)

export function analyseText(text: string): Analysis {
  return analyse(tokenise(text, isKnown), list)
}

interface Example {
  features: number[]
  barometer: number
  y: number
}

interface Analysed {
  item: LabelledText
  analysis: Analysis
}

/**
 * Trains on the positive and negative texts. A fifth of them is first kept aside to choose the
 * L2 strength and the neutral band (only the English set has neutral labels); then the model is
 * refitted on everything it was given.
 */
export function train(items: readonly LabelledText[], options: Partial<TrainOptions> = {}): ModelWeights {
  const base = { ...DEFAULT_TRAIN_OPTIONS, ...options }
  const analysed = items.map((item) => ({ item, analysis: analyseText(item.text) }))
  const validation = analysed.filter(({ item }) => hash(`${item.text}#validation`) % 5 === 0)
  const fitting = analysed.filter(({ item }) => hash(`${item.text}#validation`) % 5 !== 0)

  let best = { l2: base.l2, accuracy: -1, band: 0.2 }
  for (const l2 of [1e-5, 1e-4, 1e-3]) {
    const model = loadModel(fitModel(fitting, { ...base, l2 }))
    const polar = validation.filter(({ item }) => item.label !== 'neutral')
    const correct = polar.filter(
      ({ item, analysis }) => scoreOf(model, analysis) > 0 === (item.label === 'positive'),
    )
    const accuracy = correct.length / Math.max(1, polar.length)
    if (accuracy > best.accuracy) best = { l2, accuracy, band: tuneNeutralBand(model, validation) }
  }
  const weights = fitModel(analysed, { ...base, l2: best.l2 })
  weights.neutralBand = best.band
  return weights
}

function scoreOf(model: Model, analysis: Analysis): number {
  const { z, evidence } = margin(model, analysis)
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
    barometer: analysis.barometer,
    y: item.label === 'positive' ? 1 : 0,
  }))

  const w = new Float64Array(index.size)
  const g2 = new Float64Array(index.size).fill(1e-8)
  let bias = 0
  let biasG2 = 1e-8
  let lex = 0.3
  let lexG2 = 1e-8
  const random = mulberry32(options.seed)
  const order = examples.map((_, i) => i)
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, random)
    for (const i of order) {
      const ex = examples[i] as Example
      let z = bias + lex * ex.barometer
      for (const f of ex.features) z += w[f] as number
      const gradient = 1 / (1 + Math.exp(-z)) - ex.y
      for (const f of ex.features) {
        const g = gradient + options.l2 * (w[f] as number)
        g2[f] = (g2[f] as number) + g * g
        w[f] = (w[f] as number) - (options.learningRate * g) / Math.sqrt(g2[f] as number)
      }
      biasG2 += gradient * gradient
      bias -= (options.learningRate * gradient) / Math.sqrt(biasG2)
      const gl = gradient * ex.barometer
      lexG2 += gl * gl
      lex -= (options.learningRate * gl) / Math.sqrt(lexG2)
    }
  }

  const kept = [...index]
    .map(([key, i]) => [key, Math.round((w[i] as number) * 1000) / 1000] as const)
    .filter(([, weight]) => Math.abs(weight) >= 0.02)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || (a[0] < b[0] ? -1 : 1))
    .slice(0, options.maxFeatures)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))

  return {
    version: 1,
    trainedOn: '',
    bias: Math.round(bias * 1000) / 1000,
    barometer: Math.round(lex * 1000) / 1000,
    neutralBand: 0.2,
    features: Object.fromEntries(kept),
  }
}

/** Picks the |score| below which a text is neutral, by macro-F1 on texts that have neutral labels. */
function tuneNeutralBand(model: Model, analysed: readonly Analysed[]): number {
  const rated = analysed.filter(({ item }) => item.language === 'en')
  const scores = rated.map(({ analysis }) => scoreOf(model, analysis))
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
