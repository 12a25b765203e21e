import { test } from "node:test";
import assert from "node:assert/strict";
import { benchMemoryRecall } from "./recall-bench.js";

test("recall on the zh and en multi-session fixtures beats plain BM25 over raw messages", async () => {
  const result = await benchMemoryRecall({ k: 10 });
  for (const language of result.languages) {
    assert.ok(language.questions >= 40, `${language.fixture}: at least 40 questions`);
    assert.ok(
      language.hitRate > language.baselineHitRate,
      `${language.fixture}: ${language.hitRate.toFixed(3)} should beat the baseline ${language.baselineHitRate.toFixed(3)}`,
    );
  }
  assert.ok(result.hitRate >= 0.7, `overall hit rate ${result.hitRate.toFixed(3)} is below the 0.70 bar`);
});

test("the long LoCoMo-like English fixture: ≥ 0.70 and well clear of BM25, temporal and multi-hop included", async () => {
  const result = await benchMemoryRecall({ k: 10, fixtures: ["en-long"] });
  const long = result.languages[0]!;
  assert.equal(long.fixture, "en-long");
  assert.ok(long.questions >= 80, "at least 80 questions");
  assert.ok(long.hitRate >= 0.7, `en-long hit rate ${long.hitRate.toFixed(3)} is below 0.70`);
  assert.ok(long.hitRate >= long.baselineHitRate + 0.3, `en-long ${long.hitRate.toFixed(3)} should beat BM25 ${long.baselineHitRate.toFixed(3)} by 0.30`);
  for (const kind of ["single-hop", "temporal", "multi-hop"]) {
    const k = long.byKind[kind]!;
    assert.ok(k.hitRate > k.baselineHitRate, `${kind}: ${k.hitRate.toFixed(3)} should beat BM25 ${k.baselineHitRate.toFixed(3)}`);
  }
});
