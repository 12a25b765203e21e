import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { EMOTION_LABELS } from "../emotion-labels.js";
import { sharedPath } from "../../testing/paths.js";
import { loadHeldOut } from "./corpora.js";
import { classificationReport } from "./metrics.js";
import { loadTextEmotionClassifier } from "./text-emotion-classifier.js";

const classifier = loadTextEmotionClassifier();

function assertWellFormed(r: ReturnType<typeof classifier.classify>): void {
  const sum = EMOTION_LABELS.reduce((s, l) => s + r.scores[l], 0);
  assert.ok(Math.abs(sum - 1) < 1e-6, `scores sum to ${sum}`);
  assert.ok(EMOTION_LABELS.includes(r.label));
  assert.ok(r.valence >= -1 && r.valence <= 1);
  assert.ok(r.arousal >= 0 && r.arousal <= 1);
  assert.ok(r.confidence >= 0 && r.confidence <= 1);
}

test("clear zh and en utterances get the obvious label", () => {
  const cases: [string, string][] = [
    ["今天好开心啊[哈哈]", "joy"],
    ["我好难过，一直在哭[泪]", "sadness"],
    ["I am so happy for you!", "joy"],
    ["This is disgusting", "disgust"],
    ["I'm scared of the dark", "fear"],
  ];
  for (const [text, label] of cases) {
    const r = classifier.classify(text);
    assertWellFormed(r);
    assert.equal(r.label, label, text);
  }
  assert.equal(classifier.classify("我好难过").lang, "zh");
  assert.ok(classifier.classify("我好难过[泪]").valence < 0);
  assert.ok(classifier.classify("太棒了，开心！").valence > 0);
});

test("odd input never throws and stays well-formed", () => {
  for (const text of ["", "   ", "😂😂😂", "[泪]", "？？？", "a", "x".repeat(200_000), "今天".repeat(50_000), "\u0000\uFFFF\uD800"]) {
    const r = classifier.classify(text);
    assertWellFormed(r);
  }
  const empty = classifier.classify("");
  assert.equal(empty.label, "neutral");
  assert.equal(empty.confidence, 0);
});

test("held-out quality stays above the project bars", { skip: !existsSync(sharedPath("datasets")) }, () => {
  const held = loadHeldOut(sharedPath("datasets"));
  for (const lang of ["en", "zh"] as const) {
    const gold = held[lang].map((e) => e.labels[0]!);
    const pred = held[lang].map((e) => classifier.classify(e.text).label);
    const r = classificationReport(gold, pred);
    console.log(`${lang} held-out n=${r.n}: accuracy ${r.accuracy.toFixed(4)} macro-F1 ${r.macroF1.toFixed(4)}`);
    if (lang === "en") assert.ok(r.macroF1 >= 0.52, `en macro-F1 ${r.macroF1}`);
    else assert.ok(r.accuracy >= 0.57, `zh accuracy ${r.accuracy}`);
  }
});
