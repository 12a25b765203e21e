// Multinomial logistic regression over hashed sparse features: the inference half (pure).
// Calibration (temperature) and decision offsets are folded into the weights by the training script,
// so the softmax here is already the calibrated probability.
import type { SparseVector } from "./features.js";

export interface LinearModel {
  /** Number of classes. */
  k: number;
  /**
   * Weight rows. When smaller than the features' hashed space (a power of two), an index folds onto
   * `idx & (dim − 1)`: the same hash taken with fewer bits, so each language can have its own size.
   */
  dim: number;
  /** Row-major [dim][k] weights. */
  weights: Float32Array;
  bias: Float32Array;
}

/** Raw class scores (logits) for one feature vector; writes into `out` when given. */
export function linearScores(model: LinearModel, x: SparseVector, out: Float64Array = new Float64Array(model.k)): Float64Array {
  const { k, weights, bias } = model;
  const fold = model.dim - 1;
  for (let c = 0; c < k; c++) out[c] = bias[c]!;
  for (let i = 0; i < x.idx.length; i++) {
    const base = (x.idx[i]! & fold) * k;
    const v = x.val[i]!;
    for (let c = 0; c < k; c++) out[c]! += v * weights[base + c]!;
  }
  return out;
}

/** In-place softmax. */
export function softmax(out: Float64Array): Float64Array {
  let max = -Infinity;
  for (let c = 0; c < out.length; c++) if (out[c]! > max) max = out[c]!;
  let sum = 0;
  for (let c = 0; c < out.length; c++) {
    out[c] = Math.exp(out[c]! - max);
    sum += out[c]!;
  }
  for (let c = 0; c < out.length; c++) out[c]! /= sum;
  return out;
}

/** Softmax class probabilities for one feature vector; writes into `out` when given. */
export function predictProba(model: LinearModel, x: SparseVector, out = new Float64Array(model.k)): Float64Array {
  return softmax(linearScores(model, x, out));
}
