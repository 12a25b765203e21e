// Model-selection harness for the zh text emotion model: 5-fold cross-validation on the CLUEmotion rows
// that are NOT held out (each fold's texts are also removed from the other corpora, like the held-out split),
// so hyper-parameters are chosen without looking at the held-out split. `--heldout` also reports it.
//   npx tsx scripts/emotion/experiment.ts [--heldout] [--folds=5]   (settings via EMO_* env, see train-emotion.ts)
import { writeFileSync } from "node:fs";
import { EMOTION_LABELS, type EmotionLabel } from "../../src/perception/emotion-labels.js";
import { DEFAULT_FEATURE_CONFIG, extractFeatures, fnv1a, type FeatureConfig } from "../../src/perception/text-emotion/features.js";
import { predictProba, type LinearModel } from "../../src/perception/text-emotion/linear-model.js";
import { classificationReport } from "../../src/perception/text-emotion/metrics.js";
import { jiebaSegmenter } from "../../src/perception/text-emotion/text-emotion-classifier.js";
import { sharedPath } from "../../src/testing/paths.js";
import { corpusPaths, dedupKey, isZhHeldOut, loadClue, loadCped, loadLabelText, type Example } from "../../src/perception/text-emotion/corpora.js";
import { trainLinear, type TrainRow } from "./trainer.js";

const envNum = (name: string, dflt: number) => (process.env[name] ? Number(process.env[name]) : dflt);
const K = EMOTION_LABELS.length;
const labelIndex = new Map<EmotionLabel, number>(EMOTION_LABELS.map((l, i) => [l, i]));
const cfg: FeatureConfig = {
  ...DEFAULT_FEATURE_CONFIG,
  hashBits: envNum("EMO_BITS", DEFAULT_FEATURE_CONFIG.hashBits),
  zhCharMin: envNum("EMO_ZH_CHARMIN", DEFAULT_FEATURE_CONFIG.zhCharMin),
  zhCharMax: envNum("EMO_ZH_CHARMAX", DEFAULT_FEATURE_CONFIG.zhCharMax),
  zhWords: envNum("EMO_ZH_WORDS", 1) === 1,
  zhWordBigrams: envNum("EMO_ZH_WBI", 0) === 1,
};
const folds = Number(process.argv.find((a) => a.startsWith("--folds="))?.slice(8) ?? 5);
const withHeld = process.argv.includes("--heldout");
const sw: Record<string, number> = {
  clue: envNum("EMO_W_CLUE", 2),
  nlpcc2013: envNum("EMO_W_NLPCC", 1),
  weibo8: envNum("EMO_W_WEIBO8", 1),
  simplifyweibo: envNum("EMO_W_SIMPLE", 0.5),
  cped: envNum("EMO_W_CPED", 0.5),
};
const opts = { epochs: envNum("EMO_ZH_EPOCHS", 3), lr: envNum("EMO_ZH_LR", 0.05), l2: envNum("EMO_ZH_L2", 1e-5), seed: 11 };
const seeds = envNum("EMO_SEEDS", 1);
const balance = envNum("EMO_ZH_BAL", 0.3);
const neutralWeight = envNum("EMO_ZH_NEUTRAL_W", 0.25);

