// Per-utterance time of the whole crisis detector (rules + classifier + a conversation context), one core,
// after warm-up, on real held-out texts (never printed) mixed with everyday zh/en talk.
import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { sharedPath } from "../../testing/paths.js";
import { loadCrisisClassifier, type CrisisClassifier } from "./crisis-classifier.js";
import { isCrisisHeldOut, loadCpedUtterances, loadCrisisCorpora, loadGoEmotionsTexts } from "./crisis-corpora.js";
import { detectCrisis, type CrisisContextTurn } from "./crisis-detector.js";
import { CALM_CASES, RISK_CASES } from "./crisis-cases.js";

export interface CrisisBench {
  p50_us: number;
  p95_us: number;
  p99_us: number;
  utterances: number;
  withContext: { p50_us: number; p95_us: number };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

export function benchCrisis(opts: { classifier?: CrisisClassifier; limit?: number } = {}): CrisisBench {
  const classifier = opts.classifier ?? loadCrisisClassifier();
  let texts = [...RISK_CASES, ...CALM_CASES].map((c) => c.text);
  const datasets = sharedPath("datasets");
  if (existsSync(datasets)) {
    const held = loadCrisisCorpora(datasets)
      .filter((e) => isCrisisHeldOut(e.text))
      .map((e) => e.text);
    const go = loadGoEmotionsTexts(sharedPath("datasets", "goemotions", "dev.tsv")).slice(0, 1000);
    const cped = loadCpedUtterances(sharedPath("datasets", "cped", "cped-valid.csv")).slice(0, 1000);
    texts = [...texts, ...held, ...go, ...cped];
  }
  texts = texts.slice(0, opts.limit ?? 8000);
  for (const t of texts.slice(0, 500)) detectCrisis(t, { classifier });
  const run = (withContext: boolean) => {
    const times: number[] = [];
    let previous: CrisisContextTurn[] = [];
    const now = new Date("2026-06-01T12:00:00Z");
    for (const t of texts) {
      const t0 = performance.now();
      detectCrisis(t, withContext ? { classifier, context: { now, recent: previous, lowMoodDays: 3 } } : { classifier });
      times.push((performance.now() - t0) * 1000);
      if (withContext) previous = [...previous.slice(-5), { role: "user", text: t, at: now }];
    }
    return times.sort((a, b) => a - b);
  };
  const plain = run(false);
  const ctx = run(true);
  return {
    p50_us: Math.round(quantile(plain, 0.5)),
    p95_us: Math.round(quantile(plain, 0.95)),
    p99_us: Math.round(quantile(plain, 0.99)),
    utterances: plain.length,
    withContext: { p50_us: Math.round(quantile(ctx, 0.5)), p95_us: Math.round(quantile(ctx, 0.95)) },
  };
}
