// Training half of the MLP: softmax cross-entropy, AdaGrad (sparse rows of the input layer are updated
// only where a feature is active), inverted dropout on the hidden layer, lazy L2, seeded everything.
// Input rows start at zero (fastText-style: a feature never seen in training adds nothing, and the
// unused part of the hashed space deflates to almost nothing); the output layer starts random.
import type { MlpModel } from "../../src/perception/text-emotion/mlp-model.js";
import { shuffle, type TrainRow } from "./trainer.js";
import { mulberry32 } from "../../src/kernel/seeded-random.js";

export interface MlpTrainOptions {
  hidden: number;
  epochs: number;
  lr: number;
  l2: number;
  /** Probability of dropping a hidden unit during training. */
  dropout: number;
  /**
   * Probability of dropping each active input feature during training (word dropout, Iyyer et al. 2015):
   * the model cannot lean on one n-gram. Survivors are scaled up so the expected input is unchanged.
   */
  inputDropout?: number;
  seed: number;
}

export function trainMlp(rows: TrainRow[], k: number, dim: number, opt: MlpTrainOptions): MlpModel {
  if (dim & (dim - 1)) throw new Error(`MLP input rows must be a power of two, got ${dim}`);
  const n = opt.hidden;
  const rand = mulberry32(opt.seed);
  const model: MlpModel = {
    dim,
    hidden: n,
    k,
    w1: new Float32Array(dim * n),
    b1: new Float32Array(n).fill(0.1),
    w2: new Float32Array(n * k),
    b2: new Float32Array(k),
  };
  // Glorot-uniform output layer; symmetric hidden units would otherwise never tell themselves apart.
  const lim = Math.sqrt(6 / (n + k));
  for (let i = 0; i < model.w2.length; i++) model.w2[i] = (rand() * 2 - 1) * lim;
  const g1 = new Float32Array(dim * n).fill(1e-6);
  const gb1 = new Float32Array(n).fill(1e-6);
  const g2 = new Float32Array(n * k).fill(1e-6);
  const gb2 = new Float32Array(k).fill(1e-6);
  const order = rows.map((_, i) => i);
  const pre = new Float64Array(n);
  const h = new Float64Array(n);
  const mask = new Float64Array(n);
  const z = new Float64Array(k);
  const g = new Float64Array(k);
  const dh = new Float64Array(n);
  const keep = 1 - opt.dropout;
  const inKeep = 1 - (opt.inputDropout ?? 0);
  let inIdx = new Int32Array(64);
  let inVal = new Float32Array(64);
  for (let epoch = 0; epoch < opt.epochs; epoch++) {
    shuffle(order, rand);
    for (const ri of order) {
      const row = rows[ri]!;
      let { idx, val } = row.x;
      if (inKeep < 1 && idx.length > 1) {
        if (inIdx.length < idx.length) {
          inIdx = new Int32Array(idx.length * 2);
          inVal = new Float32Array(idx.length * 2);
        }
        let m = 0;
        for (let i = 0; i < idx.length; i++) {
          if (rand() >= inKeep) continue;
          inIdx[m] = idx[i]!;
          inVal[m++] = val[i]! / inKeep;
        }
        idx = inIdx.subarray(0, m);
        val = inVal.subarray(0, m);
      }
      const fold = dim - 1;
      // Forward with dropout.
      for (let j = 0; j < n; j++) pre[j] = model.b1[j]!;
      for (let i = 0; i < idx.length; i++) {
        const base = (idx[i]! & fold) * n;
        const v = val[i]!;
        for (let j = 0; j < n; j++) pre[j]! += v * model.w1[base + j]!;
      }
      for (let j = 0; j < n; j++) {
        mask[j] = pre[j]! > 0 && (opt.dropout === 0 || rand() < keep) ? 1 / keep : 0;
        h[j] = pre[j]! * mask[j]!;
      }
      for (let c = 0; c < k; c++) z[c] = model.b2[c]!;
      for (let j = 0; j < n; j++) {
        const a = h[j]!;
        if (a === 0) continue;
        for (let c = 0; c < k; c++) z[c]! += a * model.w2[j * k + c]!;
      }
      let max = -Infinity;
      for (let c = 0; c < k; c++) max = Math.max(max, z[c]!);
      let sum = 0;
      for (let c = 0; c < k; c++) sum += z[c] = Math.exp(z[c]! - max);
      for (let c = 0; c < k; c++) g[c] = row.weight * (z[c]! / sum - row.y[c]!);
      // Backward: output layer, then the active input rows.
      for (let j = 0; j < n; j++) {
        let s = 0;
        const base = j * k;
        for (let c = 0; c < k; c++) s += g[c]! * model.w2[base + c]!;
        dh[j] = s * mask[j]!;
        const a = h[j]!;
        if (a === 0) continue;
        for (let c = 0; c < k; c++) {
          const q = g[c]! * a + opt.l2 * model.w2[base + c]!;
          g2[base + c]! += q * q;
          model.w2[base + c]! -= (opt.lr * q) / Math.sqrt(g2[base + c]!);
        }
      }
      for (let c = 0; c < k; c++) {
        gb2[c]! += g[c]! * g[c]!;
        model.b2[c]! -= (opt.lr * g[c]!) / Math.sqrt(gb2[c]!);
      }
      for (let j = 0; j < n; j++) {
        const q = dh[j]!;
        if (q === 0) continue;
        gb1[j]! += q * q;
        model.b1[j]! -= (opt.lr * q) / Math.sqrt(gb1[j]!);
      }
      for (let i = 0; i < idx.length; i++) {
        const base = (idx[i]! & fold) * n;
        const v = val[i]!;
        for (let j = 0; j < n; j++) {
          const q0 = dh[j]!;
          if (q0 === 0) continue;
          const p = base + j;
          const q = q0 * v + opt.l2 * model.w1[p]!;
          g1[p]! += q * q;
          model.w1[p]! -= (opt.lr * q) / Math.sqrt(g1[p]!);
        }
      }
    }
  }
  return model;
}
