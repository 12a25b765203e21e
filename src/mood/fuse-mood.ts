// Fuses per-modality estimates into one current mood. Each estimate counts by its own confidence,
// by how much its modality can be trusted on each axis (prosody says a lot about arousal and little
// about valence), and by its age: every modality has a half-life, because a frown five minutes ago
// matters less than the words she says now.
import { EMOTION_LABELS, EMOTION_VA, topLabel, zeroScores, type EmotionLabel, type EmotionScores } from "../perception/emotion-labels.js";
import type { Modality, MoodEstimate } from "./mood-estimate.js";

export interface ModalityReliability {
  valence: number;
  arousal: number;
  label: number;
}

export interface FusionOptions {
  /** Minutes after which an estimate of this modality weighs half as much. */
  halfLifeMinutes: Record<Modality, number>;
  reliability: Record<Modality, ModalityReliability>;
  /** Estimates older than this many half-lives are dropped altogether. */
  maxHalfLives: number;
  /** Estimates stamped up to this far after `now` (clock skew between devices) count as current. */
  futureToleranceMs: number;
}

export const DEFAULT_FUSION_OPTIONS: FusionOptions = {
  halfLifeMinutes: { text: 10, voice: 5, face: 1.5, touch: 3 },
  reliability: {
    text: { valence: 1, arousal: 0.6, label: 1 },
    voice: { valence: 0.25, arousal: 1, label: 0.3 },
    face: { valence: 0.9, arousal: 0.6, label: 0.9 },
    touch: { valence: 0.4, arousal: 0.5, label: 0.2 },
  },
  maxHalfLives: 8,
  futureToleranceMs: 5_000,
};

export interface ModalityContribution {
  modality: Modality;
  /** How many estimates of this modality counted. */
  count: number;
  /** Share (0..1) of the fused valence weight that came from this modality. */
  share: number;
  valence: number;
  arousal: number;
  /** The strongest decayed confidence among its estimates. */
  confidence: number;
  /** Age in seconds of its newest estimate. */
  newestAgeSeconds: number;
}

export interface Mood {
  label: EmotionLabel;
  valence: number;
  arousal: number;
  confidence: number;
  stress?: number;
  /** Fused label distribution (sums to 1); all-neutral when nothing carried scores. */
  scores: EmotionScores;
  contributions: ModalityContribution[];
  at: Date;
}

export function neutralMood(now: Date): Mood {
  const scores = zeroScores();
  scores.neutral = 1;
  return { label: "neutral", ...EMOTION_VA.neutral, confidence: 0, scores, contributions: [], at: now };
}

/** Decay factor 0..1 of an estimate at `now`, or 0 when it is too old or too far in the future. */
export function decayWeight(estimate: MoodEstimate, now: Date, options: FusionOptions = DEFAULT_FUSION_OPTIONS): number {
  const ageMs = now.getTime() - estimate.at.getTime();
  if (ageMs < -options.futureToleranceMs) return 0;
  const halfLifeMs = options.halfLifeMinutes[estimate.modality] * 60_000;
  const halfLives = Math.max(0, ageMs) / halfLifeMs;
  if (halfLives > options.maxHalfLives) return 0;
  return 0.5 ** halfLives;
}

