// Guimi's unified emotion label set, shared by text, voice and face perception.
// Valence/arousal anchors let every estimate be mapped onto the circumplex, so
// downstream mood tracking can average across modalities without caring about labels.

export const EMOTION_LABELS = ["anger", "disgust", "fear", "joy", "sadness", "surprise", "neutral"] as const;

export type EmotionLabel = (typeof EMOTION_LABELS)[number];

export type EmotionScores = Record<EmotionLabel, number>;

/** Valence in −1..1, arousal in 0..1: rough circumplex positions (Russell 1980; NRC VAD averages). */
export const EMOTION_VA: Readonly<Record<EmotionLabel, { valence: number; arousal: number }>> = {
  anger: { valence: -0.6, arousal: 0.85 },
  disgust: { valence: -0.65, arousal: 0.55 },
  fear: { valence: -0.7, arousal: 0.8 },
  joy: { valence: 0.8, arousal: 0.6 },
  sadness: { valence: -0.75, arousal: 0.25 },
  surprise: { valence: 0.2, arousal: 0.85 },
  neutral: { valence: 0, arousal: 0.3 },
};

/** zh-CN and en display names, for human-readable output. */
export const EMOTION_NAMES: Readonly<Record<EmotionLabel, { zh: string; en: string }>> = {
  anger: { zh: "生气", en: "anger" },
  disgust: { zh: "厌恶", en: "disgust" },
  fear: { zh: "害怕", en: "fear" },
  joy: { zh: "开心", en: "joy" },
  sadness: { zh: "难过", en: "sadness" },
  surprise: { zh: "惊讶", en: "surprise" },
  neutral: { zh: "平静", en: "neutral" },
};

export function isEmotionLabel(x: unknown): x is EmotionLabel {
  return typeof x === "string" && (EMOTION_LABELS as readonly string[]).includes(x);
}

/** A score record with every label at 0. */
export function zeroScores(): EmotionScores {
  return { anger: 0, disgust: 0, fear: 0, joy: 0, sadness: 0, surprise: 0, neutral: 0 };
}

/** Probability-weighted valence and arousal for a score distribution (scores need not sum to 1). */
export function valenceArousal(scores: EmotionScores): { valence: number; arousal: number } {
  let v = 0;
  let a = 0;
  let total = 0;
  for (const label of EMOTION_LABELS) {
    const p = scores[label];
    v += p * EMOTION_VA[label].valence;
    a += p * EMOTION_VA[label].arousal;
    total += p;
  }
  if (total <= 0) return { ...EMOTION_VA.neutral };
  return { valence: v / total, arousal: a / total };
}

/** The label with the highest score (ties resolve to the earlier label in EMOTION_LABELS). */
export function topLabel(scores: EmotionScores): EmotionLabel {
  let best: EmotionLabel = "neutral";
  let bestP = -Infinity;
  for (const label of EMOTION_LABELS) {
    if (scores[label] > bestP) {
      bestP = scores[label];
      best = label;
    }
  }
  return best;
}

/**
 * Maps corpus labels (Weibo, NLPCC, CPED, GoEmotions-Ekman) onto the unified set;
 * undefined for labels with no faithful counterpart (e.g. CPED "negative-other").
 */
export function mapCorpusLabel(raw: string): EmotionLabel | undefined {
  const key = raw.trim().toLowerCase();
  if (isEmotionLabel(key)) return key;
  switch (key) {
    case "like":
    case "happiness":
    case "happy":
    case "grateful":
    case "relaxed":
    case "positive-other":
      return "joy";
    case "none":
      return "neutral";
    case "depress":
      return "sadness";
    case "worried":
      return "fear";
    case "astonished":
      return "surprise";
    default:
      return undefined;
  }
}
