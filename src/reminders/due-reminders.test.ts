import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { evaluateDueReminders, nextWakeAt } from "./due-reminders.js";
import { nextOccurrence } from "./recurrence.js";
import type { Reminder } from "./reminder.js";
import { cancelReminder, completeReminder, snoozeReminder } from "./reminder-transitions.js";
import { formatMissedNotice } from "./reminder-wording.js";

const SH = "Asia/Shanghai";
const t = (iso: string) => new Date(iso);

function reminder(over: Partial<Reminder> = {}): Reminder {
  return {
    id: "r1",
    title: "给妈妈打电话",
    lang: "zh",
    dueAt: t("2026-11-25T07:00:00Z"), // 15:00 Shanghai
    timeZone: SH,
    status: "active",
    createdAt: t("2026-11-24T02:00:00Z"),
    ...over,
  };
}

/** Applies outcomes the way the store does, so repeated checks see the advanced state. */
function apply(reminders: Reminder[], outcomes: { reminder: Reminder }[]): Reminder[] {
  return reminders.map((r) => outcomes.find((o) => o.reminder.id === r.id)?.reminder ?? r);
}

describe("evaluateDueReminders: one-off", () => {
  it("fires when due while the device runs", () => {
    const r = evaluateDueReminders({ reminders: [reminder()], lastCheckedAt: t("2026-11-25T06:59:30Z"), now: t("2026-11-25T07:00:10Z") });
    assert.equal(r.deviceWasOff, false);
    assert.equal(r.outcomes.length, 1);
    assert.equal(r.outcomes[0]!.fired.length, 1);
    assert.equal(r.outcomes[0]!.reminder.status, "done");
  });

  it("does nothing before it is due", () => {
    const r = evaluateDueReminders({ reminders: [reminder()], lastCheckedAt: t("2026-11-25T06:58:00Z"), now: t("2026-11-25T06:59:59Z") });
    assert.equal(r.outcomes.length, 0);
  });

  it("device off over the due time, back within the grace window: fires late", () => {
    // Off from 14:00 to 15:20; set a day ahead, so the 2 h grace applies.
    const r = evaluateDueReminders({ reminders: [reminder()], lastCheckedAt: t("2026-11-25T06:00:00Z"), now: t("2026-11-25T07:20:00Z") });
    assert.equal(r.deviceWasOff, true);
    assert.deepEqual(
      r.outcomes[0]!.fired.map((o) => o.lateMs),
      [20 * 60_000],
    );
    assert.equal(r.outcomes[0]!.missed.length, 0);
  });

  it("device off long past it: reported missed, never fired", () => {
    const r = evaluateDueReminders({
      reminders: [reminder({ dueAt: t("2026-11-25T04:00:00Z") })],
      lastCheckedAt: t("2026-11-25T03:00:00Z"),
      now: t("2026-11-25T08:00:00Z"),
    });
    assert.equal(r.outcomes[0]!.fired.length, 0);
    assert.equal(r.outcomes[0]!.missed[0]!.occurrenceAt.toISOString(), "2026-11-25T04:00:00.000Z");
    const notice = formatMissedNotice([{ title: "给妈妈打电话", occurrenceAt: t("2026-11-25T04:00:00Z") }], {
      now: t("2026-11-25T08:00:00Z"),
      timeZone: SH,
      lang: "zh",
      deviceWasOff: true,
    });
    assert.equal(notice, "你中午关机的时候错过了一个提醒：给妈妈打电话（12:00）");
  });

  it("short notice has a short grace: 关火 40 minutes late is missed", () => {
    const r = evaluateDueReminders({
      reminders: [reminder({ title: "关火", createdAt: t("2026-11-25T06:30:00Z"), dueAt: t("2026-11-25T07:00:00Z") })],
      lastCheckedAt: t("2026-11-25T06:40:00Z"),
      now: t("2026-11-25T07:40:00Z"),
    });
    assert.equal(r.outcomes[0]!.missed.length, 1);
    assert.equal(r.outcomes[0]!.fired.length, 0);
  });

  it("grace windows are configurable", () => {
    const r = evaluateDueReminders({
      reminders: [reminder({ dueAt: t("2026-11-25T04:00:00Z") })],
      lastCheckedAt: t("2026-11-25T03:00:00Z"),
      now: t("2026-11-25T08:00:00Z"),
      options: { graceMs: 5 * 3600_000 },
    });
    assert.equal(r.outcomes[0]!.fired.length, 1);
  });

  it("never twice: evaluating again after applying reports nothing", () => {
    let reminders = [reminder({ id: "a" }), reminder({ id: "b", dueAt: t("2026-11-25T01:00:00Z") })];
    const first = evaluateDueReminders({ reminders, lastCheckedAt: t("2026-11-25T00:00:00Z"), now: t("2026-11-25T07:30:00Z") });
    assert.equal(first.outcomes.length, 2);
    reminders = apply(reminders, first.outcomes);
    const second = evaluateDueReminders({ reminders, lastCheckedAt: t("2026-11-25T07:30:00Z"), now: t("2026-11-25T07:31:00Z") });
    assert.equal(second.outcomes.length, 0);
  });

  it("ignores done and cancelled reminders", () => {
    const r = evaluateDueReminders({
      reminders: [reminder({ status: "done" }), reminder({ id: "c", status: "cancelled" })],
      lastCheckedAt: t("2026-11-25T06:59:00Z"),
      now: t("2026-11-25T07:01:00Z"),
    });
    assert.equal(r.outcomes.length, 0);
  });

  it("the very first start (no lastCheckedAt) counts as the device running", () => {
    const r = evaluateDueReminders({ reminders: [reminder()], lastCheckedAt: null, now: t("2026-11-25T07:00:05Z") });
    assert.equal(r.deviceWasOff, false);
    assert.equal(r.outcomes[0]!.fired.length, 1);
  });
});

