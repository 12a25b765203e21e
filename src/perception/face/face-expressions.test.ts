import { test } from "node:test";
import assert from "node:assert/strict";
import { expressionScores, faceExpression, faceMoodSignal } from "./face-expressions.js";

test("face-api expressions map onto the unified labels and normalise", () => {
  const scores = expressionScores({ happy: 0.6, surprised: 0.2, neutral: 0.2, sad: 0, angry: 0, fearful: 0, disgusted: 0 });
  assert.ok(Math.abs(scores.joy - 0.6) < 1e-9);
  assert.ok(Math.abs(scores.surprise - 0.2) < 1e-9);
  const odd = expressionScores({ sad: 2, angry: 2 });
  assert.equal(odd.sadness, 0.5);
  assert.equal(odd.anger, 0.5);
  assert.equal(expressionScores({}).neutral, 1);
  const map = { neutral: "neutral", happy: "joy", sad: "sadness", angry: "anger", fearful: "fear", disgusted: "disgust", surprised: "surprise" } as const;
  for (const [expression, label] of Object.entries(map)) {
    assert.equal(faceExpression({ [expression]: 0.9 }, { x: 0, y: 0, width: 1, height: 1 }, 1).label, label);
  }
});

test("a face's confidence needs both a sure detection and a clear expression", () => {
  const box = { x: 0, y: 0, width: 10, height: 10 };
  assert.equal(faceExpression({ happy: 1 }, box, 0.9).confidence, 0.9);
  assert.equal(faceExpression({ happy: 0.5, sad: 0.5 }, box, 1).confidence, 0.5);
});

test("the mood signal comes from the largest face", () => {
  const small = faceExpression({ angry: 1 }, { x: 0, y: 0, width: 20, height: 20 }, 0.99);
  const large = faceExpression({ happy: 1 }, { x: 100, y: 0, width: 80, height: 90 }, 0.95);
  const signal = faceMoodSignal([small, large])!;
  assert.equal(signal.scores.joy, 1);
  assert.ok(signal.valence > 0.5);
  assert.equal(signal.confidence, 0.95);
  assert.equal(faceMoodSignal([]), undefined);
});
