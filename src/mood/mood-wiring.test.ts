// How perception feeds mood: each modality's output is spread into an estimate with its modality
// and time. Uses the pure parts only (no models, no audio).
import { test } from "node:test";
import assert from "node:assert/strict";
import { faceExpression, faceMoodSignal } from "../perception/face/face-expressions.js";
import { interpretTouch } from "../perception/touch/touch-signal.js";
import { estimateVoice } from "../perception/voice/voice-estimate.js";
import { createVoiceBaseline, updateVoiceBaseline } from "../perception/voice/voice-baseline.js";
import type { ProsodyFeatures } from "../perception/voice/prosody.js";
import { fuseMood } from "./fuse-mood.js";
import { parseMoodEstimate, type MoodEstimate } from "./mood-estimate.js";
import { expressionForMood } from "./expression-for-mood.js";
import { moodPromptLine } from "./mood-prompt-line.js";

const now = new Date("2025-03-01T23:40:00+08:00");

const usual: ProsodyFeatures = {
  durationSec: 3,
  speechSpanSec: 2.6,
  phonationSec: 2.4,
  voicedRatio: 0.55,
  pitchHz: 210,
  pitchSt: 12.8,
  pitchVariationSt: 2.2,
  pitchRangeSt: 5,
  energyDb: -26,
  energyVariationDb: 8,
  syllableRate: 4.6,
  speechRate: 4.3,
  syllables: 11,
  pauseCount: 1,
  pauseRatio: 0.08,
  meanPauseSec: 0.2,
};

test("a tired voice, a sad face and a long hug fuse into a low, tired mood", () => {
  let baseline = createVoiceBaseline();
  for (let i = 0; i < 10; i++)
    baseline = updateVoiceBaseline(baseline, {
      ...usual,
      pitchSt: usual.pitchSt + ((i % 3) - 1) * 0.7,
      syllableRate: usual.syllableRate + ((i % 2) - 0.5) * 0.5,
    });
  const voice = estimateVoice({ ...usual, pitchSt: 11, pitchVariationSt: 1.2, energyDb: -31, syllableRate: 3.3, pauseRatio: 0.3 }, baseline);
  const face = faceMoodSignal([faceExpression({ sad: 0.8, neutral: 0.2 }, { x: 10, y: 10, width: 120, height: 150 }, 0.95)])!;
  const touch = interpretTouch([{ pattern: "hug", durationMs: 6000, pressure: 0.7, at: new Date(now.getTime() - 4000) }], now);

  const estimates: MoodEstimate[] = [
    parseMoodEstimate({ modality: "voice", at: now, ...voice }),
    parseMoodEstimate({ modality: "face", at: new Date(now.getTime() - 30_000), ...face }),
    parseMoodEstimate({ modality: "touch", at: now, ...touch }),
  ];
  const mood = fuseMood(estimates, now);
  assert.equal(mood.label, "sadness");
  assert.ok(mood.valence < -0.3, `valence ${mood.valence}`);
  assert.ok(mood.arousal < 0.35, `arousal ${mood.arousal}`);
  assert.ok(mood.confidence > 0.5, `confidence ${mood.confidence}`);
  assert.equal(expressionForMood(mood), "concerned");
  assert.match(moodPromptLine(mood, "zh"), /^（她现在.+情绪偏低）$/);
});
