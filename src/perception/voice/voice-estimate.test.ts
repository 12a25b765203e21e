import { test } from "node:test";
import assert from "node:assert/strict";
import type { ProsodyFeatures } from "./prosody.js";
import { createVoiceBaseline, effectiveStats, restoreVoiceBaseline, updateVoiceBaseline } from "./voice-baseline.js";
import { estimateVoice } from "./voice-estimate.js";

function features(overrides: Partial<ProsodyFeatures>): ProsodyFeatures {
  return {
    durationSec: 3,
    speechSpanSec: 2.6,
    phonationSec: 2.4,
    voicedRatio: 0.55,
    pitchHz: 200,
    pitchSt: 12,
    pitchVariationSt: 2,
    pitchRangeSt: 5,
    energyDb: -25,
    energyVariationDb: 8,
    syllableRate: 4.5,
    speechRate: 4.2,
    syllables: 11,
    pauseCount: 1,
    pauseRatio: 0.08,
    meanPauseSec: 0.2,
    ...overrides,
  };
}

function learnt(values: Partial<ProsodyFeatures>[]) {
  return values.reduce((b, v) => updateVoiceBaseline(b, features(v)), createVoiceBaseline());
}

test("the baseline learns her mean and spread, and ignores unusable utterances", () => {
  const baseline = learnt([{ pitchSt: 11 }, { pitchSt: 12 }, { pitchSt: 13 }]);
  assert.equal(baseline.count, 3);
  assert.ok(Math.abs(baseline.features.pitchSt.mean - 12) < 1e-9);
  assert.ok(Math.abs(baseline.features.pitchSt.variance - 2 / 3) < 1e-9);
  const same = updateVoiceBaseline(baseline, features({ phonationSec: 0.3 }));
  assert.equal(same, baseline);
  // With few utterances the prior still pulls; with many, her own values dominate.
  const many = learnt(Array.from({ length: 40 }, (_, i) => ({ pitchSt: 11 + (i % 3) })));
  assert.ok(Math.abs(effectiveStats(many, "pitchSt").mean - 12) < Math.abs(effectiveStats(baseline, "pitchSt").mean - 12));
  assert.ok(Math.abs(effectiveStats(many, "pitchSt").mean - 12) < 0.3);
});

test("the baseline survives a JSON round trip and bad stored data resets it", () => {
  const baseline = learnt([{}, { pitchSt: 13 }]);
  assert.deepEqual(restoreVoiceBaseline(JSON.parse(JSON.stringify(baseline))), baseline);
  assert.equal(restoreVoiceBaseline({ version: 2 }).count, 0);
  assert.equal(restoreVoiceBaseline(null).count, 0);
});

test("relative to her baseline: faster/higher is aroused, slower/lower/flatter is tired", () => {
  const baseline = learnt(
    Array.from({ length: 8 }, (_, i) => ({ pitchSt: 12 + ((i % 3) - 1) * 0.8, syllableRate: 4.5 + ((i % 4) - 1.5) * 0.3, energyDb: -25 + (i % 2) })),
  );
  const usual = estimateVoice(features({}), baseline);
  const excited = estimateVoice(features({ pitchSt: 15, syllableRate: 6, energyDb: -21, pitchVariationSt: 3.5 }), baseline);
  const tired = estimateVoice(features({ pitchSt: 10, syllableRate: 3.2, energyDb: -30, pitchVariationSt: 1.2, pauseRatio: 0.3 }), baseline);
  assert.ok(Math.abs(usual.arousal - 0.4) < 0.1, `usual ${usual.arousal}`);
  assert.ok(excited.arousal > usual.arousal + 0.25);
  assert.ok(tired.arousal < usual.arousal - 0.2);
  assert.ok(tired.fatigue > 0.6 && tired.fatigue > excited.fatigue);
  assert.ok(tired.valence < usual.valence);
  // Pressed speech (high, fast, loud, flat) reads as stress more than lively speech does.
  const pressed = estimateVoice(features({ pitchSt: 15, syllableRate: 6, energyDb: -21, pitchVariationSt: 1.2 }), baseline);
  assert.ok(pressed.stress > excited.stress);
});

test("the same voice is 'high' for one person and 'low' for another", () => {
  const deepVoice = learnt(Array.from({ length: 6 }, (_, i) => ({ pitchSt: 2 + (i % 2) })));
  const highVoice = learnt(Array.from({ length: 6 }, (_, i) => ({ pitchSt: 16 + (i % 2) })));
  const utterance = features({ pitchSt: 9 });
  assert.ok(estimateVoice(utterance, deepVoice).deviations.pitchSt > 2);
  assert.ok(estimateVoice(utterance, highVoice).deviations.pitchSt < -2);
});

test("confidence grows with the baseline and is zero for unusable audio", () => {
  const utterance = features({});
  const cold = estimateVoice(utterance, createVoiceBaseline());
  const warm = estimateVoice(utterance, learnt(Array.from({ length: 12 }, () => ({}))));
  assert.ok(cold.confidence <= 0.15);
  assert.ok(warm.confidence > 0.45);
  assert.equal(estimateVoice(features({ phonationSec: 0.2, syllables: 1 }), learnt([{}, {}])).confidence, 0);
});
