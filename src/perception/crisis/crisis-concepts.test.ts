import { test } from "node:test";
import assert from "node:assert/strict";
import { conceptKeys, mapConceptTerms } from "./crisis-concepts.js";
import { crisisFeatures, DEFAULT_CRISIS_FEATURES, normalizeCrisisText } from "./crisis-features.js";

const keys = (text: string) => conceptKeys(normalizeCrisisText(text));

test("different wordings of one thought share their concept keys", () => {
  for (const t of ["我好想解脱", "我想了结", "我真想离开这个世界", "俺只想早点死", "我準備好去死了"]) assert.ok(keys(t).includes("k3:first>want>death"), t);
  assert.ok(keys("药都攒够了").includes("k:method"));
  assert.ok(keys("我就是家里的负担").includes("k2:first>hopeless"));
  // English text has none (see crisis-concepts.ts); mixed text reads its Chinese.
  assert.deepEqual(keys("i want to die"), []);
  assert.ok(keys("我真的 want to die，好想解脱").includes("k2:want>death"));
});

test("order and clauses matter: a class pair is read within one clause, in order", () => {
  assert.ok(keys("不想活了").includes("k2:neg>life"));
  assert.ok(!keys("活着，不").includes("k2:life>neg"));
  assert.ok(!keys("我很好。明天去死海旅游").includes("k2:first>death"));
  assert.ok(keys("他自杀了").includes("k2:other>death"));
  assert.deepEqual(keys("今天的会开完了"), ["k:time"]);
  assert.deepEqual(keys(""), []);
});

test("concept features are bounded on long text and off for older model files", () => {
  const long = "我想死，好累哈哈哈 lol ".repeat(100);
  assert.ok(keys(long).length < 200);
  const on = crisisFeatures("我想死", DEFAULT_CRISIS_FEATURES);
  const off = crisisFeatures("我想死", { ...DEFAULT_CRISIS_FEATURES, concepts: undefined });
  assert.ok(on.idx.length > off.idx.length);
  // Unit length either way, the concept features weighing more than one n-gram.
  for (const v of [on, off]) assert.ok(Math.abs(v.val.reduce((a, x) => a + x * x, 0) - 1) < 1e-5);
  assert.ok(Math.max(...on.val) > Math.min(...on.val));
});

test("each text position is read once, as the longest term there", () => {
  // "不想再" gives up (not also 'not' and 'want'), "拖累" is a burden (not also tired), "活动" an ad (not living).
  assert.deepEqual(keys("不想再拖累"), ["k:giveup", "k2:giveup>hopeless", "k:hopeless"]);
  assert.deepEqual(keys("活动"), ["k:ad"]);
  assert.deepEqual(
    mapConceptTerms("我太累了，不想再拖累家人", (_term, cls) => `[${cls}]`),
    "[first]太[tired]了，[giveup][hopeless][family]",
  );
});
