import { test } from "node:test";
import assert from "node:assert/strict";
import { compactTurns } from "./compaction.js";
import type { ChatTurn } from "./language-model.js";

const turns: ChatTurn[] = [];
for (let i = 0; i < 10; i++) {
  turns.push({ role: "user", text: `[11月24日 周二 23:4${i}]\n第${i}件事。还有别的` });
  turns.push({ role: "assistant", text: `回复${i}` });
}

test("keeps the newest exchanges verbatim and folds older user turns into the summary", () => {
  const result = compactTurns("早先：她在准备面试", turns, 6);
  assert.ok(result);
  assert.equal(result.kept.length, 6);
  assert.equal(result.kept[0]?.role, "user");
  assert.equal(result.kept[0]?.text, turns[14]?.text);
  assert.match(result.summary, /^早先：她在准备面试 她说过：第0件事。；第1件事。/);
  assert.doesNotMatch(result.summary, /11月24日/); // context lines are not worth keeping
});

test("nothing to fold gives null, and the summary stays bounded", () => {
  assert.equal(compactTurns(null, turns.slice(0, 4), 6), null);
  const long = compactTurns("x".repeat(2000), turns, 2);
  assert.ok(long && long.summary.length <= 601);
});
