// Per-utterance latency of the text emotion classifier on real corpus utterances (single thread, after
// warm-up): Weibo posts and GoEmotions comments read alone, and held-out CPED dialogue turns read with
// their two earlier turns (what a conversation turn costs in the app).
import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { sharedPath } from "../../testing/paths.js";
import { loadHeldOut } from "./corpora.js";
import type { ContextTurn } from "./features.js";
import { loadTextEmotionClassifier, type TextEmotionClassifier } from "./text-emotion-classifier.js";

export interface LatencyFigure {
  p50_us: number;
  p95_us: number;
  utterances: number;
}

export interface TextEmotionBench extends LatencyFigure {
  /** Held-out CPED dialogue turns, each given its two earlier turns (read only by weights that use them). */
  dialogueTurns: LatencyFigure;
  /** Earlier turns the model in use reads. */
  contextTurns: number;
}

const FALLBACK = ["今天好开心啊[哈哈]", "气死我了，怎么会有这种人", "I am so happy for you!", "This is disgusting", "我好难过[泪]", "Wow, did not expect that"];
const FALLBACK_TURNS: { text: string; context: ContextTurn[] }[] = [
  {
    text: "还好吧",
    context: [
      { text: "怎么了？", self: false },
      { text: "我被裁员了", self: true },
    ],
  },
  { text: "嗯，就是有点累", context: [{ text: "今天怎么样", self: false }] },
];

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

function time(items: readonly (() => unknown)[]): LatencyFigure {
  for (const f of items.slice(0, 500)) f(); // warm-up: JIT, jieba dictionary
  const times: number[] = [];
  for (const f of items) {
    const t0 = performance.now();
    f();
    times.push((performance.now() - t0) * 1000);
  }
  times.sort((a, b) => a - b);
  return { p50_us: Math.round(quantile(times, 0.5)), p95_us: Math.round(quantile(times, 0.95)), utterances: times.length };
}

export async function benchTextEmotion(opts: { classifier?: TextEmotionClassifier; limit?: number } = {}): Promise<TextEmotionBench> {
  const classifier = opts.classifier ?? loadTextEmotionClassifier();
  let texts = FALLBACK;
  let turns = FALLBACK_TURNS;
  if (existsSync(sharedPath("datasets"))) {
    const held = loadHeldOut(sharedPath("datasets"));
    // Interleave zh and en so both models and the language switch are exercised.
    const mixed: string[] = [];
    for (let i = 0; i < Math.max(held.zh.length, held.en.length); i++) {
      if (held.zh[i]) mixed.push(held.zh[i]!.text);
      if (held.en[i]) mixed.push(held.en[i]!.text);
    }
    texts = mixed.slice(0, opts.limit ?? 4000);
    turns = held.dialogue.slice(0, opts.limit ?? 4000).map((e) => ({ text: e.text, context: e.context ?? [] }));
  }
  const alone = time(texts.map((t) => () => classifier.classify(t)));
  const dialogueTurns = time(turns.map((t) => () => classifier.classify(t.text, t.context)));
  return { ...alone, dialogueTurns, contextTurns: classifier.contextTurns };
}
