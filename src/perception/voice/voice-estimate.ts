// From prosody to an estimate, always relative to her own baseline: faster, louder, higher and
// livelier than usual reads as aroused; slower, quieter, lower, flatter and pausing more as tired.
// Prosody says little about whether she feels good or bad, so valence stays small and the mood
// fusion trusts voice mostly for arousal.
import { BASELINE_FEATURES, effectiveStats, isUsableUtterance, type BaselineFeature, type VoiceBaseline } from "./voice-baseline.js";
import type { ProsodyFeatures } from "./prosody.js";

export interface VoiceEstimate {
  /** −1..1, weak by nature. */
  valence: number;
  /** 0..1; her usual voice sits at 0.4. */
  arousal: number;
  /** 0..1: raised, fast, pressed speech. */
  stress: number;
  /** 0..1: low, slow, flat speech with long pauses. */
  fatigue: number;
  /** 0..1: grows with the baseline's maturity and the amount of voiced speech. */
  confidence: number;
  /** Each feature's distance from her baseline, in standard deviations. */
  deviations: Record<BaselineFeature, number>;
}

// Sigmoid offsets: at her baseline arousal is 0.4, stress and fatigue ≈ 0.27.
const AROUSAL_AT_BASELINE = 0.4;
const LOGIT_AT_BASELINE = Math.log(AROUSAL_AT_BASELINE / (1 - AROUSAL_AT_BASELINE));

export function estimateVoice(features: ProsodyFeatures, baseline: VoiceBaseline): VoiceEstimate {
  const z = {} as Record<BaselineFeature, number>;
  for (const f of BASELINE_FEATURES) {
    const { mean, std } = effectiveStats(baseline, f);
    // Capped: one odd measurement must not swamp the others.
    z[f] = clamp((features[f] - mean) / std, -3, 3);
  }
  if (!isUsableUtterance(features)) {
    for (const f of BASELINE_FEATURES) z[f] = 0;
  }

  const activation = 0.3 * z.pitchSt + 0.2 * z.pitchVariationSt + 0.25 * z.energyDb + 0.3 * z.syllableRate - 0.15 * z.pauseRatio;
  const arousal = sigmoid(1.2 * activation + LOGIT_AT_BASELINE);
  // Stress raises pitch and tempo but, unlike delight, does not make the melody livelier.
  const pressed = 0.4 * z.pitchSt + 0.3 * z.syllableRate + 0.2 * z.energyDb - 0.2 * z.pitchVariationSt - 0.1 * z.pauseRatio;
  const stress = sigmoid(1.2 * pressed - 1);
  const low = -0.25 * z.pitchSt - 0.25 * z.pitchVariationSt - 0.2 * z.energyDb - 0.3 * z.syllableRate + 0.25 * z.pauseRatio;
  const fatigue = sigmoid(1.2 * low - 1);
  const valence = clamp(0.15 * Math.tanh(z.pitchVariationSt) - 0.35 * (fatigue - 0.27) - 0.25 * (stress - 0.27), -1, 1);

  const maturity = baseline.count / (baseline.count + 4);
  const amount = Math.min(1, features.phonationSec / 2) * Math.min(1, features.voicedRatio / 0.4);
  const confidence = isUsableUtterance(features) ? 0.1 + 0.6 * maturity * amount : 0;

  return {
    valence: round(valence),
    arousal: round(arousal),
    stress: round(stress),
    fatigue: round(fatigue),
    confidence: round(confidence),
    deviations: Object.fromEntries(BASELINE_FEATURES.map((f) => [f, round(z[f])])) as Record<BaselineFeature, number>,
  };
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
