// face-api's seven expressions onto Guimi's unified labels, and a face's share of the mood.
import { valenceArousal, topLabel, zeroScores, type EmotionLabel, type EmotionScores } from "../emotion-labels.js";

export const FACE_API_EXPRESSIONS = ["neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised"] as const;
export type FaceApiExpression = (typeof FACE_API_EXPRESSIONS)[number];

const TO_LABEL: Record<FaceApiExpression, EmotionLabel> = {
  neutral: "neutral",
  happy: "joy",
  sad: "sadness",
  angry: "anger",
  fearful: "fear",
  disgusted: "disgust",
  surprised: "surprise",
};

/** Probabilities per face-api expression → unified scores (normalised to sum to 1). */
export function expressionScores(expressions: Partial<Record<FaceApiExpression, number>>): EmotionScores {
  const scores = zeroScores();
  let total = 0;
  for (const name of FACE_API_EXPRESSIONS) {
    const p = expressions[name];
    if (typeof p === "number" && Number.isFinite(p) && p > 0) {
      scores[TO_LABEL[name]] += p;
      total += p;
    }
  }
  if (total <= 0) {
    scores.neutral = 1;
    return scores;
  }
  // Four decimals: more precision than the model has, and readable in JSON.
  for (const label of Object.keys(scores) as EmotionLabel[]) scores[label] = Math.round((scores[label] / total) * 1e4) / 1e4;
  return scores;
}

export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FaceExpression {
  label: EmotionLabel;
  scores: EmotionScores;
  box: FaceBox;
  /** Detection score × probability of the top expression: both the face and the reading must be sure. */
  confidence: number;
}

export function faceExpression(expressions: Partial<Record<FaceApiExpression, number>>, box: FaceBox, detectionScore: number): FaceExpression {
  const scores = expressionScores(expressions);
  const label = topLabel(scores);
  return { label, scores, box, confidence: round(Math.max(0, Math.min(1, detectionScore)) * scores[label]) };
}

/**
 * The mood signal of a frame: the largest face is taken to be hers (she is nearest the device).
 * Undefined when no face was found. Spread into a mood estimate with modality "face" and the time.
 */
export function faceMoodSignal(faces: readonly FaceExpression[]): { scores: EmotionScores; valence: number; arousal: number; confidence: number } | undefined {
  let nearest: FaceExpression | undefined;
  for (const face of faces) if (!nearest || face.box.width * face.box.height > nearest.box.width * nearest.box.height) nearest = face;
  if (!nearest) return undefined;
  const { valence, arousal } = valenceArousal(nearest.scores);
  return { scores: nearest.scores, valence, arousal, confidence: nearest.confidence };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
