import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { matchReminder, parseReminderCommand, type ReminderCommand } from "./parse-reminder-command.js";

const now = new Date("2026-11-24T02:00:00Z");
const timeZone = "Asia/Shanghai";

const cases: [string, Partial<ReminderCommand> & { kind: ReminderCommand["kind"] }, boolean?][] = [
  ["我有哪些提醒", { kind: "list", lang: "zh" }],
  ["看看我的提醒", { kind: "list", lang: "zh" }],
  ["what are my reminders", { kind: "list", lang: "en" }],
  ["show me my reminders", { kind: "list", lang: "en" }],
  ["取消给妈妈打电话的提醒", { kind: "cancel", lang: "zh", query: "给妈妈打电话" }],
  ["删掉喝水那个提醒", { kind: "cancel", lang: "zh", query: "喝水" }],
  ["不用提醒我喝水了", { kind: "cancel", lang: "zh", query: "喝水" }],
  ["cancel the call mom reminder", { kind: "cancel", lang: "en", query: "call mom" }],
  ["cancel my reminder to water the plants", { kind: "cancel", lang: "en", query: "water the plants" }],
  ["stop reminding me to drink water", { kind: "cancel", lang: "en", query: "drink water" }],
  ["十分钟后再提醒我", { kind: "snooze", lang: "zh", minutes: 10 }],
  ["半小时后再叫我", { kind: "snooze", lang: "zh", minutes: 30 }],
  ["过5分钟再提醒我", { kind: "snooze", lang: "zh", minutes: 5 }],
  ["等会儿再提醒我", { kind: "snooze", lang: "zh", minutes: 10 }],
  ["snooze 10 minutes", { kind: "snooze", lang: "en", minutes: 10 }],
  ["snooze for an hour", { kind: "snooze", lang: "en", minutes: 60 }],
  ["snooze", { kind: "snooze", lang: "en", minutes: 10 }],
  ["remind me again in 5 minutes", { kind: "snooze", lang: "en", minutes: 5 }],
  ["好了", { kind: "done", lang: "zh" }, true],
  ["做完了", { kind: "done", lang: "zh" }, true],
  ["打完了～", { kind: "done", lang: "zh" }, true],
  ["done", { kind: "done", lang: "en" }, true],
  ["提醒我给妈妈打电话", { kind: "clarify", lang: "zh", title: "给妈妈打电话", question: "好呀，要我什么时候提醒你给妈妈打电话？" }],
  ["remind me to call my mom", { kind: "clarify", lang: "en", title: "call my mom", question: "Sure — when should I remind you to call your mom?" }],
];

describe("parseReminderCommand", () => {
  for (const [text, expected, justFired] of cases) {
    it(`${text}${justFired ? " (just fired)" : ""}`, () => {
      const command = parseReminderCommand(text, { now, timeZone, justFired: justFired ?? false });
      assert.ok(command, `no command from "${text}"`);
      for (const [key, value] of Object.entries(expected)) assert.deepEqual((command as Record<string, unknown>)[key], value, key);
    });
  }

  it("creates from a reminder request", () => {
    const command = parseReminderCommand("明天下午三点提醒我给妈妈打电话", { now, timeZone });
    assert.equal(command?.kind, "create");
    assert.equal(command?.kind === "create" && command.request.title, "给妈妈打电话");
  });

  it("20分钟后叫我 is a new reminder, not a snooze", () => {
    assert.equal(parseReminderCommand("20分钟后叫我", { now, timeZone })?.kind, "create");
  });

  for (const text of ["好了", "done", "做完了"]) {
    it(`"${text}" is not a command unless a reminder just fired`, () => {
      assert.equal(parseReminderCommand(text, { now, timeZone, justFired: false }), null);
    });
  }

  for (const text of ["今天好累", "I love this song", "我三点要开会", "你觉得呢"]) {
    it(`not about reminders: "${text}"`, () => {
      assert.equal(parseReminderCommand(text, { now, timeZone }), null);
    });
  }
});

describe("matchReminder", () => {
  const reminders = [
    { id: "aa11bb22", title: "给妈妈打电话", status: "active" },
    { id: "cc33dd44", title: "call mom", status: "active" },
    { id: "ee55ff66", title: "喝水", status: "cancelled" },
  ];
  it("by id, by title words, active only for words", () => {
    assert.equal(matchReminder(reminders, "cc33dd44")?.title, "call mom");
    assert.equal(matchReminder(reminders, "妈妈")?.id, "aa11bb22");
    assert.equal(matchReminder(reminders, "Call Mom")?.id, "cc33dd44");
    assert.equal(matchReminder(reminders, "喝水"), undefined);
    assert.equal(matchReminder(reminders, ""), undefined);
  });
});
