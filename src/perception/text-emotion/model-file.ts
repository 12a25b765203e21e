// On-disk format of the text emotion weights: JSON header + int8-quantized, deflated, base64 weights.
// Int8 keeps the committed file small (hashed spaces are mostly near-zero, which deflates well).
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { EmotionLabel } from "../emotion-labels.js";
import type { FeatureConfig, TextLang } from "./features.js";
import type { LinearModel } from "./linear-model.js";

export interface StoredLinearModel {
  k: number;
  dim: number;
  bias: number[];
  /** Weight = int8 value × scale. */
  scale: number;
  /** base64(deflateRaw(Int8Array [dim][k])). */
  weights: string;
}

export interface TextEmotionModelFile {
  format: "guimi-text-emotion";
  version: 1;
  labels: EmotionLabel[];
  features: FeatureConfig;
  models: Partial<Record<TextLang, StoredLinearModel>>;
  /** Held-out figures measured by the training script, for the record. */
  heldOut: Partial<Record<TextLang, { split: string; n: number; accuracy: number; macroF1: number }>>;
}

export function encodeModelFile(model: LinearModel): { stored: StoredLinearModel; decoded: LinearModel } {
  // Scale from a high quantile rather than the max, so a few outlier weights do not crush the rest.
  const abs = Float32Array.from(model.weights, Math.abs).filter((v) => v > 0).sort();
  const q = abs.length ? abs[Math.min(abs.length - 1, Math.floor(abs.length * 0.9999))]! : 1;
  const scale = q / 127 || 1;
  const ints = new Int8Array(model.weights.length);
  for (let i = 0; i < ints.length; i++) ints[i] = Math.max(-127, Math.min(127, Math.round(model.weights[i]! / scale)));
  const stored: StoredLinearModel = {
    k: model.k,
    dim: model.dim,
    bias: Array.from(model.bias, (b) => Math.round(b * 1e5) / 1e5),
    scale,
    weights: deflateRawSync(Buffer.from(ints.buffer), { level: 9 }).toString("base64"),
  };
  return { stored, decoded: decodeStoredModel(stored) };
}

export function decodeStoredModel(stored: StoredLinearModel): LinearModel {
  const raw = inflateRawSync(Buffer.from(stored.weights, "base64"));
  if (raw.length !== stored.dim * stored.k) throw new Error(`weights size ${raw.length} != ${stored.dim}×${stored.k}`);
  const ints = new Int8Array(raw.buffer, raw.byteOffset, raw.length);
  const weights = new Float32Array(ints.length);
  for (let i = 0; i < ints.length; i++) weights[i] = ints[i]! * stored.scale;
  return { k: stored.k, dim: stored.dim, weights, bias: Float32Array.from(stored.bias) };
}
