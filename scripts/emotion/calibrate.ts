// Calibration of a trained linear model on a calibration split it never trained on:
// a temperature (Guo et al., 2017) so confidence means what it says, and per-label decision offsets
// chosen for macro-F1 and accuracy (rare labels get predicted at all). Both fold into the weights.
// A model may have finer classes than the unified labels (GoEmotions' 28): `classOf` maps each model
// class to a unified label, and probabilities are summed per label before anything is scored.
import { scorerOf, type EmotionScorer } from "../../src/perception/text-emotion/ensemble.js";

export interface CalRow {
  /** Raw logits of the uncalibrated model (one per model class). */
  logits: Float64Array;
  /** Gold unified label index. */
  gold: number;
  /** Which evaluation group the row belongs to (dialogue, posts…). */
  group: string;
}

export interface DecisionObjective {
  /** Share of macro-F1 (the rest is accuracy) in each group's score. */
  f1Share: number;
  /** Weight of each group (default 1). */
  groupWeight: Record<string, number>;
}

export class Calibrator {
  private readonly out: Float64Array;
  constructor(
    private readonly rows: readonly CalRow[],
    /** Unified label index of each model class. */
    private readonly classOf: Int32Array,
    /** Number of unified labels. */
    private readonly k: number,
    private readonly objective: DecisionObjective,
  ) {
    this.out = new Float64Array(k);
  }

  /** Unified label probabilities of one row at temperature t and label offsets d. */
  probs(z: Float64Array, t: number, d: Float64Array | null, out = this.out): Float64Array {
    let max = -Infinity;
    for (let j = 0; j < z.length; j++) max = Math.max(max, z[j]! / t + (d ? d[this.classOf[j]!]! : 0));
    out.fill(0);
    let sum = 0;
    for (let j = 0; j < z.length; j++) {
      const e = Math.exp(z[j]! / t + (d ? d[this.classOf[j]!]! : 0) - max);
      out[this.classOf[j]!]! += e;
      sum += e;
    }
    for (let c = 0; c < this.k; c++) out[c]! /= sum;
    return out;
  }

  /** Mean negative log-likelihood, each group weighing the same however many rows it has. */
  nll(t: number, d: Float64Array | null): number {
    return groupMeanNll(this.rows, (r) => this.probs(r.logits, t, d)[r.gold]!);
  }

  /** Temperature minimising the NLL (golden-section search on log T). */
  fitTemperature(d: Float64Array | null = null): number {
    return goldenLogSearch((t) => this.nll(t, d));
  }

  /**
   * Temperature on the unified label probabilities (p ∝ p^(1/T) after the classes are summed) minimising the
   * mean NLL per group: it leaves every decision as it was (golden-section search on log T).
   */
  fitLabelTemperature(): number {
    const base = this.rows.map((r) => ({ p: Float64Array.from(this.probs(r.logits, 1, null)), gold: r.gold, group: r.group }));
    return goldenLogSearch((t) =>
      groupMeanNll(base, (r) => {
        let sum = 0;
        for (let c = 0; c < this.k; c++) sum += r.p[c]! > 0 ? r.p[c]! ** (1 / t) : 0;
        return r.p[r.gold]! ** (1 / t) / sum;
      }),
    );
  }

  /** Weighted mean over groups of accuracy and macro-F1 over the group's gold labels. */
  score(t: number, d: Float64Array): number {
    const k = this.k;
    const by = new Map<string, { tp: Float64Array; fp: Float64Array; fn: Float64Array; ok: number; n: number }>();
    for (const r of this.rows) {
      let g = by.get(r.group);
      if (!g) by.set(r.group, (g = { tp: new Float64Array(k), fp: new Float64Array(k), fn: new Float64Array(k), ok: 0, n: 0 }));
      const p = this.probs(r.logits, t, d);
      let best = 0;
      for (let c = 1; c < k; c++) if (p[c]! > p[best]!) best = c;
      g.n++;
      if (best === r.gold) {
        g.ok++;
        g.tp[best]!++;
      } else {
        g.fp[best]!++;
        g.fn[r.gold]!++;
      }
    }
    let total = 0;
    let weights = 0;
    for (const [name, g] of by) {
      const w = this.objective.groupWeight[name] ?? 1;
      weights += w;
      let f1 = 0;
      let classes = 0;
      for (let c = 0; c < k; c++) {
        if (g.tp[c]! + g.fn[c]! === 0) continue;
        classes++;
        f1 += (2 * g.tp[c]!) / (2 * g.tp[c]! + g.fp[c]! + g.fn[c]!);
      }
      total += w * ((1 - this.objective.f1Share) * (g.ok / g.n) + this.objective.f1Share * (f1 / Math.max(1, classes)));
    }
    return total / Math.max(1e-9, weights);
  }

