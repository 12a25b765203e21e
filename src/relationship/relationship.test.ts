import { test } from "node:test";
import assert from "node:assert/strict";
import { applyTalkPreference, emptyPreferences, parseTalkPreference, relationshipPromptLines, relationshipStage, relationshipState } from "./relationship.js";

test("the relationship moves from new to warming to close with both time and talk", () => {
  assert.equal(relationshipStage({ firstMetAt: null, activeDays: 0, userMessages: 0, memories: 0 }), "new");
  assert.equal(relationshipStage({ firstMetAt: new Date(), activeDays: 1, userMessages: 500, memories: 40 }), "new");
  assert.equal(relationshipStage({ firstMetAt: new Date(), activeDays: 5, userMessages: 40, memories: 5 }), "warming");
  assert.equal(relationshipStage({ firstMetAt: new Date(), activeDays: 30, userMessages: 100, memories: 5 }), "warming");
  assert.equal(relationshipStage({ firstMetAt: new Date(), activeDays: 30, userMessages: 400, memories: 50 }), "close");
  const state = relationshipState(
    { firstMetAt: new Date("2026-11-01T10:00:00Z"), activeDays: 10, userMessages: 80, memories: 12 },
    emptyPreferences,
    new Date("2026-11-24T10:00:00Z"),
  );
  assert.equal(state.daysTogether, 24);
  assert.match(relationshipPromptLines(state)[0]!, /熟起来/);
});

test("her words about how to talk to her are understood, in zh and en", () => {
  assert.deepEqual(parseTalkPreference("以后叫我小鱼吧", "zh"), { kind: "nickname", nickname: "小鱼" });
  assert.deepEqual(parseTalkPreference("你可以叫我阿星", "zh"), { kind: "nickname", nickname: "阿星" });
  assert.deepEqual(parseTalkPreference("别叫我宝贝", "zh"), { kind: "note", note: "不要叫她「宝贝」" });
  assert.equal(parseTalkPreference("说话简短一点", "zh")?.kind, "note");
  assert.deepEqual(parseTalkPreference("call me Jo", "en"), { kind: "nickname", nickname: "Jo" });
  assert.equal(parseTalkPreference("please don't use so many emoji", "en")?.kind, "note");
  assert.equal(parseTalkPreference("你叫我什么", "zh"), null);
  assert.equal(parseTalkPreference("妈妈叫我回家吃饭了", "zh"), null);
  assert.equal(parseTalkPreference("明天叫我起床", "zh"), null);
  assert.equal(parseTalkPreference("don't forget the milk", "en"), null);
  let prefs = applyTalkPreference(emptyPreferences, { kind: "nickname", nickname: "小鱼" });
  prefs = applyTalkPreference(prefs, { kind: "note", note: "不要叫她「宝贝」" });
  const lines = relationshipPromptLines({ stage: "new", preferences: prefs });
  assert.ok(lines.some((l) => l.includes("小鱼")));
  assert.ok(lines.some((l) => l.includes("宝贝")));
});
