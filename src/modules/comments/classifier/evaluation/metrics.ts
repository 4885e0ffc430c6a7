// Accuracy, macro-F1 and complaint precision/recall over the labels a data set actually uses.
export interface Scores {
  n: number
  accuracy: number
  macroF1: number
  /** F1 per gold label; a prediction outside the gold labels (neutral on a polar set) is simply wrong. */
  f1: Record<string, number>
}

export function score(gold: readonly string[], predicted: readonly string[]): Scores {
  const labels = [...new Set(gold)].sort()
  let correct = 0
  const f1: Record<string, number> = {}
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) correct++
  for (const label of labels) {
    let tp = 0
    let fp = 0
    let fn = 0
    for (let i = 0; i < gold.length; i++) {
      const g = gold[i] === label
      const p = predicted[i] === label
      if (g && p) tp++
      else if (p) fp++
      else if (g) fn++
    }
    f1[label] = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn)
  }
  const values = Object.values(f1)
  return {
    n: gold.length,
    accuracy: gold.length ? correct / gold.length : 0,
    macroF1: values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0,
    f1,
  }
}

export interface BinaryScores {
  n: number
  /** How many are complaints. */
  positives: number
  /** How many were answered "yes" (on a set without any, the false alarms). */
  flagged: number
  precision: number
  recall: number
  f1: number
}

/** Precision, recall and F1 of the positive class (a complaint). */
export function binaryScore(gold: readonly boolean[], predicted: readonly boolean[]): BinaryScores {
  let tp = 0
  let fp = 0
  let fn = 0
  for (let i = 0; i < gold.length; i++) {
    if (gold[i] && predicted[i]) tp++
    else if (predicted[i]) fp++
    else if (gold[i]) fn++
  }
  return {
    n: gold.length,
    positives: tp + fn,
    flagged: tp + fp,
    precision: tp + fp ? tp / (tp + fp) : 0,
    recall: tp + fn ? tp / (tp + fn) : 0,
    f1: tp ? (2 * tp) / (2 * tp + fp + fn) : 0,
  }
}
