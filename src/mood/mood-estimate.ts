// The one shape every perception modality hands to mood tracking. Voice and touch carry no label
// scores (prosody and touch say little about *which* emotion), only valence/arousal.
import { z } from "zod";
import { EMOTION_LABELS, type EmotionScores } from "../perception/emotion-labels.js";

export const MODALITIES = ["text", "voice", "face", "touch"] as const;
export type Modality = (typeof MODALITIES)[number];

export interface MoodEstimate {
  modality: Modality;
  at: Date;
  /** Label distribution over the unified labels, when the modality has one. */
  scores?: EmotionScores;
  /** −1..1 */
  valence: number;
  /** 0..1 */
  arousal: number;
  /** 0..1: how much this single estimate should be trusted. */
  confidence: number;
  /** 0..1, from voice prosody (or touch): tension relative to her own baseline. */
  stress?: number;
}

const unit = z.number().min(0).max(1);
const scoresSchema = z.object(Object.fromEntries(EMOTION_LABELS.map((label) => [label, unit])) as Record<(typeof EMOTION_LABELS)[number], typeof unit>);

/** Validates an estimate arriving over the API or the bus; `at` may be an ISO-8601 string. */
export const moodEstimateSchema = z.object({
  modality: z.enum(MODALITIES),
  at: z.coerce.date().refine((d) => !Number.isNaN(d.getTime()), "invalid date"),
  scores: scoresSchema.optional(),
  valence: z.number().min(-1).max(1),
  arousal: unit,
  confidence: unit,
  stress: unit.optional(),
});

export function parseMoodEstimate(input: unknown): MoodEstimate {
  return moodEstimateSchema.parse(input);
}
