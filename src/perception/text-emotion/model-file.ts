// On-disk format of the text emotion weights: JSON header + quantized (one byte per weight, at most
// 2·levels+1 distinct values), compressed, base64 weights. Few levels on square-root spacing keep the
// committed file small: the entropy coder (deflate, or brotli since v3 files' `codec`) packs them.
import type { Lang } from "../../kernel/lang.js";
import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants, deflateRawSync, inflateRawSync } from "node:zlib";
import { z } from "zod";
import { EMOTION_LABELS, type EmotionLabel } from "../emotion-labels.js";
import type { FeatureConfig } from "./features.js";
import type { LinearModel } from "./linear-model.js";
import type { MlpModel } from "./mlp-model.js";

export interface StoredLinearModel {
  k: number;
  dim: number;
  bias: number[];
  /** Weight = int value × scale (one scale for all, or one per class); with `quant: "sqrt"`, sign(v)·v²/levels·scale. */
  scale: number | number[];
  /** Largest stored |value| (absent: 127, the whole int8 range). */
  levels?: number;
  /** How the int8 bytes are compressed (absent: "deflate", raw deflate). */
  codec?: "deflate" | "brotli";
  /**
   * "linear" (default): evenly spaced levels. "sqrt": levels spaced on the square root of |w|, so the many
   * small weights of a hashed model keep their resolution instead of rounding to zero.
   */
  quant?: "linear" | "sqrt";
  /** base64(codec(Int8Array [dim][k])). */
  weights: string;
  /**
   * Unified label of each model class, when the model has finer classes than the unified labels
   * (v2; absent: the file's `labels`, one class each). Probabilities are summed per label.
   */
  classLabels?: EmotionLabel[];
  /** Earlier turns this model was trained to read (v2; absent or 0: none). */
  contextTurns?: number;
  /**
   * Temperature applied to the unified label probabilities after the classes are summed (p ∝ p^(1/T)); absent: 1.
   * With finer classes a temperature on their logits would change which label wins; this one only sharpens or
   * softens, so the calibrated model decides exactly as the trained one.
   */
  labelTemperature?: number;
  /** An MLP over the same features whose logits add to this model's (v3; absent: linear only). */
  mlp?: StoredMlpModel;
}

/** The MLP part: its input layer stored like a linear model with `hidden` columns, the output layer as numbers. */
export interface StoredMlpModel {
  /** Input layer: k = hidden units, dim = input rows (a power of two), bias = hidden biases. */
  input: StoredLinearModel;
  /** Row-major [hidden][classes] output weights and the class biases. */
  w2: number[];
  b2: number[];
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
  /** 1: no context; 2: `features.contextTurns` earlier turns, calibration folded into the weights; 3: MLP parts. */
  version: 1 | 2 | 3;
  labels: EmotionLabel[];
  features: FeatureConfig;
  models: Partial<Record<Lang, StoredLinearModel>>;
  /** Held-out figures measured by the training script, for the record (by language, or by source). */
  heldOut: Record<string, HeldOutFigure>;
  /** How the weights were made (sources, splits, calibration), for the record. */
  training?: Record<string, unknown>;
}

export interface EncodeOptions {
  quant?: "linear" | "sqrt";
  /** Largest stored |value|, 1..127 (fewer levels: a smaller file, coarser weights). */
  levels?: number;
  /**
   * Top of each class's range as a multiple of the RMS of its non-zero weights (absent: the largest
   * weight). With few levels, clipping the rare outliers keeps the levels fine where the weights are.
   */
  clipRms?: number;
  codec?: "deflate" | "brotli";
}

export function encodeModelFile(model: LinearModel, opts: EncodeOptions = {}): { stored: StoredLinearModel; decoded: LinearModel } {
  const quant = opts.quant ?? "sqrt";
  const levels = opts.levels ?? 127;
  const codec = opts.codec ?? "deflate";
  if (!Number.isInteger(levels) || levels < 1 || levels > 127) throw new Error(`levels must be an integer 1..127, got ${levels}`);
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
    // small weights fine anyway, so they can reach the largest weight unclipped (unless clipRms says).
    let q = abs.length ? abs[Math.min(abs.length - 1, Math.floor(abs.length * (quant === "sqrt" ? 1 : 0.9999)))]! : 1;
    if (opts.clipRms && abs.length) {
      let sq = 0;
      for (const v of abs) sq += v * v;
      q = Math.min(q, opts.clipRms * Math.sqrt(sq / abs.length));
    }
    scales.push(q / levels || 1);
  }
  const ints = new Int8Array(model.weights.length);
  for (let i = 0; i < ints.length; i++) {
    const r = model.weights[i]! / scales[i % k]!; // in units of the scale: ±levels at the top of the range
    const v = quant === "sqrt" ? Math.sign(r) * Math.sqrt(Math.min(Math.abs(r), levels) * levels) : r;
    ints[i] = Math.max(-levels, Math.min(levels, Math.round(v)));
  }
  const scale = scales;
  const bytes = Buffer.from(ints.buffer);
  const packed =
    codec === "brotli"
      ? brotliCompressSync(bytes, {
          params: {
            [zlibConstants.BROTLI_PARAM_QUALITY]: 11,
            [zlibConstants.BROTLI_PARAM_LGWIN]: 24,
            [zlibConstants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
          },
        })
      : deflateRawSync(bytes, { level: 9 });
  const stored: StoredLinearModel = {
    k: model.k,
    dim: model.dim,
    bias: Array.from(model.bias, (b) => Math.round(b * 1e5) / 1e5),
    scale,
    ...(quant === "sqrt" ? { quant } : {}),
    ...(levels !== 127 ? { levels } : {}),
    ...(codec !== "deflate" ? { codec } : {}),
    weights: packed.toString("base64"),
  };
  return { stored, decoded: decodeStoredModel(stored) };
}

