// The trained linear model: weights per word feature plus one weight for the barometer evidence.
import type { Analysis } from './features.js'

/** The JSON file written by scripts/train-classifier.ts. */
export interface ModelWeights {
  version: number
  trainedOn: string
  bias: number
  /** Multiplies the summed barometer evidence (word list, emoji, phrases). */
  barometer: number
  /** |score| below this is neutral. */
  neutralBand: number
  features: Record<string, number>
}

export interface Model {
  bias: number
  barometer: number
  neutralBand: number
  weights: ReadonlyMap<string, number>
}

export function loadModel(json: ModelWeights): Model {
  return {
    bias: json.bias,
    barometer: json.barometer,
    neutralBand: json.neutralBand,
    weights: new Map(Object.entries(json.features)),
  }
}

/** The model's margin for one analysed comment, and whether anything in it was known at all. */
export function margin(model: Model, analysis: Analysis): { z: number; evidence: boolean } {
  let z = model.bias + model.barometer * analysis.barometer
  let evidence = analysis.evidence.length > 0
  for (const key of analysis.features) {
    const w = model.weights.get(key)
    if (w !== undefined) {
      z += w
      evidence = true
    }
  }
  return { z, evidence }
}

/** Maps a margin to -1..1 (2·sigmoid − 1). */
export function toScore(z: number): number {
  return Math.tanh(z / 2)
}
