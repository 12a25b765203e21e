// Per-utterance latency of the text emotion classifier on real corpus utterances (single thread, after warm-up).
import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { sharedPath } from "../../testing/paths.js";
import { loadHeldOut } from "./corpora.js";
import { loadTextEmotionClassifier, type TextEmotionClassifier } from "./text-emotion-classifier.js";

export interface TextEmotionBench {
  p50_us: number;
  p95_us: number;
  utterances: number;
}

const FALLBACK = ["今天好开心啊[哈哈]", "气死我了，怎么会有这种人", "I am so happy for you!", "This is disgusting", "我好难过[泪]", "Wow, did not expect that"];

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

export async function benchTextEmotion(opts: { classifier?: TextEmotionClassifier; limit?: number } = {}): Promise<TextEmotionBench> {
  const classifier = opts.classifier ?? loadTextEmotionClassifier();
  let texts = FALLBACK;
  if (existsSync(sharedPath("datasets"))) {
    const held = loadHeldOut(sharedPath("datasets"));
    // Interleave zh and en so both models and the language switch are exercised.
    const mixed: string[] = [];
    for (let i = 0; i < Math.max(held.zh.length, held.en.length); i++) {
      if (held.zh[i]) mixed.push(held.zh[i]!.text);
      if (held.en[i]) mixed.push(held.en[i]!.text);
    }
    texts = mixed.slice(0, opts.limit ?? 4000);
  }
  for (const t of texts.slice(0, 500)) classifier.classify(t); // warm-up: JIT, jieba dictionary
  const times: number[] = [];
  for (const t of texts) {
    const t0 = performance.now();
    classifier.classify(t);
    times.push((performance.now() - t0) * 1000);
  }
  times.sort((a, b) => a - b);
  return { p50_us: Math.round(quantile(times, 0.5)), p95_us: Math.round(quantile(times, 0.95)), utterances: times.length };
}