export function decodeStoredModel(stored: StoredLinearModel): LinearModel {
  if (stored.bias.length !== stored.k) throw new Error(`bias has ${stored.bias.length} entries, expected ${stored.k}`);
  // Rows fold feature indices by masking (see LinearModel.dim).
  if (stored.dim & (stored.dim - 1)) throw new Error(`dim ${stored.dim} is not a power of two`);
  const levels = stored.levels ?? 127;
  let raw: Buffer;
  try {
    // Bounded: a corrupt or hostile stream cannot inflate past the size the header declares.
    const packed = Buffer.from(stored.weights, "base64");
    const maxOutputLength = Math.max(1, stored.dim * stored.k);
    raw = stored.codec === "brotli" ? brotliDecompressSync(packed, { maxOutputLength }) : inflateRawSync(packed, { maxOutputLength });
  } catch (e) {
    throw new Error(`weights do not inflate to ${stored.dim}×${stored.k} int8 (${(e as Error).message})`);
  }
  if (raw.length !== stored.dim * stored.k) throw new Error(`weights size ${raw.length} != ${stored.dim}×${stored.k}`);
  const ints = new Int8Array(raw.buffer, raw.byteOffset, raw.length);
  const weights = new Float32Array(ints.length);
  const k = stored.k;
  const scales = typeof stored.scale === "number" ? new Array<number>(k).fill(stored.scale) : stored.scale;
  if (scales.length !== k) throw new Error(`scale has ${scales.length} entries, expected ${k}`);
  if (stored.quant === "sqrt") {
    for (let i = 0; i < ints.length; i++) weights[i] = ((Math.sign(ints[i]!) * ints[i]! * ints[i]!) / levels) * scales[i % k]!;
  } else {
    for (let i = 0; i < ints.length; i++) weights[i] = ints[i]! * scales[i % k]!;
  }
  return { k: stored.k, dim: stored.dim, weights, bias: Float32Array.from(stored.bias) };
}

export function encodeMlp(model: MlpModel, opts: EncodeOptions = {}): { stored: StoredMlpModel; decoded: MlpModel } {
  const input = encodeModelFile({ k: model.hidden, dim: model.dim, weights: model.w1, bias: model.b1 }, opts);
  const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
  const stored: StoredMlpModel = { input: input.stored, w2: Array.from(model.w2, r6), b2: Array.from(model.b2, r6) };
  return { stored, decoded: decodeStoredMlp(stored) };
}

export function decodeStoredMlp(stored: StoredMlpModel): MlpModel {
  const input = decodeStoredModel(stored.input);
  const hidden = input.k;
  const k = stored.b2.length;
  if (input.dim & (input.dim - 1)) throw new Error(`mlp.input.dim ${input.dim} is not a power of two`);
  if (stored.w2.length !== hidden * k) throw new Error(`mlp.w2 has ${stored.w2.length} weights, expected ${hidden}×${k}`);
  return { dim: input.dim, hidden, k, w1: input.weights, b1: input.bias, w2: Float32Array.from(stored.w2), b2: Float32Array.from(stored.b2) };
}

const finite = z.number().finite();
const storedLinearSchema = z.object({
  k: z.number().int().min(1).max(4096),
  dim: z
    .number()
    .int()
    .min(1)
    .max(1 << 24),
  bias: z.array(finite),
  scale: z.union([finite, z.array(finite)]),
  quant: z.enum(["linear", "sqrt"]).optional(),
  levels: z.number().int().min(1).max(127).optional(),
  codec: z.enum(["deflate", "brotli"]).optional(),
  weights: z.string().max(64 * 1024 * 1024),
  classLabels: z.array(z.enum(EMOTION_LABELS)).optional(),
  contextTurns: z.number().int().min(0).max(8).optional(),
  labelTemperature: z.number().min(0.05).max(20).optional(),
});
const storedMlpSchema = z.object({ input: storedLinearSchema, w2: z.array(finite), b2: z.array(finite) });
const modelFileSchema = z.object({
  format: z.literal("guimi-text-emotion"),
  version: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  labels: z.array(z.enum(EMOTION_LABELS)).min(1),
  features: z.object({
    hashBits: z.number().int().min(4).max(24),
    zhCharMin: z.number().int().min(1).max(8),
    zhCharMax: z.number().int().min(1).max(8),
    zhWords: z.boolean(),
    zhWordBigrams: z.boolean(),
    enWordMax: z.number().int().min(1).max(8),
    enCharMin: z.number().int().min(0).max(16),
    enCharMax: z.number().int().min(0).max(16),
    contextTurns: z.number().int().min(0).max(8).optional(),
    contextWeight: z.number().min(0).max(10).optional(),
  }),
  models: z.object({
    zh: storedLinearSchema.extend({ mlp: storedMlpSchema.optional() }).optional(),
    en: storedLinearSchema.extend({ mlp: storedMlpSchema.optional() }).optional(),
  }),
  heldOut: z.record(z.string(), z.object({ split: z.string(), n: z.number(), accuracy: z.number(), macroF1: z.number(), ece: z.number().optional() })),
  training: z.record(z.string(), z.unknown()).optional(),
});

/**
 * Parses and checks a weights file's text: a clear error naming the file and the first bad field,
 * never a crash deeper in. Sizes of the decoded weights are checked when they are decoded.
 */
export function parseModelFile(text: string, where = "text emotion model file"): TextEmotionModelFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${where}: not JSON (${(e as Error).message})`);
  }
  const r = modelFileSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new Error(`${where}: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return r.data as TextEmotionModelFile;
}
