// The crisis detector's second layer: a binary logistic regression over hashed character/word n-grams
// (crisis-features.ts), one model for zh, en and mixed text, and (v2 files) a one-hidden-layer MLP over the same
// features that English text is read by; both trained by `npm run train:crisis` on real at-risk posts against
// everyday ones. The weights are quantized and compressed (models/crisis/).
// createCrisisClassifier() is pure; loadCrisisClassifier() does the only I/O.
import { scriptLang, type Lang } from "../../kernel/lang.js";
import { readFileSync } from "node:fs";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { projectPath } from "../../project-path.js";
import { crisisFeatures, type CrisisFeatureConfig, type SparseVector } from "./crisis-features.js";
import { mlpScores, type MlpModel } from "../text-emotion/mlp-model.js";
import { decodeStoredMlp, type StoredMlpModel } from "../text-emotion/model-file.js";

export interface CrisisThresholds {
  /** Probability at or above which the classifier alone raises "possible" risk. */
  possible: number;
  /** Probability at or above which the classifier alone raises "high" risk. */
  high: number;
  /** Probability at or above which an ambiguous rule ("I want to die", "kill myself") is taken at its word. */
  ambiguous: number;
  /**
   * Probability at or above which one clause of a longer text raises "possible" on its own: read whole, one
   * despairing sentence in a long post is diluted by the everyday ones around it. Absent in older files (off).
   */
  clause?: number;
}

/** Thresholds per script: Chinese text and Latin-script text have different base rates. */
export type CrisisThresholdSet = Record<Lang, CrisisThresholds>;

/** zh when the text has Chinese characters (mixed "我想kill myself" too), else en. */
export function thresholdLang(text: string): Lang {
  return scriptLang(text);
}

export interface StoredBinaryModel {
  dim: number;
  bias: number;
  /** Weight = int8 value × scale. */
  scale: number;
  /** base64(deflateRaw(Int8Array [dim])). */
  weights: string;
}

export interface CrisisModelFile {
  format: "guimi-crisis-classifier";
  /** 1: the linear model; 2: with an MLP part (`mlp`). */
  version: 1 | 2;
  features: CrisisFeatureConfig;
  thresholds: CrisisThresholdSet;
  model: StoredBinaryModel;
  /**
   * A one-hidden-layer MLP over the same features (two classes: not at risk, at risk). The score is the sigmoid of
   * (1 − share) × the linear logit + share × the MLP's logit difference, with the share of the text's script.
   */
  mlp?: { share: Record<Lang, number>; model: StoredMlpModel };
  /** What the training script measured on its held-out split, for the record. */
  heldOut?: unknown;
}

export interface BinaryModel {
  dim: number;
  weights: Float32Array;
  bias: number;
}

export interface CrisisClassifier {
  /** Probability that the utterance expresses risk of self-harm or suicide, 0..1. */
  score(text: string): number;
  /** The decision thresholds for this text's script. */
  thresholdsFor(text: string): CrisisThresholds;
}

export function logit(model: BinaryModel, x: SparseVector): number {
  let z = model.bias;
  for (let i = 0; i < x.idx.length; i++) z += x.val[i]! * model.weights[x.idx[i]!]!;
  return z;
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** The linear model, and the MLP with its share of the logit per script where there is one. */
export interface CrisisScorer {
  linear: BinaryModel;
  mlp?: MlpModel;
  share: Record<Lang, number>;
}

/** The at-risk logit of one feature vector of text in `lang`'s script. */
export function scorerLogit(s: CrisisScorer, x: SparseVector, lang: Lang): number {
  const share = s.mlp ? s.share[lang] : 0;
  const a = share < 1 ? logit(s.linear, x) : 0;
  if (!s.mlp || share <= 0) return a;
  const z = mlpScores(s.mlp, x);
  return (1 - share) * a + share * (z[1]! - z[0]!);
}

export function encodeBinaryModel(model: BinaryModel): StoredBinaryModel {
  // Scale from a high quantile, not the max, so a few outlier weights do not crush the rest.
  const abs = Float32Array.from(model.weights, Math.abs)
    .filter((v) => v > 0)
    .sort();
  const q = abs.length ? abs[Math.min(abs.length - 1, Math.floor(abs.length * 0.9995))]! : 1;
  const scale = q / 127 || 1;
  const ints = new Int8Array(model.dim);
  for (let i = 0; i < ints.length; i++) ints[i] = Math.max(-127, Math.min(127, Math.round(model.weights[i]! / scale)));
  return {
    dim: model.dim,
    bias: Math.round(model.bias * 1e5) / 1e5,
    scale,
    weights: deflateRawSync(Buffer.from(ints.buffer), { level: 9 }).toString("base64"),
  };
}

export function decodeBinaryModel(stored: StoredBinaryModel): BinaryModel {
  const raw = inflateRawSync(Buffer.from(stored.weights, "base64"));
  if (raw.length !== stored.dim) throw new Error(`crisis weights: size ${raw.length} != ${stored.dim}`);
  const ints = new Int8Array(raw.buffer, raw.byteOffset, raw.length);
  const weights = new Float32Array(ints.length);
  for (let i = 0; i < ints.length; i++) weights[i] = ints[i]! * stored.scale;
  return { dim: stored.dim, weights, bias: stored.bias };
}

export function createCrisisClassifier(file: CrisisModelFile): CrisisClassifier {
  if (file.format !== "guimi-crisis-classifier" || (file.version !== 1 && file.version !== 2)) throw new Error("unsupported crisis model file");
  if (file.model.dim !== 1 << file.features.hashBits) throw new Error("crisis model file: dim does not match hashBits");
  const concepts = file.features.concepts;
  if (concepts !== undefined && !(typeof concepts === "number" && concepts >= 0 && concepts <= 16))
    throw new Error("crisis model file: features.concepts must be a number 0..16");
  const mlp = file.version === 2 && file.mlp ? decodeStoredMlp(file.mlp.model) : undefined;
  if (mlp && mlp.k !== 2) throw new Error("crisis model file: the MLP must have two classes");
  const clamp = (v: number | undefined) => Math.min(1, Math.max(0, Number.isFinite(v) ? v! : 0));
  const share = { zh: clamp(file.mlp?.share.zh), en: clamp(file.mlp?.share.en) };
  const scorer: CrisisScorer = { linear: decodeBinaryModel(file.model), mlp, share };
  return {
    thresholdsFor: (text) => file.thresholds[thresholdLang(text)],
    score: (text) => (typeof text === "string" && text.trim() ? sigmoid(scorerLogit(scorer, crisisFeatures(text, file.features), thresholdLang(text))) : 0),
  };
}

/** The committed weights: <project>/models/crisis/crisis-classifier.json. */
export function defaultCrisisModelPath(): string {
  return projectPath("models", "crisis", "crisis-classifier.json");
}

export function loadCrisisClassifier(path: string = defaultCrisisModelPath()): CrisisClassifier {
  return createCrisisClassifier(JSON.parse(readFileSync(path, "utf8")) as CrisisModelFile);
}
