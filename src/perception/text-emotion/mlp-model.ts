// One-hidden-layer perceptron over hashed sparse features: the inference half (pure).
// The input layer is an embedding-bag (a sparse × dense product: one row of `w1` per active feature),
// so a forward pass costs (active features + classes) × hidden multiply-adds. Calibration is folded
// into the output layer by the training script, like the linear model's.
import type { SparseVector } from "./features.js";

export interface MlpModel {
  /**
   * Input rows (a power of two). It may be smaller than the feature vectors' hashed space: an index is
   * folded onto `idx & (dim − 1)`, which is the same hash taken with fewer bits.
   */
  dim: number;
  /** Hidden units (ReLU). */
  hidden: number;
  /** Number of classes. */
  k: number;
  /** Row-major [dim][hidden] input weights. */
  w1: Float32Array;
  b1: Float32Array;
  /** Row-major [hidden][k] output weights. */
  w2: Float32Array;
  b2: Float32Array;
}

/** Hidden activations (after ReLU) for one feature vector; writes into `h`. */
export function mlpHidden(model: MlpModel, x: SparseVector, h: Float64Array = new Float64Array(model.hidden)): Float64Array {
  const { hidden: n, w1, b1 } = model;
  const fold = model.dim - 1;
  for (let j = 0; j < n; j++) h[j] = b1[j]!;
  for (let i = 0; i < x.idx.length; i++) {
    const base = (x.idx[i]! & fold) * n;
    const v = x.val[i]!;
    for (let j = 0; j < n; j++) h[j]! += v * w1[base + j]!;
  }
  for (let j = 0; j < n; j++) if (h[j]! < 0) h[j] = 0;
  return h;
}

/** Output logits from hidden activations; adds to `out` when `accumulate`. */
export function mlpOutput(model: MlpModel, h: Float64Array, out: Float64Array, accumulate = false): Float64Array {
  const { hidden: n, k, w2, b2 } = model;
  if (!accumulate) out.fill(0);
  for (let c = 0; c < k; c++) out[c]! += b2[c]!;
  for (let j = 0; j < n; j++) {
    const a = h[j]!;
    if (a === 0) continue;
    const base = j * k;
    for (let c = 0; c < k; c++) out[c]! += a * w2[base + c]!;
  }
  return out;
}

/** Raw class scores (logits) for one feature vector; adds to `out` when `accumulate` (ensembles). */
export function mlpScores(
  model: MlpModel,
  x: SparseVector,
  out: Float64Array = new Float64Array(model.k),
  accumulate = false,
  h: Float64Array = new Float64Array(model.hidden),
): Float64Array {
  return mlpOutput(model, mlpHidden(model, x, h), out, accumulate);
}

/**
 * Averages the logits of several MLPs trained alike (bagging over seeds) as one wider MLP: the hidden
 * layers side by side, each output layer divided by the count. Same inference code, same file format.
 */
export function mergeMlps(models: MlpModel[]): MlpModel {
  const first = models[0]!;
  if (models.some((m) => m.dim !== first.dim || m.k !== first.k)) throw new Error("mergeMlps: models differ in input rows or classes");
  const k = first.k;
  const hidden = models.reduce((a, m) => a + m.hidden, 0);
  const out: MlpModel = {
    dim: first.dim,
    hidden,
    k,
    w1: new Float32Array(first.dim * hidden),
    b1: new Float32Array(hidden),
    w2: new Float32Array(hidden * k),
    b2: new Float32Array(k),
  };
  let off = 0;
  for (const m of models) {
    for (let r = 0; r < m.dim; r++) out.w1.set(m.w1.subarray(r * m.hidden, (r + 1) * m.hidden), r * hidden + off);
    out.b1.set(m.b1, off);
    for (let j = 0; j < m.hidden * k; j++) out.w2[off * k + j] = m.w2[j]! / models.length;
    for (let c = 0; c < k; c++) out.b2[c]! += m.b2[c]! / models.length;
    off += m.hidden;
  }
  return out;
}
