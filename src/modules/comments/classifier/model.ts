// The trained linear model: word features, hashed character n-grams, the open word lists and the barometer.
import type { Analysis } from './features.js'
import type { Language } from './types.js'

/** The JSON file written by scripts/train-classifier.ts. */
export interface ModelWeights {
  version: number
  trainedOn: string
  bias: number
  /** Added to the margin per detected language (the two languages' data lean differently). */
  languageBias: Record<Language, number>
  /** Multiplies the summed barometer evidence (word list, emoji, phrases), per language. */
  barometer: Record<Language, number>
  /**
   * Multiplies the summed open word list scores, per language: Dutch has little labelled data, so
   * its word lists must carry more than English ones, which the learned word weights back up.
   */
  lexiconFactor: Record<Language, number>
  /** |score| below this is neutral, per language. */
  neutralBand: Record<Language, number>
  features: Record<string, number>
  /** Character 4-gram weights: `scale` × the signed bytes in `data` (base64), 2^bits of them. */
  hashed: { bits: number; scale: number; data: string }
  /** The open word lists (LUPJE, CLiPS Pattern nl, VADER), word → score on -4..+4. */
  lexicon: Record<string, number>
  /** The learned complaint model, for the languages it has training data in. */
  complaint?: ComplaintWeights
}

/** Logistic regression over words and named complaint evidence ("#cue:waiting", "#negative", …). */
export interface ComplaintWeights {
  bias: number
  /** Times the sentiment score (-1..1). */
  score: number
  /** Margin a comment needs to be a complaint, per language it was trained for. */
  threshold: Partial<Record<Language, number>>
  features: Record<string, number>
}

export interface ComplaintModel {
  bias: number
  score: number
  threshold: Partial<Record<Language, number>>
  weights: ReadonlyMap<string, number>
}

export interface Model {
  bias: number
  languageBias: Record<Language, number>
  barometer: Record<Language, number>
  lexiconFactor: Record<Language, number>
  neutralBand: Record<Language, number>
  weights: ReadonlyMap<string, number>
  hashed: Float32Array
  lexicon: ReadonlyMap<string, number>
  complaint?: ComplaintModel
}

export function loadModel(json: ModelWeights): Model {
  const bytes = Buffer.from(json.hashed.data, 'base64')
  const hashed = new Float32Array(1 << json.hashed.bits)
  for (let i = 0; i < hashed.length && i < bytes.length; i++)
    hashed[i] = (((bytes[i] as number) << 24) >> 24) * json.hashed.scale
  return {
    bias: json.bias,
    languageBias: json.languageBias,
    barometer: json.barometer,
    lexiconFactor: json.lexiconFactor,
    neutralBand: json.neutralBand,
    weights: new Map(Object.entries(json.features)),
    hashed,
    lexicon: new Map(Object.entries(json.lexicon)),
    ...(json.complaint
      ? {
          complaint: {
            bias: json.complaint.bias,
            score: json.complaint.score,
            threshold: json.complaint.threshold,
            weights: new Map(Object.entries(json.complaint.features)),
          },
        }
      : {}),
  }
}

/** Packs float weights into signed bytes with one scale (the largest weight maps to ±127). */
export function packHashed(weights: Float64Array, bits: number): ModelWeights['hashed'] {
  let max = 0
  for (const w of weights) max = Math.max(max, Math.abs(w))
  const scale = max > 0 ? max / 127 : 1
  const bytes = Buffer.alloc(weights.length)
  for (let i = 0; i < weights.length; i++) bytes.writeInt8(Math.round((weights[i] as number) / scale), i)
  return { bits, scale: Number(scale.toPrecision(6)), data: bytes.toString('base64') }
}

/** The model's margin for one analysed comment, and whether anything in it was known at all. */
export function margin(
  model: Model,
  analysis: Analysis,
  language: Language,
): { z: number; evidence: boolean } {
  let z =
    model.bias +
    model.languageBias[language] +
    model.barometer[language] * analysis.barometer +
    model.lexiconFactor[language] * analysis.lexicon
  let evidence = analysis.evidence.length > 0 || analysis.lexiconHits.length > 0
  for (const key of analysis.features) {
    const w = model.weights.get(key)
    if (w !== undefined) {
      z += w
      evidence = true
    }
  }
  for (const h of analysis.hashed) z += model.hashed[h] as number
  return { z, evidence }
}

/** Maps a margin to -1..1 (2·sigmoid − 1). */
export function toScore(z: number): number {
  return Math.tanh(z / 2)
}
