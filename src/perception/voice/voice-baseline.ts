// Her own voice, as learnt from her earlier utterances: a running mean and spread per feature.
// Prosody only means something relative to this (a high voice is not an excited voice).
// Plain JSON, so the daemon can persist it; updates return a new object.
import type { ProsodyFeatures } from "./prosody.js";

export const BASELINE_FEATURES = ["pitchSt", "pitchVariationSt", "energyDb", "syllableRate", "pauseRatio"] as const;
export type BaselineFeature = (typeof BASELINE_FEATURES)[number];

export interface FeatureStats {
  mean: number;
  variance: number;
}

export interface VoiceBaseline {
  version: 1;
  /** Utterances learnt from. */
  count: number;
  features: Record<BaselineFeature, FeatureStats>;
}

/** What is assumed about a feature before her own utterances are known. */
export interface FeaturePrior {
  /** Typical value across adult speakers. */
  mean: number;
  /** Typical utterance-to-utterance spread within one speaker. */
  withinStd: number;
  /** Spread of speakers' own means around `mean`: how unsure the prior mean is for her. */
  betweenStd: number;
}

export const PRIOR_BASELINE: Readonly<Record<BaselineFeature, FeaturePrior>> = {
  pitchSt: { mean: 7, withinStd: 1.5, betweenStd: 5 }, // ~150 Hz, between typical male and female voices
  pitchVariationSt: { mean: 2.2, withinStd: 0.6, betweenStd: 0.8 },
  energyDb: { mean: -27, withinStd: 3, betweenStd: 6 }, // mostly the microphone and distance
  syllableRate: { mean: 4.2, withinStd: 0.7, betweenStd: 0.8 },
  pauseRatio: { mean: 0.12, withinStd: 0.08, betweenStd: 0.06 },
};

/** Smallest spread assumed per feature, so a very steady voice does not make tiny changes look huge. */
export const MIN_STD: Readonly<Record<BaselineFeature, number>> = {
  pitchSt: 1,
  pitchVariationSt: 0.4,
  energyDb: 2,
  syllableRate: 0.4,
  pauseRatio: 0.05,
};

/** How many pseudo-utterances the prior is worth. */
const PRIOR_WEIGHT = 1;
/** After this many utterances the baseline forgets slowly (exponentially), following her over months. */
const FULL_MEMORY = 50;

/** Utterances too short or too unvoiced to describe her voice are not learnt from. */
export function isUsableUtterance(features: ProsodyFeatures): boolean {
  return features.phonationSec >= 0.8 && features.voicedRatio >= 0.15 && features.pitchHz > 0 && features.syllables >= 2;
}

export function createVoiceBaseline(): VoiceBaseline {
  const features = {} as Record<BaselineFeature, FeatureStats>;
  for (const f of BASELINE_FEATURES) features[f] = { mean: 0, variance: 0 };
  return { version: 1, count: 0, features };
}

/** Learns one utterance (Welford's update, then exponential forgetting). Unusable ones change nothing. */
export function updateVoiceBaseline(baseline: VoiceBaseline, features: ProsodyFeatures): VoiceBaseline {
  if (!isUsableUtterance(features)) return baseline;
  const count = baseline.count + 1;
  const alpha = 1 / Math.min(count, FULL_MEMORY);
  const next = {} as Record<BaselineFeature, FeatureStats>;
  for (const f of BASELINE_FEATURES) {
    const { mean, variance } = baseline.features[f];
    const x = features[f];
    const delta = x - mean;
    const newMean = mean + alpha * delta;
    // West's weighted incremental variance; equals the population variance while alpha = 1/n.
    const newVariance = (1 - alpha) * (variance + alpha * delta * delta);
    next[f] = { mean: newMean, variance: newVariance };
  }
  return { version: 1, count, features: next };
}

/**
 * The reference to compare against: her statistics blended with the prior while they are few.
 * The spread adds the remaining doubt about her true mean, so a fresh baseline yields mild
 * deviations instead of confident ones.
 */
export function effectiveStats(baseline: VoiceBaseline, feature: BaselineFeature): { mean: number; std: number } {
  const prior = PRIOR_BASELINE[feature];
  const n = Math.min(baseline.count, FULL_MEMORY);
  const own = baseline.features[feature];
  const mean = (PRIOR_WEIGHT * prior.mean + n * own.mean) / (PRIOR_WEIGHT + n);
  const within = (PRIOR_WEIGHT * prior.withinStd ** 2 + n * own.variance) / (PRIOR_WEIGHT + n);
  const doubt = (prior.betweenStd ** 2 * PRIOR_WEIGHT) / (PRIOR_WEIGHT + n);
  return { mean, std: Math.max(MIN_STD[feature], Math.sqrt(within + doubt)) };
}

/** Checks a baseline read back from storage; returns a fresh one when it does not fit. */
export function restoreVoiceBaseline(value: unknown): VoiceBaseline {
  const candidate = value as Partial<VoiceBaseline> | null;
  if (!candidate || candidate.version !== 1 || typeof candidate.count !== "number" || !candidate.features) return createVoiceBaseline();
  for (const f of BASELINE_FEATURES) {
    const s = candidate.features[f];
    if (!s || !Number.isFinite(s.mean) || !Number.isFinite(s.variance) || s.variance < 0) return createVoiceBaseline();
  }
  return candidate as VoiceBaseline;
}
