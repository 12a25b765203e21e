import { test } from "node:test";
import assert from "node:assert/strict";
import { extractByRules, isForgetRequest } from "./rule-extraction.js";
import type { ConversationMessage } from "./memory-types.js";

const now = new Date("2024-05-03T12:00:00Z");
const msg = (text: string, ref = "m1"): ConversationMessage => ({ ref, speaker: "我", text, at: "2024-05-03T12:00:00Z", role: "user" });

test("preferences, people and feelings in Chinese, each citing its message", () => {
  const pref = extractByRules(msg("我喜欢周杰伦的《晴天》"), now, { tzOffsetMinutes: 480 });
  assert.equal(pref.length, 1, "the preference stands for the whole message");
  assert.equal(pref[0]!.kind, "preference");
  assert.ok(pref[0]!.entities.includes("晴天") && pref[0]!.entities.includes("周杰伦"));
  assert.deepEqual(
    pref[0]!.sources.map((s) => s.ref),
    ["m1"],
  );

  const mother = extractByRules(msg("对了，我妈妈叫李秀英，她很会做饭"), now).find((c) => c.kind === "person");
  assert.ok(mother);
  assert.equal(mother.subject, "relation:mother");
  assert.ok(mother.entities.includes("李秀英"));

  const interview = extractByRules(msg("下周三面试，好紧张"), now, { tzOffsetMinutes: 480 });
  const event = interview.find((c) => c.kind === "event");
  assert.ok(event?.eventAt?.startsWith("2024-05-08"));
  const feeling = interview.find((c) => c.kind === "feeling");
  assert.ok(feeling?.entities.includes("面试"), "the feeling is linked to the interview");
});

test("English patterns: preference, relation, residence, past event", () => {
  const at = "2023-05-08T13:56:00Z";
  const m = (text: string): ConversationMessage => ({ ref: "D1:3", speaker: "Caroline", text, at, role: "user" });
  assert.equal(extractByRules(m("I love jazz."), now)[0]!.kind, "preference");
  const sister = extractByRules(m("My sister Anna is visiting next week."), now).find((c) => c.kind === "person");
  assert.equal(sister?.subject, "relation:sister:Anna");
  assert.equal(extractByRules(m("I moved to Shanghai."), now).find((c) => c.subject === "residence")?.kind, "fact");
  const past = extractByRules(m("Last Saturday I went to an LGBTQ support group."), now).find((c) => c.kind === "event");
  assert.ok(past?.eventAt?.startsWith("2023-05-06"));
  assert.ok(extractByRules(m("I'd like that, thanks"), now).every((c) => c.kind !== "preference"));
});

test("assistant messages are kept as episodes but never mined for facts; forget requests yield nothing", () => {
  const said = extractByRules({ ref: "a1", speaker: "Guimi", text: "我喜欢听你讲今天的事", at: now, role: "assistant" }, now);
  assert.deepEqual(
    said.map((c) => c.kind),
    ["message"],
  );
  assert.equal(extractByRules(msg("别记这个"), now).length, 0);
  assert.ok(isForgetRequest("forget that, please"));
  assert.ok(!isForgetRequest("I never forget my friends"));
});
