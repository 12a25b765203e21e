import { test } from "node:test";
import assert from "node:assert/strict";
import { expressionForMood } from "./expression-for-mood.js";
import { moodPromptLine } from "./mood-prompt-line.js";
import type { Mood } from "./fuse-mood.js";
import { zeroScores } from "../perception/emotion-labels.js";

function mood(partial: Partial<Mood>): Mood {
  return {
    label: "neutral",
    valence: 0,
    arousal: 0.3,
    confidence: 0.8,
    scores: zeroScores(),
    contributions: [{ modality: "voice", count: 1, share: 1, valence: 0, arousal: 0.3, confidence: 0.8, newestAgeSeconds: 0 }],
    at: new Date("2025-03-01T12:00:00Z"),
    ...partial,
  };
}

test("expressionForMood maps moods to screen faces, activity first", () => {
  assert.equal(expressionForMood(mood({ label: "joy", valence: 0.7, arousal: 0.6 })), "happy");
  assert.equal(expressionForMood(mood({ label: "sadness", valence: -0.6, arousal: 0.3 })), "concerned");
  assert.equal(expressionForMood(mood({ label: "neutral", valence: 0, arousal: 0.1 })), "sleepy");
  assert.equal(expressionForMood(mood({ label: "surprise", valence: 0.2, arousal: 0.85 })), "surprised");
  assert.equal(expressionForMood(mood({ valence: 0.1, stress: 0.8 })), "concerned");
  assert.equal(expressionForMood(mood({})), "calm");
  assert.equal(expressionForMood(mood({ label: "sadness", valence: -0.6, confidence: 0.1 })), "calm");
  assert.equal(expressionForMood(mood({ label: "joy", valence: 0.7 }), { activity: "listening" }), "listening");
  assert.equal(expressionForMood(mood({}), { activity: "thinking" }), "thinking");
});

test("moodPromptLine says how she sounds, in zh and en, and nothing when unsure", () => {
  const tiredLow = mood({ label: "sadness", valence: -0.5, arousal: 0.15 });
  assert.equal(moodPromptLine(tiredLow, "zh"), "（她现在听起来很疲惫，情绪偏低）");
  assert.equal(moodPromptLine(tiredLow, "en"), "(she sounds tired and a bit low)");
  assert.equal(moodPromptLine({ ...tiredLow, confidence: 0.2 }, "zh"), "");
  const happyFace = mood({
    label: "joy",
    valence: 0.7,
    arousal: 0.6,
    contributions: [{ modality: "face", count: 1, share: 1, valence: 0.7, arousal: 0.6, confidence: 0.9, newestAgeSeconds: 0 }],
  });
  assert.equal(moodPromptLine(happyFace, "zh"), "（她现在看起来心情不错）");
  assert.equal(moodPromptLine(happyFace, "en"), "(she looks in a good mood)");
  assert.equal(moodPromptLine(mood({ stress: 0.7 }), "en"), "(she sounds tense)");
  assert.equal(moodPromptLine(mood({}), "zh"), "（她现在听起来情绪平稳）");
});