  /** Per-label offsets by coordinate ascent on the decision score (small grid, a few rounds). */
  fitOffsets(t: number, rounds = 3): Float64Array {
    const d = new Float64Array(this.k);
    let best = this.score(t, d);
    const steps = [-1, -0.6, -0.4, -0.25, -0.15, -0.08, 0.08, 0.15, 0.25, 0.4, 0.6, 1];
    for (let round = 0; round < rounds; round++) {
      let improved = false;
      for (let c = 0; c < this.k; c++) {
        const base = d[c]!;
        let bestV = base;
        for (const s of steps) {
          d[c] = base + s;
          const v = this.score(t, d);
          if (v > best + 1e-9) {
            best = v;
            bestV = d[c]!;
            improved = true;
          }
        }
        d[c] = bestV;
      }
      if (!improved) break;
    }
    return d;
  }
}

/** logits/T + d[label of class], folded into the weights: w/T and b/T + d (the MLP's output layer likewise). */
export function foldCalibration(model: EmotionScorer, t: number, d: Float64Array | null, classOf: Int32Array): EmotionScorer {
  const shift = (j: number) => (d ? d[classOf[j]!]! : 0);
  const linear = model.linear && {
    ...model.linear,
    weights: Float32Array.from(model.linear.weights, (w) => w / t),
    bias: Float32Array.from(model.linear.bias, (b, j) => b / t + shift(j)),
  };
  const mlp = model.mlp && {
    ...model.mlp,
    w2: Float32Array.from(model.mlp.w2, (w) => w / t),
    // The offsets go in once: into the linear bias when there is one.
    b2: Float32Array.from(model.mlp.b2, (b, j) => b / t + (linear ? 0 : shift(j))),
  };
  return scorerOf(linear, mlp);
}

/** The parts' logits weighted a : b (an ensemble before its temperature is fitted). */
export function weightParts(model: EmotionScorer, a: number, b: number): EmotionScorer {
  const linear = model.linear && {
    ...model.linear,
    weights: Float32Array.from(model.linear.weights, (w) => w * a),
    bias: Float32Array.from(model.linear.bias, (w) => w * a),
  };
  const mlp = model.mlp && { ...model.mlp, w2: Float32Array.from(model.mlp.w2, (w) => w * b), b2: Float32Array.from(model.mlp.b2, (w) => w * b) };
  return scorerOf(linear, mlp);
}

/** Mean negative log-likelihood of the gold label, each group weighing the same however many rows it has. */
function groupMeanNll<R extends { group: string }>(rows: readonly R[], goldProb: (r: R) => number): number {
  const by = new Map<string, { s: number; n: number }>();
  for (const r of rows) {
    const g = by.get(r.group) ?? { s: 0, n: 0 };
    g.s -= Math.log(Math.max(1e-12, goldProb(r)));
    g.n++;
    by.set(r.group, g);
  }
  let total = 0;
  for (const g of by.values()) total += g.s / g.n;
  return total / Math.max(1, by.size);
}

/** The T in [0.1, 10] minimising a unimodal f (golden-section search on log T). */
function goldenLogSearch(f: (t: number) => number): number {
  let lo = Math.log(0.1);
  let hi = Math.log(10);
  const phi = (Math.sqrt(5) - 1) / 2;
  let a = hi - phi * (hi - lo);
  let b = lo + phi * (hi - lo);
  let fa = f(Math.exp(a));
  let fb = f(Math.exp(b));
  for (let i = 0; i < 30; i++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - phi * (hi - lo);
      fa = f(Math.exp(a));
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + phi * (hi - lo);
      fb = f(Math.exp(b));
    }
  }
  return Math.exp((lo + hi) / 2);
}
