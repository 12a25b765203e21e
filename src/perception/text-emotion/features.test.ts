import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_FEATURE_CONFIG, extractFeatures } from "./features.js";

const ctx = [
  { text: "怎么了？", self: false },
  { text: "我被裁员了", self: true },
];
const norm = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

test("without context turns in the config, earlier turns change nothing", () => {
  const alone = extractFeatures("还好吧", "zh", DEFAULT_FEATURE_CONFIG);
  const given = extractFeatures("还好吧", "zh", DEFAULT_FEATURE_CONFIG, undefined, ctx);
  assert.deepEqual(given, alone);
  assert.ok(Math.abs(norm(alone.val) - 1) < 1e-6);
});

test("context turns add their own features, each with the configured weight, after the utterance's own", () => {
  const cfg = { ...DEFAULT_FEATURE_CONFIG, contextTurns: 2, contextWeight: 0.5 };
  const alone = extractFeatures("还好吧", "zh", cfg);
  const one = extractFeatures("还好吧", "zh", { ...cfg, contextTurns: 1 }, undefined, ctx);
  const two = extractFeatures("还好吧", "zh", cfg, undefined, ctx);
  assert.ok(alone.idx.length < one.idx.length && one.idx.length < two.idx.length);
  for (let i = 1; i < two.idx.length; i++) assert.ok(two.idx[i - 1]! < two.idx[i]!, "indices sorted and unique");
  // Own part norm 1, each turn norm 0.5 (hash collisions aside): total ≈ √(1 + 0.25 + 0.25).
  assert.ok(Math.abs(norm(two.val) - Math.sqrt(1.5)) < 0.05, `norm ${norm(two.val)}`);
  // Who said it matters: the same words from her or from the other side are different features.
  const other = extractFeatures("还好吧", "zh", { ...cfg, contextTurns: 1 }, undefined, [{ text: "我被裁员了", self: false }]);
  const self = extractFeatures("还好吧", "zh", { ...cfg, contextTurns: 1 }, undefined, [{ text: "我被裁员了", self: true }]);
  assert.notDeepEqual(other.idx, self.idx);
  // An utterance with no features of its own stays empty whatever came before.
  assert.equal(extractFeatures("", "zh", cfg, undefined, ctx).idx.length, 0);
});
