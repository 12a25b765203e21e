// `guimi emotion`: classify one utterance (--text) or one per stdin line; JSON lines or a short zh-CN line.
import { createInterface } from "node:readline";
import { EMOTION_LABELS, EMOTION_NAMES } from "../emotion-labels.js";
import type { CrisisAssessment } from "../crisis/crisis-detector.js";
import { assessCrisis } from "../crisis/default-detector.js";
import { loadTextEmotionClassifier, type TextEmotionClassifier, type TextEmotionResult } from "./text-emotion-classifier.js";

export interface EmotionCommandOptions {
  text?: string;
  json: boolean;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** For tests and embedding; defaults to the committed weights, loaded once per process. */
  classifier?: TextEmotionClassifier;
}

let defaultClassifier: TextEmotionClassifier | undefined;

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** Exactly the documented JSON shape: label, scores, valence, arousal, crisis, crisisRisk, crisisLayer. */
export function formatEmotionJson(r: TextEmotionResult, crisis: CrisisAssessment): string {
  const scores: Record<string, number> = {};
  for (const l of EMOTION_LABELS) scores[l] = r4(r.scores[l]);
  return JSON.stringify({
    label: r.label,
    scores,
    valence: r4(r.valence),
    arousal: r4(r.arousal),
    crisis: crisis.risk !== "none",
    crisisRisk: crisis.risk,
    crisisLayer: crisis.layer,
  });
}

/** e.g. "难过 sadness 94% · 效价 -0.72 · 唤醒 0.27 · ⚠ 危机风险：高（请立即关注）". */
export function formatEmotionLine(r: TextEmotionResult, crisis: CrisisAssessment): string {
  const sign = r.valence >= 0 ? "+" : "";
  let line = `${EMOTION_NAMES[r.label].zh} ${r.label} ${Math.round(r.confidence * 100)}% · 效价 ${sign}${r.valence.toFixed(2)} · 唤醒 ${r.arousal.toFixed(2)}`;
  if (crisis.risk === "high") line += " · ⚠ 危机风险：高（high）";
  else if (crisis.risk === "possible") line += " · ⚠ 危机风险：可能（possible）";
  return line;
}

export async function runEmotionCommand(opts: EmotionCommandOptions): Promise<number> {
  const classifier = opts.classifier ?? (defaultClassifier ??= loadTextEmotionClassifier());
  const emit = (text: string) => {
    const r = classifier.classify(text);
    const c = assessCrisis(text);
    opts.output.write((opts.json ? formatEmotionJson(r, c) : formatEmotionLine(r, c)) + "\n");
  };
  if (opts.text !== undefined) {
    if (opts.text.trim().length === 0) {
      opts.output.write(opts.json ? JSON.stringify({ error: "empty text" }) + "\n" : "错误：文本为空（empty text）\n");
      return 2;
    }
    emit(opts.text);
    return 0;
  }
  // One result per input line, blank lines included, so output lines stay aligned with input lines.
  const rl = createInterface({ input: opts.input, crlfDelay: Infinity });
  for await (const line of rl) emit(line);
  return 0;
}
