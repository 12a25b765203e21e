// Trains Guimi's text emotion classifier (zh + en hashed-feature logistic regression) from ../shared/datasets
// and writes models/emotion/text-emotion.json. Reproducible: fixed seeds, fixed held-out splits.
//   npm run train:emotion            train, report held-out figures, write the model
//   npm run train:emotion -- --dry   train and report only
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { EMOTION_LABELS, type EmotionLabel } from "../src/perception/emotion-labels.js";
import {
  DEFAULT_FEATURE_CONFIG,
  extractFeatures,
  type FeatureConfig,
  type TextLang,
} from "../src/perception/text-emotion/features.js";
import { predictProba, type LinearModel } from "../src/perception/text-emotion/linear-model.js";
import { classificationReport, type ClassReport } from "../src/perception/text-emotion/metrics.js";
import { encodeModelFile, type TextEmotionModelFile } from "../src/perception/text-emotion/model-file.js";
import { jiebaSegmenter } from "../src/perception/text-emotion/text-emotion-classifier.js";
import { projectRoot, sharedPath } from "../src/testing/paths.js";
import {
  corpusPaths,
  dedupKey,
  isZhHeldOut,
  loadClue,
  loadCped,
  loadGoEmotions,
  loadLabelText,
  type Example,
} from "../src/perception/text-emotion/corpora.js";
import { trainLinear, type TrainOptions, type TrainRow } from "./emotion/trainer.js";

const args = new Set(process.argv.slice(2));
const dry = args.has("--dry");
const only = process.argv.find((a) => a.startsWith("--lang="))?.slice(7) as TextLang | undefined;
const envNum = (name: string, dflt: number) => (process.env[name] ? Number(process.env[name]) : dflt);

const cfg: FeatureConfig = {
  ...DEFAULT_FEATURE_CONFIG,
  hashBits: envNum("EMO_BITS", DEFAULT_FEATURE_CONFIG.hashBits),
  zhCharMax: envNum("EMO_ZH_CHARMAX", DEFAULT_FEATURE_CONFIG.zhCharMax),
  zhWords: envNum("EMO_ZH_WORDS", DEFAULT_FEATURE_CONFIG.zhWords ? 1 : 0) === 1,
  zhWordBigrams: envNum("EMO_ZH_WBI", DEFAULT_FEATURE_CONFIG.zhWordBigrams ? 1 : 0) === 1,
  enWordMax: envNum("EMO_EN_WORDMAX", DEFAULT_FEATURE_CONFIG.enWordMax),
  enCharMax: envNum("EMO_EN_CHARMAX", DEFAULT_FEATURE_CONFIG.enCharMax),
};

const paths = corpusPaths(sharedPath("datasets"));

interface LangPlan {
  train: Example[];
  heldOut: Example[];
  heldOutName: string;
  opts: TrainOptions;
  /** Exponent for inverse-frequency class weights (0 = none, 1 = fully balanced). */
  balance: number;
  /** Per-source sample weights: in-domain data counts more. */
  sourceWeight: Record<string, number>;
  /** Extra multiplier on the neutral class weight. */
  neutralWeight: number;
}

const K = EMOTION_LABELS.length;
const labelIndex = new Map<EmotionLabel, number>(EMOTION_LABELS.map((l, i) => [l, i]));

function planEnglish(): LangPlan {
  const train = loadGoEmotions(paths.goTrain, "goemotions-train");
  const dev = loadGoEmotions(paths.goDev, "goemotions-dev");
  return {
    train,
    heldOut: dev.filter((e) => e.labels.length === 1),
    heldOutName: "GoEmotions dev.tsv, single-label rows",
    opts: { epochs: envNum("EMO_EN_EPOCHS", 8), lr: envNum("EMO_EN_LR", 0.1), l2: envNum("EMO_EN_L2", 1e-5), seed: 7 },
    balance: envNum("EMO_EN_BAL", 0.5),
    sourceWeight: { "goemotions-train": 1 },
    neutralWeight: envNum("EMO_EN_NEUTRAL_W", 1),
  };
}

/** 30% of CLUEmotion valid, chosen by text hash, is held out; its texts are removed from every zh corpus. */
function planChinese(): LangPlan {
  const clue = loadClue(paths.clue);
  const heldOut: Example[] = [];
  const clueTrain: Example[] = [];
  for (const e of clue) (isZhHeldOut(e.text) ? heldOut : clueTrain).push(e);
  const heldKeys = new Set(heldOut.map((e) => dedupKey(e.text)));
  const others = [
    ...loadLabelText(paths.nlpcc, "nlpcc2013"),
    ...loadLabelText(paths.weibo8, "weibo8"),
    ...loadLabelText(paths.simplifyweibo, "simplifyweibo"),
    ...loadCped(paths.cped),
  ];
  const seen = new Set<string>();
  const train: Example[] = [];
  let leaked = 0;
  for (const e of [...clueTrain, ...others]) {
    const key = dedupKey(e.text);
    if (heldKeys.has(key)) {
      leaked++;
      continue;
    }
    // Identical text with the same label in two corpora: keep one copy.
    const k2 = key + "\u0000" + e.labels.join(",");
    if (seen.has(k2)) continue;
    seen.add(k2);
    train.push(e);
  }
  console.log(`zh: removed ${leaked} training rows whose text is in the held-out split`);
  const sw: Record<string, number> = {
    clue: envNum("EMO_W_CLUE", 2),
    nlpcc2013: envNum("EMO_W_NLPCC", 1),
    weibo8: envNum("EMO_W_WEIBO8", 1),
    simplifyweibo: envNum("EMO_W_SIMPLE", 0.5),
    cped: envNum("EMO_W_CPED", 0.5),
  };
  return {
    train: train.filter((e) => (sw[e.source] ?? 0) > 0),
    heldOut,
    heldOutName: "CLUEmotion2020 valid, fixed 30% hash split (7-class, like+happiness = joy)",
    opts: { epochs: envNum("EMO_ZH_EPOCHS", 3), lr: envNum("EMO_ZH_LR", 0.05), l2: envNum("EMO_ZH_L2", 1e-5), seed: 11 },
    balance: envNum("EMO_ZH_BAL", 0.3),
    sourceWeight: sw,
    neutralWeight: envNum("EMO_ZH_NEUTRAL_W", 0.25),
  };
}