export function fuseMood(estimates: readonly MoodEstimate[], now: Date, options: FusionOptions = DEFAULT_FUSION_OPTIONS): Mood {
  let vSum = 0;
  let vWeight = 0;
  let aSum = 0;
  let aWeight = 0;
  let sSum = 0;
  let sWeight = 0;
  let labelWeight = 0;
  const fusedScores = zeroScores();
  // Evidence: the chance that not every estimate is wrong, 1 − Π(1 − cᵢ).
  let doubt = 1;
  const perModality = new Map<Modality, { count: number; vw: number; v: number; aw: number; a: number; conf: number; newest: number }>();
  const counted: { valence: number; weight: number }[] = [];

  for (const estimate of estimates) {
    const decay = decayWeight(estimate, now, options);
    const confidence = clamp(estimate.confidence, 0, 1) * decay;
    if (confidence <= 0) continue;
    const reliability = options.reliability[estimate.modality];
    const wv = confidence * reliability.valence;
    const wa = confidence * reliability.arousal;
    vSum += wv * estimate.valence;
    vWeight += wv;
    aSum += wa * estimate.arousal;
    aWeight += wa;
    if (estimate.stress !== undefined) {
      sSum += confidence * estimate.stress;
      sWeight += confidence;
    }
    if (estimate.scores) {
      const total = EMOTION_LABELS.reduce((s, l) => s + Math.max(0, estimate.scores![l]), 0);
      if (total > 0) {
        const wl = confidence * reliability.label;
        for (const label of EMOTION_LABELS) fusedScores[label] += (wl * Math.max(0, estimate.scores[label])) / total;
        labelWeight += wl;
      }
    }
    doubt *= 1 - confidence * Math.max(reliability.valence, reliability.arousal);
    counted.push({ valence: estimate.valence, weight: wv });

    const ageSeconds = Math.max(0, (now.getTime() - estimate.at.getTime()) / 1000);
    const m = perModality.get(estimate.modality) ?? { count: 0, vw: 0, v: 0, aw: 0, a: 0, conf: 0, newest: Infinity };
    m.count += 1;
    m.vw += wv;
    m.v += wv * estimate.valence;
    m.aw += wa;
    m.a += wa * estimate.arousal;
    m.conf = Math.max(m.conf, confidence);
    m.newest = Math.min(m.newest, ageSeconds);
    perModality.set(estimate.modality, m);
  }

  if (vWeight <= 0 && aWeight <= 0) return neutralMood(now);
  const valence = vWeight > 0 ? vSum / vWeight : 0;
  const arousal = aWeight > 0 ? aSum / aWeight : EMOTION_VA.neutral.arousal;

  // Modalities that disagree on valence (smiling while saying something sad) lower the confidence.
  let spread = 0;
  for (const c of counted) spread += c.weight * (c.valence - valence) ** 2;
  const valenceStd = vWeight > 0 ? Math.sqrt(spread / vWeight) : 0;
  const agreement = 1 - Math.min(1, valenceStd);
  const confidence = clamp((1 - doubt) * (0.5 + 0.5 * agreement), 0, 1);

  let scores: EmotionScores;
  let label: EmotionLabel;
  if (labelWeight > 0) {
    scores = zeroScores();
    for (const l of EMOTION_LABELS) scores[l] = fusedScores[l] / labelWeight;
    label = topLabel(scores);
  } else {
    label = nearestLabel(valence, arousal);
    scores = zeroScores();
    scores[label] = 1;
  }

  const contributions: ModalityContribution[] = [...perModality.entries()].map(([modality, m]) => ({
    modality,
    count: m.count,
    share: vWeight > 0 ? m.vw / vWeight : 0,
    valence: m.vw > 0 ? m.v / m.vw : 0,
    arousal: m.aw > 0 ? m.a / m.aw : 0,
    confidence: m.conf,
    newestAgeSeconds: m.newest,
  }));
  contributions.sort((a, b) => b.share - a.share);

  const mood: Mood = { label, valence, arousal, confidence, scores, contributions, at: now };
  if (sWeight > 0) mood.stress = sSum / sWeight;
  return mood;
}

/** The unified label whose circumplex anchor lies closest to a valence/arousal point. */
export function nearestLabel(valence: number, arousal: number): EmotionLabel {
  let best: EmotionLabel = "neutral";
  let bestDistance = Infinity;
  for (const label of EMOTION_LABELS) {
    const anchor = EMOTION_VA[label];
    // Valence spans twice the range of arousal; halve it so both axes count alike.
    const d = ((valence - anchor.valence) / 2) ** 2 + (arousal - anchor.arousal) ** 2;
    if (d < bestDistance) {
      bestDistance = d;
      best = label;
    }
  }
  return best;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
