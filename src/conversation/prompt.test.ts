import { test } from "node:test";
import assert from "node:assert/strict";
import { buildSystemPrompt, buildUserTurn, formatLocalTime } from "./prompt.js";
import { defaultPersona, parsePersona } from "./persona.js";
import { detectLanguage } from "../kernel/lang.js";

const now = new Date("2026-11-24T15:40:00Z");

test("the system prompt depends only on the persona, never on time, mood or memories", () => {
  const a = buildSystemPrompt(defaultPersona);
  assert.equal(a, buildSystemPrompt(defaultPersona));
  assert.match(a, /小蜜/);
  assert.doesNotMatch(a, /2026|11月24日|23:40/);
});

test("persona name, avoided topics and boundaries reach the system prompt", () => {
  const persona = parsePersona({ name: { zh: "糖糖" }, avoidTopics: ["前任"], boundaries: ["不要叫我宝贝"] });
  const prompt = buildSystemPrompt(persona);
  assert.match(prompt, /糖糖/);
  assert.match(prompt, /Mimi/); // the en name keeps its default
  assert.match(prompt, /前任/);
  assert.match(prompt, /不要叫我宝贝/);
});

test("bad persona files name the field", () => {
  assert.throws(() => parsePersona({ name: { zh: "" } }), /name\.zh/);
  assert.throws(() => parsePersona({ avoidTopics: "x" }), /avoidTopics/);
  assert.throws(() => parsePersona({ unknownKey: 1 }), /unknownKey|Unrecognized/);
});

test("time, mood and memories go into the newest user turn, in her time zone and language", () => {
  const zh = buildUserTurn("今天好累", {
    now,
    timeZone: "Asia/Shanghai",
    lang: "zh",
    mood: "她听起来很疲惫",
    memories: ["她喜欢周杰伦的《晴天》", ""],
  });
  assert.equal(zh, "[11月24日 周二 23:40｜她听起来很疲惫｜你记得：她喜欢周杰伦的《晴天》]\n今天好累");
  const en = buildUserTurn("so tired", { now, timeZone: "America/New_York", lang: "en" });
  assert.equal(en, "[Tue, Nov 24, 10:40]\nso tired");
});

test("a flowing conversation leaves the time out; with nothing to add the turn is just her words", () => {
  assert.equal(buildUserTurn("嗯嗯", { now, timeZone: "Asia/Shanghai", lang: "zh", omitTime: true }), "嗯嗯");
  assert.equal(buildUserTurn("嗯嗯", { now, timeZone: "Asia/Shanghai", lang: "zh", omitTime: true, mood: "她有点低落" }), "[她有点低落]\n嗯嗯");
});

test("formatLocalTime crosses midnight by time zone", () => {
  assert.equal(formatLocalTime(new Date("2026-11-24T16:30:00Z"), "Asia/Shanghai", "zh"), "11月25日 周三 00:30");
});

test("language detection follows what carries the message", () => {
  assert.equal(detectLanguage("今天好累啊"), "zh");
  assert.equal(detectLanguage("I had such a long day"), "en");
  assert.equal(detectLanguage("今天的 meeting 好长"), "zh");
  assert.equal(detectLanguage("ok so the 会议 was long and boring"), "en");
  assert.equal(detectLanguage("😂😂", "en"), "en");
  assert.equal(detectLanguage("", "zh"), "zh");
});
