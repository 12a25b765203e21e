import { test } from "node:test";
import assert from "node:assert/strict";
import { decideConsolidation, textSimilarity } from "./consolidation.js";
import type { Memory, MemoryCandidate } from "./memory-types.js";

const src = (ref: string) => ({ ref, at: "2024-05-01T00:00:00Z", speaker: "me", role: "user" as const });
function memory(id: string, over: Partial<Memory>): Memory {
  return {
    id,
    kind: "fact",
    text: "",
    entities: [],
    subject: null,
    speaker: "me",
    eventAt: null,
    saidAt: "2024-05-01T00:00:00Z",
    importance: 0.5,
    createdAt: "2024-05-01T00:00:00Z",
    updatedAt: "2024-05-01T00:00:00Z",
    status: "active",
    supersededBy: null,
    supersededAt: null,
    sources: [src("old")],
    ...over,
  };
}
function candidate(over: Partial<MemoryCandidate>): MemoryCandidate {
  return { kind: "fact", text: "", entities: [], subject: null, speaker: "me", eventAt: null, importance: 0.5, sources: [src("new")], ...over };
}

test("newer supersedes older on the same slot", () => {
  const old = memory("a", { text: "I live in Beijing", subject: "residence", entities: ["me", "Beijing"] });
  const d = decideConsolidation(candidate({ text: "I moved to Shanghai", subject: "residence", entities: ["me", "Shanghai"] }), [old]);
  assert.deepEqual(d, { action: "add", supersedes: ["a"] });
});

test("the same slot with the same value is a merge, not a replacement", () => {
  const old = memory("a", { kind: "person", text: "我妈妈叫李秀英", subject: "relation:mother", entities: ["me", "妈妈", "李秀英"] });
  const d = decideConsolidation(candidate({ kind: "person", text: "我妈叫李秀英，在杭州", subject: "relation:mother", entities: ["me", "妈", "李秀英"] }), [
    old,
  ]);
  assert.equal(d.action, "merge");
});

test("near duplicates are ignored (provenance added by the caller); unrelated ones are added", () => {
  const old = memory("a", { kind: "preference", text: "我喜欢周杰伦的《晴天》" });
  assert.deepEqual(decideConsolidation(candidate({ kind: "preference", text: "我喜欢周杰伦的《晴天》！" }), [old]), {
    action: "ignore",
    targetId: "a",
    reason: "duplicate",
  });
  assert.deepEqual(decideConsolidation(candidate({ kind: "preference", text: "我喜欢吃火锅" }), [old]), { action: "add", supersedes: [] });
  assert.ok(textSimilarity("I love jazz", "I love jazz music") > 0.6);
});

test("the same message imported twice is a no-op; events on different days stay apart", () => {
  const msg = memory("m", { kind: "message", text: "hello there friend", sources: [src("D1:1")] });
  assert.equal(decideConsolidation(candidate({ kind: "message", text: "hello there friend", sources: [src("D1:1")] }), [msg]).action, "ignore");
  const ev = memory("e", { kind: "event", text: "下周三面试", eventAt: "2024-05-08T04:00:00Z" });
  assert.equal(decideConsolidation(candidate({ kind: "event", text: "下周三面试", eventAt: "2024-05-15T04:00:00Z" }), [ev]).action, "add");
});