function buildRows(plan: LangPlan, lang: TextLang, segment?: (t: string) => string[]): TrainRow[] {
  const counts = new Float64Array(K);
  for (const e of plan.train) for (const l of e.labels) counts[labelIndex.get(l)!]! += 1 / e.labels.length;
  const total = counts.reduce((a, b) => a + b, 0);
  const present = counts.filter((c) => c > 0).length;
  const classW = Array.from(counts, (c) => (c > 0 ? Math.pow(total / (present * c), plan.balance) : 0));
  classW[labelIndex.get("neutral")!]! *= plan.neutralWeight;
  console.log(`${lang}: ${plan.train.length} training rows; class counts`, Object.fromEntries(EMOTION_LABELS.map((l, i) => [l, Math.round(counts[i]!)])));
  return plan.train.map((e) => {
    const y = new Float32Array(K);
    let w = 0;
    for (const l of e.labels) {
      const i = labelIndex.get(l)!;
      y[i] = 1 / e.labels.length;
      w += classW[i]! / e.labels.length;
    }
    return { x: extractFeatures(e.text, lang, cfg, segment), y, weight: w * (plan.sourceWeight[e.source] ?? 1) };
  });
}

function evaluate(model: LinearModel, plan: LangPlan, lang: TextLang, segment?: (t: string) => string[]): ClassReport {
  const gold: string[] = [];
  const pred: string[] = [];
  const p = new Float64Array(K);
  for (const e of plan.heldOut) {
    predictProba(model, extractFeatures(e.text, lang, cfg, segment), p);
    let best = 0;
    for (let c = 1; c < K; c++) if (p[c]! > p[best]!) best = c;
    gold.push(e.labels[0]!);
    pred.push(EMOTION_LABELS[best]!);
  }
  const r = classificationReport(gold, pred);
  if (process.env.EMO_DIAG) {
    // Diagnostic: accuracy if the decision were restricted to the labels the held-out set uses.
    const allowed = new Set(gold);
    let ok = 0;
    plan.heldOut.forEach((e, i) => {
      predictProba(model, extractFeatures(e.text, lang, cfg, segment), p);
      let best = -1;
      for (let c = 0; c < K; c++) if (allowed.has(EMOTION_LABELS[c]!) && (best < 0 || p[c]! > p[best]!)) best = c;
      if (EMOTION_LABELS[best] === gold[i]) ok++;
    });
    const nNeutral = pred.filter((x) => x === "neutral").length;
    console.log(`  diag: restricted accuracy ${(ok / gold.length).toFixed(4)}; predicted neutral ${nNeutral}`);
  }
  return r;
}

function printReport(lang: string, name: string, r: ClassReport): void {
  console.log(`${lang} held-out (${name}, n=${r.n}): accuracy ${r.accuracy.toFixed(4)}  macro-F1 ${r.macroF1.toFixed(4)}`);
  for (const [c, s] of Object.entries(r.perClass))
    console.log(`  ${c.padEnd(9)} P ${s.precision.toFixed(3)} R ${s.recall.toFixed(3)} F1 ${s.f1.toFixed(3)} n=${s.support}`);
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const segment = jiebaSegmenter();
  const file: TextEmotionModelFile = { format: "guimi-text-emotion", version: 1, labels: [...EMOTION_LABELS], features: cfg, models: {}, heldOut: {} };
  const langs: TextLang[] = only ? [only] : ["en", "zh"];
  for (const lang of langs) {
    const plan = lang === "en" ? planEnglish() : planChinese();
    const seg = lang === "zh" ? segment : undefined;
    const rows = buildRows(plan, lang, seg);
    const t1 = Date.now();
    const model = trainLinear(rows, K, 1 << cfg.hashBits, plan.opts);
    console.log(`${lang}: trained in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
    printReport(lang, plan.heldOutName + ", float", evaluate(model, plan, lang, seg));
    const encoded = encodeModelFile(model);
    const report = evaluate(encoded.decoded, plan, lang, seg);
    printReport(lang, plan.heldOutName + ", quantized", report);
    file.models[lang] = encoded.stored;
    file.heldOut[lang] = { split: plan.heldOutName, n: report.n, accuracy: round4(report.accuracy), macroF1: round4(report.macroF1) };
  }
  if (!dry && !only) {
    const out = join(projectRoot, "models", "emotion", "text-emotion.json");
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(file) + "\n");
    console.log(`wrote ${out}`);
  }
  console.log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

await main();
