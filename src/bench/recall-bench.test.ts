// The recall benchmark's harness (figures come from `guimi bench memory`, not from here): it imports each
// fixture through the CLI path, asks every question, and reports per kind against the BM25 baseline.
import { test } from "node:test";
import assert from "node:assert/strict";
import { benchMemoryRecall } from "./recall-bench.js";

test("the recall harness scores every question of a fixture, with the BM25 baseline beside it", async () => {
  const result = await benchMemoryRecall({ k: 10, fixtures: ["zh"] });
  const zh = result.languages[0]!;
  assert.equal(zh.fixture, "zh");
  assert.ok(zh.questions >= 40, "every question of the fixture is asked");
  for (const rate of [zh.hitRate, zh.baselineHitRate, result.hitRate]) assert.ok(rate >= 0 && rate <= 1);
  // Memory search must find something for most questions, or the harness is not reaching the store.
  assert.ok(zh.hitRate > 0.5, `hit rate ${zh.hitRate.toFixed(3)}: the harness is not reaching the memories`);
});
