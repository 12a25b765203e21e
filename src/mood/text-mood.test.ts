// Her words move the mood: the shipped text emotion weights (real model, real jieba) into the real fusion,
// on plain conversational Chinese as she would say it to the device, not Weibo posts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadTextEmotionClassifier } from "../perception/text-emotion/text-emotion-classifier.js";
import { fuseMood } from "./fuse-mood.js";
import type { MoodEstimate } from "./mood-estimate.js";

const classifier = loadTextEmotionClassifier();
const now = new Date("2026-03-01T21:30:00+08:00");

function estimate(text: string, secondsAgo: number): MoodEstimate {
  const r = classifier.classify(text);
  return {
    modality: "text",
    at: new Date(now.getTime() - secondsAgo * 1000),
    scores: r.scores,
    valence: r.valence,
    arousal: r.arousal,
    confidence: r.confidence,
  };
}

const plain = ["今天去超市买了点菜", "我刚下班，在回家的路上"];

test("a sad conversational turn moves the mood down", () => {
  const before = fuseMood(
    plain.map((t, i) => estimate(t, 60 * (i + 1))),
    now,
  );
  for (const sad of ["唉，我今天被老板骂了，心里特别难受", "我好想哭，感觉没有人在乎我", "他走了以后我一直很难过"]) {
    const r = classifier.classify(sad);
    assert.ok(r.valence < 0, `${sad}: valence ${r.valence.toFixed(2)}`);
    const after = fuseMood([estimate(sad, 0), ...plain.map((t, i) => estimate(t, 60 * (i + 1)))], now);
    assert.ok(after.valence < before.valence - 0.1, `${sad}: mood valence ${before.valence.toFixed(2)} → ${after.valence.toFixed(2)}`);
    assert.ok(["sadness", "fear", "anger", "disgust"].includes(after.label), `${sad}: mood ${after.label}`);
  }
});

test("an anxious conversational turn moves the mood down and up in arousal", () => {
  const calm = fuseMood([estimate(plain[0]!, 30)], now);
  for (const anxious of ["明天就要面试了，我好紧张，一直睡不着", "我好害怕，心一直慌慌的"]) {
    const after = fuseMood([estimate(anxious, 0), estimate(plain[0]!, 30)], now);
    assert.ok(after.valence < calm.valence, `${anxious}: valence ${calm.valence.toFixed(2)} → ${after.valence.toFixed(2)}`);
    assert.ok(after.arousal > calm.arousal, `${anxious}: arousal ${calm.arousal.toFixed(2)} → ${after.arousal.toFixed(2)}`);
  }
});
