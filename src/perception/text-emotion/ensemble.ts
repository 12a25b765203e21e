// A language's scorer: the hashed n-gram logistic regression, the MLP over the same features, or both
// with their logits summed (pure). Ensemble weights and calibration are folded into each part's
// weights by the training script, so the sum is already the calibrated logit.
import type { SparseVector } from "./features.js";
import { linearScores, type LinearModel } from "./linear-model.js";
import { mlpScores, type MlpModel } from "./mlp-model.js";

export interface EmotionScorer {
  /** Number of classes (both parts agree). */
  k: number;
  linear?: LinearModel;
  mlp?: MlpModel;
}

export function scorerOf(linear: LinearModel | undefined, mlp: MlpModel | undefined): EmotionScorer {
  const k = linear?.k ?? mlp?.k;
  if (k === undefined) throw new Error("a language model needs a linear part, an MLP part, or both");
  if (linear && mlp && linear.k !== mlp.k) throw new Error(`linear part has ${linear.k} classes but the MLP has ${mlp.k}`);
  return { k, ...(linear ? { linear } : {}), ...(mlp ? { mlp } : {}) };
}

/** Summed logits of the parts for one feature vector; writes into `out` when given. */
export function scorerLogits(s: EmotionScorer, x: SparseVector, out: Float64Array = new Float64Array(s.k), hidden?: Float64Array): Float64Array {
  if (s.linear) linearScores(s.linear, x, out);
  else out.fill(0);
  if (s.mlp) mlpScores(s.mlp, x, out, true, hidden ?? new Float64Array(s.mlp.hidden));
  return out;
}