describe("evaluateDueReminders: recurring", () => {
  const daily = reminder({ title: "喝水", dueAt: t("2026-11-25T00:00:00Z"), rrule: "FREQ=DAILY;BYHOUR=8;BYMINUTE=0;BYSECOND=0" });

  it("fires and advances to the next occurrence", () => {
    const r = evaluateDueReminders({ reminders: [daily], lastCheckedAt: t("2026-11-24T23:59:30Z"), now: t("2026-11-25T00:00:20Z") });
    assert.equal(r.outcomes[0]!.fired.length, 1);
    assert.equal(r.outcomes[0]!.reminder.dueAt.toISOString(), "2026-11-26T00:00:00.000Z");
    assert.equal(r.outcomes[0]!.reminder.status, "active");
  });

  it("off for three days: fires today's if still fresh, reports at most one missed", () => {
    const r = evaluateDueReminders({ reminders: [daily], lastCheckedAt: t("2026-11-24T12:00:00Z"), now: t("2026-11-27T00:10:00Z") });
    const o = r.outcomes[0]!;
    assert.deepEqual(
      o.fired.map((f) => f.occurrenceAt.toISOString()),
      ["2026-11-27T00:00:00.000Z"],
    );
    assert.deepEqual(
      o.missed.map((f) => f.occurrenceAt.toISOString()),
      ["2026-11-26T00:00:00.000Z"],
    );
    assert.equal(o.reminder.dueAt.toISOString(), "2026-11-28T00:00:00.000Z");
  });

  it("off for three days and back late: exactly one missed, none fired", () => {
    const r = evaluateDueReminders({ reminders: [daily], lastCheckedAt: t("2026-11-24T12:00:00Z"), now: t("2026-11-27T05:00:00Z") });
    const o = r.outcomes[0]!;
    assert.equal(o.fired.length, 0);
    assert.deepEqual(
      o.missed.map((f) => f.occurrenceAt.toISOString()),
      ["2026-11-27T00:00:00.000Z"],
    );
    assert.equal(o.reminder.dueAt.toISOString(), "2026-11-28T00:00:00.000Z");
  });

  it("an ended series becomes done", () => {
    const ending = { ...daily, rrule: "FREQ=DAILY;BYHOUR=8;BYMINUTE=0;BYSECOND=0;UNTIL=20261125T235959Z" };
    const r = evaluateDueReminders({ reminders: [ending], lastCheckedAt: t("2026-11-24T23:59:00Z"), now: t("2026-11-25T00:00:30Z") });
    assert.equal(r.outcomes[0]!.reminder.status, "done");
  });

  it("stays at 08:00 local across the Berlin DST change", () => {
    let r: Reminder = reminder({ timeZone: "Europe/Berlin", dueAt: t("2026-03-27T07:00:00Z"), rrule: "FREQ=DAILY;BYHOUR=8;BYMINUTE=0;BYSECOND=0" });
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      const out = evaluateDueReminders({ reminders: [r], lastCheckedAt: new Date(r.dueAt.getTime() - 30_000), now: new Date(r.dueAt.getTime() + 1000) });
      seen.push(out.outcomes[0]!.fired[0]!.occurrenceAt.toISOString());
      r = out.outcomes[0]!.reminder;
    }
    assert.deepEqual(seen, ["2026-03-27T07:00:00.000Z", "2026-03-28T07:00:00.000Z", "2026-03-29T06:00:00.000Z", "2026-03-30T06:00:00.000Z"]);
  });

  it("every other Friday keeps its phase", () => {
    const r = reminder({ dueAt: t("2026-11-27T10:00:00Z"), rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;BYHOUR=18;BYMINUTE=0;BYSECOND=0" });
    assert.equal(nextOccurrence(r, t("2026-11-27T10:00:00Z"))?.toISOString(), "2026-12-11T10:00:00.000Z");
    assert.equal(nextOccurrence(r, t("2026-11-20T00:00:00Z"))?.toISOString(), "2026-11-27T10:00:00.000Z");
  });
});

describe("snooze, done, cancel", () => {
  it("a snoozed one-off fires again at the snooze time, once", () => {
    const fired = reminder({ status: "done", lastFiredAt: t("2026-11-25T07:00:00Z") });
    const snoozed = snoozeReminder(fired, t("2026-11-25T07:10:00Z"));
    assert.equal(snoozed.status, "active");
    assert.equal(nextWakeAt([snoozed])?.toISOString(), "2026-11-25T07:10:00.000Z");
    const out = evaluateDueReminders({ reminders: [snoozed], lastCheckedAt: t("2026-11-25T07:09:30Z"), now: t("2026-11-25T07:10:05Z") });
    assert.equal(out.outcomes[0]!.fired[0]!.kind, "snooze");
    assert.equal(out.outcomes[0]!.reminder.status, "done");
    assert.equal(out.outcomes[0]!.reminder.snoozedUntil, undefined);
    const again = evaluateDueReminders({ reminders: [out.outcomes[0]!.reminder], lastCheckedAt: t("2026-11-25T07:10:05Z"), now: t("2026-11-25T07:11:00Z") });
    assert.equal(again.outcomes.length, 0);
  });

  it("a snoozed recurring reminder keeps its schedule", () => {
    const daily = reminder({ dueAt: t("2026-11-26T00:00:00Z"), rrule: "FREQ=DAILY;BYHOUR=8;BYMINUTE=0;BYSECOND=0" });
    const snoozed = snoozeReminder(daily, t("2026-11-25T00:10:00Z"));
    const out = evaluateDueReminders({ reminders: [snoozed], lastCheckedAt: t("2026-11-25T00:09:30Z"), now: t("2026-11-25T00:10:01Z") });
    assert.equal(out.outcomes[0]!.fired.length, 1);
    assert.equal(out.outcomes[0]!.reminder.status, "active");
    assert.equal(out.outcomes[0]!.reminder.dueAt.toISOString(), "2026-11-26T00:00:00.000Z");
  });

  it("done finishes a one-off, keeps a recurring one; cancel stops both", () => {
    assert.equal(completeReminder(reminder()).status, "done");
    const daily = reminder({ rrule: "FREQ=DAILY", snoozedUntil: t("2026-11-25T08:00:00Z") });
    assert.equal(completeReminder(daily).status, "active");
    assert.equal(completeReminder(daily).snoozedUntil, undefined);
    assert.equal(cancelReminder(daily).status, "cancelled");
    assert.equal(snoozeReminder(cancelReminder(daily), t("2026-11-25T09:00:00Z")).status, "cancelled");
  });
});

describe("formatMissedNotice", () => {
  it("lists several in zh and en", () => {
    const items = [
      { title: "给妈妈打电话", occurrenceAt: t("2026-11-25T04:00:00Z") },
      { title: "喝水", occurrenceAt: t("2026-11-24T00:00:00Z") },
    ];
    assert.equal(
      formatMissedNotice(items, { now: t("2026-11-25T08:00:00Z"), timeZone: SH, lang: "zh", deviceWasOff: true }),
      "你关机的时候错过了2个提醒：给妈妈打电话（12:00）、喝水（昨天08:00）",
    );
    assert.equal(
      formatMissedNotice([{ title: "call mom", occurrenceAt: t("2026-11-25T04:00:00Z") }], {
        now: t("2026-11-25T08:00:00Z"),
        timeZone: SH,
        lang: "en",
        deviceWasOff: true,
      }),
      "While I was off around noon, you missed a reminder: call mom (12:00 PM).",
    );
  });
});
