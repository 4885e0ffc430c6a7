// Accuracy and macro-F1 over the labels a data set actually uses.
export interface Scores {
  n: number
  accuracy: number
  macroF1: number
  /** F1 per label. */
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
