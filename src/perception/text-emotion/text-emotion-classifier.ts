// Text emotion classifier: per language (zh/en, chosen by script) a hashed n-gram logistic regression,
// an MLP over the same features, or both summed (see ensemble.ts).
// loadTextEmotionClassifier() does the only I/O (weights file, jieba dictionary); classify() is pure.
import type { Lang } from "../../kernel/lang.js";
import { readFileSync } from "node:fs";
import { projectPath } from "../../project-path.js";
import { createRequire } from "node:module";
import { EMOTION_LABELS, valenceArousal, zeroScores, type EmotionLabel, type EmotionScores } from "../emotion-labels.js";
import { detectLang, extractFeatures, type ContextTurn, type FeatureConfig, type Segmenter } from "./features.js";
import { scorerLogits, scorerOf, type EmotionScorer } from "./ensemble.js";
import { softmax } from "./linear-model.js";
import { decodeStoredMlp, decodeStoredModel, parseModelFile, type TextEmotionModelFile } from "./model-file.js";

export interface TextEmotionResult {
  label: EmotionLabel;
  /** Probability per label, summing to 1. */
  scores: EmotionScores;
  /** −1 (very negative) .. 1 (very positive). */
  valence: number;
  /** 0 (calm) .. 1 (agitated). */
  arousal: number;
  /** Probability of the chosen label; 0 when the text carries no usable signal (e.g. empty). */
  confidence: number;
  lang: Lang;
}

export interface TextEmotionClassifier {
  /**
   * Emotion of one utterance. `context`: earlier turns of the same conversation, newest first
   * (`self` when she said them too); models trained with context read up to `contextTurns` of them.
   */
  classify(text: string, context?: readonly ContextTurn[]): TextEmotionResult;
  /** How many earlier turns the model reads (0 when it reads none). */
  readonly contextTurns: number;
}

