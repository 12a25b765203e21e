// On-disk format of the text emotion weights: JSON header + int8-quantized, deflated, base64 weights.
// Int8 keeps the committed file small (hashed spaces are mostly near-zero, which deflates well).
import type { Lang } from "../../kernel/lang.js";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { EmotionLabel } from "../emotion-labels.js";
import type { FeatureConfig } from "./features.js";
import type { LinearModel } from "./linear-model.js";

export interface StoredLinearModel {
  k: number;
  dim: number;
  bias: number[];
  /** Weight = int8 value × scale (one scale for all, or one per class); with `quant: "sqrt"`, sign(v)·(v/127)²·127·scale. */
  scale: number | number[];
  /**
   * "linear" (default): evenly spaced levels. "sqrt": levels spaced on the square root of |w|, so the many
   * small weights of a hashed model keep their resolution instead of rounding to zero.
   */
  quant?: "linear" | "sqrt";
  /** base64(deflateRaw(Int8Array [dim][k])). */
  weights: string;
  /**
   * Unified label of each model class, when the model has finer classes than the unified labels
   * (v2; absent: the file's `labels`, one class each). Probabilities are summed per label.
   */
  classLabels?: EmotionLabel[];
  /** Earlier turns this model was trained to read (v2; absent or 0: none). */
  contextTurns?: number;
}

export interface HeldOutFigure {
  split: string;
  n: number;
  accuracy: number;
  macroF1: number;
  /** Expected calibration error of the top label (15 bins). */
  ece?: number;
}

export interface TextEmotionModelFile {
  format: "guimi-text-emotion";
  /** 1: no context; 2: `features.contextTurns` earlier turns, calibration folded into the weights. */
  version: 1 | 2;
  labels: EmotionLabel[];
  features: FeatureConfig;
  models: Partial<Record<Lang, StoredLinearModel>>;
  /** Held-out figures measured by the training script, for the record (by language, or by source). */
  heldOut: Record<string, HeldOutFigure>;
  /** How the weights were made (sources, splits, calibration), for the record. */
  training?: Record<string, unknown>;
}

export function encodeModelFile(model: LinearModel, quant: "linear" | "sqrt" = "sqrt"): { stored: StoredLinearModel; decoded: LinearModel } {
  // One scale per class.
  const { k } = model;
  const scales: number[] = [];
  for (let c = 0; c < k; c++) {
    const abs: number[] = [];
    for (let i = c; i < model.weights.length; i += k) {
      const v = Math.abs(model.weights[i]!);
      if (v > 0) abs.push(v);
    }
    abs.sort((a, b) => a - b);
    // Linear levels: a high quantile, so a few outliers do not crush the rest. Square-root levels keep the
    // small weights fine anyway, so they can reach the largest weight unclipped.
    const q = abs.length ? abs[Math.min(abs.length - 1, Math.floor(abs.length * (quant === "sqrt" ? 1 : 0.9999)))]! : 1;
    scales.push(q / 127 || 1);
  }
  const ints = new Int8Array(model.weights.length);
  for (let i = 0; i < ints.length; i++) {
    const r = model.weights[i]! / scales[i % k]!; // in units of the scale: ±127 at the quantile
    const v = quant === "sqrt" ? Math.sign(r) * Math.sqrt(Math.abs(r) * 127) : r;
    ints[i] = Math.max(-127, Math.min(127, Math.round(v)));
  }
  const scale = scales;
  const stored: StoredLinearModel = {
    k: model.k,
    dim: model.dim,
    bias: Array.from(model.bias, (b) => Math.round(b * 1e5) / 1e5),
    scale,
    ...(quant === "sqrt" ? { quant } : {}),
    weights: deflateRawSync(Buffer.from(ints.buffer), { level: 9 }).toString("base64"),
  };
  return { stored, decoded: decodeStoredModel(stored) };
}

export function decodeStoredModel(stored: StoredLinearModel): LinearModel {
  const raw = inflateRawSync(Buffer.from(stored.weights, "base64"));
  if (raw.length !== stored.dim * stored.k) throw new Error(`weights size ${raw.length} != ${stored.dim}×${stored.k}`);
  const ints = new Int8Array(raw.buffer, raw.byteOffset, raw.length);
  const weights = new Float32Array(ints.length);
  const k = stored.k;
  const scales = typeof stored.scale === "number" ? new Array<number>(k).fill(stored.scale) : stored.scale;
  if (scales.length !== k) throw new Error(`scale has ${scales.length} entries, expected ${k}`);
  if (stored.quant === "sqrt") {
    for (let i = 0; i < ints.length; i++) weights[i] = ((Math.sign(ints[i]!) * ints[i]! * ints[i]!) / 127) * scales[i % k]!;
  } else {
    for (let i = 0; i < ints.length; i++) weights[i] = ints[i]! * scales[i % k]!;
  }
  return { k: stored.k, dim: stored.dim, weights, bias: Float32Array.from(stored.bias) };
}
