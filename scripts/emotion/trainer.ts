// Training half of the linear model: multinomial logistic regression, AdaGrad, lazy L2, seeded shuffling.
import { mulberry32 } from "../../src/kernel/seeded-random.js";
import type { SparseVector } from "../../src/perception/text-emotion/features.js";
import { predictProba, type LinearModel } from "../../src/perception/text-emotion/linear-model.js";

export interface TrainRow {
  x: SparseVector;
  /** Target distribution over classes (one-hot or split over several gold labels). */
  y: Float32Array;
  weight: number;
}

export interface TrainOptions {
  epochs: number;
  lr: number;
  l2: number;
  seed: number;
}

export function shuffle<T>(arr: T[], rand: () => number): T[] {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [arr[i], arr[j]] = [arr[j]!, arr[i]!];
  }
  return arr;
}

export function trainLinear(rows: TrainRow[], k: number, dim: number, opt: TrainOptions): LinearModel {
  if (dim & (dim - 1)) throw new Error(`linear weight rows must be a power of two, got ${dim}`);
  const fold = dim - 1;
  const model: LinearModel = { k, dim, weights: new Float32Array(dim * k), bias: new Float32Array(k) };
  const g2 = new Float32Array(dim * k).fill(1e-6);
  const bg2 = new Float32Array(k).fill(1e-6);
  const rand = mulberry32(opt.seed);
  const order = rows.map((_, i) => i);
  const p = new Float64Array(k);
  const grad = new Float64Array(k);
  for (let epoch = 0; epoch < opt.epochs; epoch++) {
    shuffle(order, rand);
    for (const ri of order) {
      const row = rows[ri]!;
      predictProba(model, row.x, p);
      for (let c = 0; c < k; c++) grad[c] = row.weight * (p[c]! - row.y[c]!);
      for (let c = 0; c < k; c++) {
        bg2[c]! += grad[c]! * grad[c]!;
        model.bias[c]! -= (opt.lr * grad[c]!) / Math.sqrt(bg2[c]!);
      }
      const { idx, val } = row.x;
      for (let i = 0; i < idx.length; i++) {
        const base = (idx[i]! & fold) * k;
        const v = val[i]!;
        for (let c = 0; c < k; c++) {
          const j = base + c;
          const g = grad[c]! * v + opt.l2 * model.weights[j]!;
          g2[j]! += g * g;
          model.weights[j]! -= (opt.lr * g) / Math.sqrt(g2[j]!);
        }
      }
    }
  }
  return model;
}