/** Builds a classifier from an already-parsed weights file (pure; the segmenter is injected). */
export function createTextEmotionClassifier(file: TextEmotionModelFile, segment?: Segmenter): TextEmotionClassifier {
  if (file.format !== "guimi-text-emotion" || ![1, 2, 3].includes(file.version)) throw new Error("unsupported text emotion model file");
  const cfg: FeatureConfig = file.features;
  const models: Partial<Record<Lang, EmotionScorer>> = {};
  // Unified label index (in the file's label order) of each model class.
  const classOf: Partial<Record<Lang, Int32Array>> = {};
  // 1 / the label temperature, where the file has one.
  const labelPower: Partial<Record<Lang, number>> = {};
  // Per language: a model trained without conversation context must never see context features.
  const featureCfgs: Record<Lang, FeatureConfig> = { zh: { ...cfg, contextTurns: 0 }, en: { ...cfg, contextTurns: 0 } };
  for (const lang of ["zh", "en"] as const) {
    const stored = file.models[lang];
    if (!stored) continue;
    let model: EmotionScorer;
    try {
      model = scorerOf(decodeStoredModel(stored), stored.mlp && file.version >= 3 ? decodeStoredMlp(stored.mlp) : undefined);
    } catch (e) {
      throw new Error(`text emotion model file: models.${lang}: ${(e as Error).message}`);
    }
    models[lang] = model;
    const classLabels = file.version >= 2 && stored.classLabels ? stored.classLabels : file.labels;
    if (classLabels.length !== model.k) throw new Error(`${lang} model has ${model.k} classes but ${classLabels.length} class labels`);
    classOf[lang] = Int32Array.from(classLabels, (l) => {
      const i = file.labels.indexOf(l);
      if (i < 0) throw new Error(`class label ${l} is not among the file's labels`);
      return i;
    });
    if (file.version >= 2) featureCfgs[lang] = { ...cfg, contextTurns: Math.max(0, Math.floor(stored.contextTurns ?? 0)) };
    if (stored.labelTemperature !== undefined && stored.labelTemperature !== 1) labelPower[lang] = 1 / stored.labelTemperature;
  }
  // Map file label order onto the unified order once, so classify() is a straight loop.
  const labels = file.labels;
  if (labels.some((l) => !EMOTION_LABELS.includes(l))) throw new Error("unknown label in model file");
  const probs = new Float64Array(labels.length);
  const classProbs = new Float64Array(Math.max(labels.length, models.zh?.k ?? 0, models.en?.k ?? 0));
  const hidden = new Float64Array(Math.max(1, models.zh?.mlp?.hidden ?? 0, models.en?.mlp?.hidden ?? 0));

  const contextTurns = Math.max(featureCfgs.zh.contextTurns ?? 0, featureCfgs.en.contextTurns ?? 0);

  function classify(text: string, context: readonly ContextTurn[] = []): TextEmotionResult {
    const input = typeof text === "string" ? text : String(text ?? "");
    const lang = detectLang(input);
    const modelLang: Lang = models[lang] ? lang : models.en ? "en" : "zh";
    const model = models[modelLang];
    const earlier = contextTurns > 0 && Array.isArray(context) ? context.filter((t) => t && typeof t.text === "string") : [];
    const x = model ? extractFeatures(input, lang, featureCfgs[modelLang], segment, earlier) : undefined;
    if (!model || !x || x.idx.length === 0) {
      const scores = zeroScores();
      scores.neutral = 1;
      return { label: "neutral", scores, ...valenceArousal(scores), confidence: 0, lang };
    }
    const cls = classProbs.subarray(0, model.k);
    softmax(scorerLogits(model, x, cls, hidden));
    probs.fill(0);
    const map = classOf[modelLang]!;
    for (let j = 0; j < model.k; j++) probs[map[j]!]! += cls[j]!;
    const power = labelPower[modelLang];
    if (power !== undefined) sharpen(probs, power);
    const scores = zeroScores();
    let label: EmotionLabel = "neutral";
    let best = -1;
    for (let i = 0; i < labels.length; i++) {
      const p = probs[i]!;
      scores[labels[i]!] = p;
      if (p > best) {
        best = p;
        label = labels[i]!;
      }
    }
    return { label, scores, ...valenceArousal(scores), confidence: best, lang };
  }
  return { classify, contextTurns };
}

/** Where the committed weights live: <project>/models/emotion/text-emotion.json. */
export function defaultTextEmotionModelPath(): string {
  return projectPath("models", "emotion", "text-emotion.json");
}

type JiebaInstance = import("@node-rs/jieba").Jieba;
let sharedJieba: JiebaInstance | undefined;

/** jieba word segmenter with the bundled dictionary, loaded lazily once per process (the dictionary is ~5 MB). */
export function jiebaSegmenter(): Segmenter {
  if (!sharedJieba) {
    const require = createRequire(import.meta.url);
    const { Jieba } = require("@node-rs/jieba") as typeof import("@node-rs/jieba");
    const { dict } = require("@node-rs/jieba/dict.js") as typeof import("@node-rs/jieba/dict.js");
    sharedJieba = Jieba.withDict(dict);
  }
  const j = sharedJieba;
  return (t) => j.cut(t, false);
}

/** Loads the weights (once per call; keep the returned classifier) and the jieba dictionary when the zh model needs it. */
export function loadTextEmotionClassifier(path: string = defaultTextEmotionModelPath()): TextEmotionClassifier {
  const file = parseModelFile(readFileSync(path, "utf8"), path);
  return createTextEmotionClassifier(file, file.features.zhWords ? jiebaSegmenter() : undefined);
}

/** p ← p^power, renormalized (a temperature on probabilities that are sums of finer classes' ones). */
export function sharpen(p: Float64Array, power: number): Float64Array {
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    p[i] = p[i]! > 0 ? p[i]! ** power : 0;
    sum += p[i]!;
  }
  if (sum > 0) for (let i = 0; i < p.length; i++) p[i]! /= sum;
  return p;
}
