// Classification metrics for held-out evaluation (training script and tests).

export interface ClassReport {
  accuracy: number;
  macroF1: number;
  perClass: Record<string, { precision: number; recall: number; f1: number; support: number }>;
  n: number;
}

/** Accuracy and macro-F1 over the classes present in the gold labels (predictions outside them count as errors). */
export function classificationReport(gold: readonly string[], pred: readonly string[]): ClassReport {
  const classes = [...new Set(gold)].sort();
  const perClass: ClassReport["perClass"] = {};
  let correct = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === pred[i]) correct++;
  let f1Sum = 0;
  for (const c of classes) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < gold.length; i++) {
      const g = gold[i] === c;
      const p = pred[i] === c;
      if (g && p) tp++;
      else if (p) fp++;
      else if (g) fn++;
    }
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perClass[c] = { precision, recall, f1, support: tp + fn };
    f1Sum += f1;
  }
  return { accuracy: gold.length ? correct / gold.length : 0, macroF1: classes.length ? f1Sum / classes.length : 0, perClass, n: gold.length };
}
