import { test } from "node:test";
import assert from "node:assert/strict";
import { benchMemoryRecall } from "./recall-bench.js";

test("recall on the zh and en multi-session fixtures beats plain BM25 over raw messages", async () => {
  const result = await benchMemoryRecall({ k: 10 });
  for (const language of result.languages) {
    assert.ok(language.questions >= 40, `${language.language}: at least 40 questions`);
    assert.ok(
      language.hitRate > language.baselineHitRate,
      `${language.language}: ${language.hitRate.toFixed(3)} should beat the baseline ${language.baselineHitRate.toFixed(3)}`,
    );
  }
  assert.ok(result.hitRate >= 0.7, `overall hit rate ${result.hitRate.toFixed(3)} is below the 0.70 bar`);
});
