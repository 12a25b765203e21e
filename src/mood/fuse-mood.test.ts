import { test } from "node:test";
import assert from "node:assert/strict";
import { zeroScores, type EmotionLabel } from "../perception/emotion-labels.js";
import { decayWeight, fuseMood, nearestLabel } from "./fuse-mood.js";
import type { MoodEstimate } from "./mood-estimate.js";

const now = new Date("2025-03-01T12:00:00Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

function scored(label: EmotionLabel, p = 0.9) {
  const s = zeroScores();
  s[label] = p;
  s.neutral += 1 - p;
  return s;
}

test("no estimates gives neutral with zero confidence", () => {
  const mood = fuseMood([], now);
  assert.equal(mood.label, "neutral");
  assert.equal(mood.confidence, 0);
  assert.deepEqual(mood.contributions, []);
});

test("decay halves at each modality's half-life and drops very old or future estimates", () => {
  const face = (m: number): MoodEstimate => ({ modality: "face", at: minutesAgo(m), valence: 0, arousal: 0, confidence: 1 });
  assert.equal(decayWeight(face(0), now), 1);
  assert.ok(Math.abs(decayWeight(face(1.5), now) - 0.5) < 1e-9);
  assert.equal(decayWeight(face(60), now), 0);
  assert.equal(decayWeight({ ...face(0), at: new Date(now.getTime() + 60_000) }, now), 0);
  // Text lives longer than a face.
  const text: MoodEstimate = { modality: "text", at: minutesAgo(5), valence: 0, arousal: 0, confidence: 1 };
  assert.ok(decayWeight(text, now) > decayWeight(face(5), now));
});

test("words now outweigh a frown five minutes ago", () => {
  const frown: MoodEstimate = { modality: "face", at: minutesAgo(5), scores: scored("anger"), valence: -0.6, arousal: 0.8, confidence: 0.9 };
  const words: MoodEstimate = { modality: "text", at: now, scores: scored("joy"), valence: 0.7, arousal: 0.6, confidence: 0.7 };
  const mood = fuseMood([frown, words], now);
  assert.equal(mood.label, "joy");
  assert.ok(mood.valence > 0.5, `valence ${mood.valence}`);
  assert.equal(mood.contributions[0]?.modality, "text");
  // The same frown right now pulls valence down a lot more.
  const fresh = fuseMood([{ ...frown, at: now }, words], now);
  assert.ok(fresh.valence < mood.valence - 0.3);
});

test("confidence grows with agreeing evidence and falls when modalities disagree", () => {
  const sadText: MoodEstimate = { modality: "text", at: now, scores: scored("sadness"), valence: -0.7, arousal: 0.3, confidence: 0.6 };
  const sadFace: MoodEstimate = { modality: "face", at: now, scores: scored("sadness"), valence: -0.7, arousal: 0.3, confidence: 0.6 };
  const happyFace: MoodEstimate = { ...sadFace, scores: scored("joy"), valence: 0.8, arousal: 0.6 };
  const one = fuseMood([sadText], now);
  const agree = fuseMood([sadText, sadFace], now);
  const disagree = fuseMood([sadText, happyFace], now);
  assert.ok(agree.confidence > one.confidence);
  assert.ok(disagree.confidence < agree.confidence - 0.2);
  assert.equal(agree.label, "sadness");
});

test("voice drives arousal more than valence, and stress is carried through", () => {
  const text: MoodEstimate = { modality: "text", at: now, scores: scored("neutral", 1), valence: 0, arousal: 0.3, confidence: 0.6 };
  const voice: MoodEstimate = { modality: "voice", at: now, valence: -0.8, arousal: 0.9, confidence: 0.6, stress: 0.8 };
  const mood = fuseMood([text, voice], now);
  assert.ok(mood.arousal > 0.6, `arousal ${mood.arousal}`);
  assert.ok(mood.valence > -0.3, `valence ${mood.valence}`);
  assert.equal(mood.stress, 0.8);
  const shares = mood.contributions.reduce((s, c) => s + c.share, 0);
  assert.ok(Math.abs(shares - 1) < 1e-9);
});

test("without label scores the label comes from the valence/arousal point", () => {
  assert.equal(nearestLabel(-0.75, 0.2), "sadness");
  assert.equal(nearestLabel(0.8, 0.6), "joy");
  assert.equal(nearestLabel(0, 0.3), "neutral");
  const mood = fuseMood([{ modality: "touch", at: now, valence: 0.7, arousal: 0.6, confidence: 0.8 }], now);
  assert.equal(mood.label, "joy");
  assert.equal(mood.scores.joy, 1);
});