const p = corpusPaths(sharedPath("datasets"));
const clue = loadClue(p.clue);
const others = [...loadLabelText(p.nlpcc, "nlpcc2013"), ...loadLabelText(p.weibo8, "weibo8"), ...loadLabelText(p.simplifyweibo, "simplifyweibo"), ...loadCped(p.cped)];
const segment = jiebaSegmenter();
const all = [...clue, ...others].filter((e) => (sw[e.source] ?? 0) > 0);
const keys = all.map((e) => dedupKey(e.text));
const t0 = Date.now();
const feats = all.map((e) => extractFeatures(e.text, "zh", cfg, segment));
console.error(`features in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

/** Trains on every row not excluded, evaluates on `evalIdx`; returns gold/pred label lists. */
function run(exclude: Set<string>, evalIdx: number[]): { gold: string[]; pred: string[]; probs: Float64Array[] } {
  const seen = new Set<string>();
  const idx: number[] = [];
  for (let i = 0; i < all.length; i++) {
    if (exclude.has(keys[i]!)) continue;
    const k2 = keys[i]! + "\u0000" + all[i]!.labels.join(",");
    if (seen.has(k2)) continue;
    seen.add(k2);
    idx.push(i);
  }
  const counts = new Float64Array(K);
  for (const i of idx) counts[labelIndex.get(all[i]!.labels[0]!)!]! += 1;
  const total = counts.reduce((a, b) => a + b, 0);
  const present = counts.filter((c) => c > 0).length;
  const classW = Array.from(counts, (c) => (c > 0 ? Math.pow(total / (present * c), balance) : 0));
  classW[labelIndex.get("neutral")!]! *= neutralWeight;
  const rows: TrainRow[] = idx.map((i) => {
    const y = new Float32Array(K);
    const c = labelIndex.get(all[i]!.labels[0]!)!;
    y[c] = 1;
    return { x: feats[i]!, y, weight: classW[c]! * (sw[all[i]!.source] ?? 1) };
  });
  const models: LinearModel[] = [];
  for (let s = 0; s < seeds; s++) models.push(trainLinear(rows, K, 1 << cfg.hashBits, { ...opts, seed: opts.seed + 1000 * s }));
  const m = models[0]!;
  for (const o of models.slice(1)) {
    for (let j = 0; j < m.weights.length; j++) m.weights[j]! += o.weights[j]!;
    for (let c = 0; c < K; c++) m.bias[c]! += o.bias[c]!;
  }
  for (let j = 0; j < m.weights.length; j++) m.weights[j]! /= seeds;
  for (let c = 0; c < K; c++) m.bias[c]! /= seeds;
  const gold: string[] = [];
  const pred: string[] = [];
  const probs: Float64Array[] = [];
  for (const i of evalIdx) {
    const pr = predictProba(m, feats[i]!);
    let best = 0;
    for (let c = 1; c < K; c++) if (pr[c]! > pr[best]!) best = c;
    gold.push(all[i]!.labels[0]!);
    pred.push(EMOTION_LABELS[best]!);
    probs.push(pr);
  }
  return { gold, pred, probs };
}

const clueIdx = all.map((e, i) => (e.source === "clue" ? i : -1)).filter((i) => i >= 0);
const heldIdx = clueIdx.filter((i) => isZhHeldOut(all[i]!.text));
const heldKeys = new Set(heldIdx.map((i) => keys[i]!));
const trainClue = clueIdx.filter((i) => !isZhHeldOut(all[i]!.text));
const gold: string[] = [];
const pred: string[] = [];
const cvProbs: number[][] = [];
for (let f = 0; f < folds; f++) {
  const val = trainClue.filter((i) => fnv1a("cv:" + keys[i]!) % folds === f);
  const ex = new Set([...heldKeys, ...val.map((i) => keys[i]!)]);
  const r = run(ex, val);
  gold.push(...r.gold);
  pred.push(...r.pred);
  cvProbs.push(...r.probs.map((x) => Array.from(x, (v) => Math.round(v * 1e5) / 1e5)));
}
const cv = classificationReport(gold, pred);
const tag = process.env.EMO_TAG ?? "";
let line = `${tag}\tcv n=${cv.n} acc ${cv.accuracy.toFixed(4)} mF1 ${cv.macroF1.toFixed(4)} neutral ${pred.filter((x) => x === "neutral").length}`;
if (withHeld) {
  const r = run(heldKeys, heldIdx);
  const h = classificationReport(r.gold, r.pred);
  if (process.env.EMO_DUMP)
    writeFileSync(process.env.EMO_DUMP, JSON.stringify({ cvGold: gold, cvProbs, heldGold: r.gold, heldProbs: r.probs.map((x) => Array.from(x)) }));
  line += `\theld n=${h.n} acc ${h.accuracy.toFixed(4)} mF1 ${h.macroF1.toFixed(4)}`;
}
console.log(line + `\t${((Date.now() - t0) / 1000).toFixed(0)} s`);
