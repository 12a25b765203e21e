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

/**
 * Expected calibration error of the top label: |accuracy − mean confidence| per equal-width confidence
 * bin, weighted by the bin's share of the examples (Guo et al., 2017). 0 is perfectly calibrated.
 */
export function expectedCalibrationError(confidence: readonly number[], correct: readonly boolean[], bins = 15): number {
  const n = confidence.length;
  if (n === 0) return 0;
  const conf = new Float64Array(bins);
  const hits = new Float64Array(bins);
  const count = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const c = Math.min(1, Math.max(0, confidence[i]!));
    const b = Math.min(bins - 1, Math.floor(c * bins));
    conf[b]! += c;
    hits[b]! += correct[i] ? 1 : 0;
    count[b]! += 1;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) if (count[b]! > 0) ece += Math.abs(hits[b]! - conf[b]!) / n;
  return ece;
}
