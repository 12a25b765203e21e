// Picks the device's screen face for the current mood. What she is doing with the device right now
// (speaking to it, waiting for a reply) wins over mood: the face first has to show it is listening.
import type { Mood } from "./fuse-mood.js";

export const SCREEN_EXPRESSIONS = ["happy", "calm", "concerned", "sleepy", "surprised", "listening", "thinking"] as const;
export type ScreenExpression = (typeof SCREEN_EXPRESSIONS)[number];

export interface ExpressionContext {
  activity?: "idle" | "listening" | "thinking";
  /** Below this confidence the mood is not shown at all (the face stays calm). */
  minConfidence?: number;
}

export function expressionForMood(
  mood: Pick<Mood, "label" | "valence" | "arousal" | "confidence" | "stress">,
  context: ExpressionContext = {},
): ScreenExpression {
  if (context.activity === "listening") return "listening";
  if (context.activity === "thinking") return "thinking";
  if (mood.confidence < (context.minConfidence ?? 0.3)) return "calm";
  if (mood.label === "surprise" && mood.valence > -0.3) return "surprised";
  if (mood.valence <= -0.25 || (mood.stress ?? 0) >= 0.65) return "concerned";
  if (mood.arousal <= 0.2) return "sleepy";
  if (mood.valence >= 0.3) return "happy";
  return "calm";
}
