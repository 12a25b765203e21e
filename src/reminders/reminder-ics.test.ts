import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Reminder } from "./reminder.js";
import { exportRemindersToIcs, importRemindersFromIcs, IcsImportError } from "./reminder-ics.js";

const now = new Date("2026-11-24T02:00:00Z");
const base = { status: "active" as const, createdAt: now };
const reminders: Reminder[] = [
  {
    ...base,
    id: "aa11bb22",
    title: "给妈妈打电话",
    lang: "zh",
    dueAt: new Date("2026-11-25T07:00:00Z"),
    timeZone: "Asia/Shanghai",
    sourceText: "明天下午三点提醒我给妈妈打电话",
  },
  {
    ...base,
    id: "cc33dd44",
    title: "drink water, then stretch; a long title to force line folding in the output file",
    lang: "en",
    dueAt: new Date("2026-11-25T13:00:00Z"),
    rrule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=8;BYMINUTE=0;BYSECOND=0",
    timeZone: "America/New_York",
  },
  {
    ...base,
    id: "ee55ff66",
    title: "take vitamins",
    lang: "en",
    dueAt: new Date("2026-11-25T07:00:00Z"),
    rrule: "FREQ=DAILY;BYHOUR=8;BYMINUTE=0;BYSECOND=0",
    timeZone: "Europe/Berlin",
  },
  { ...base, id: "0badc0de", title: "old", lang: "zh", dueAt: new Date("2026-11-25T07:00:00Z"), timeZone: "Asia/Shanghai", status: "cancelled" },
];

describe("iCalendar export/import", () => {
  it("exports VEVENTs with RRULE, TZID and VALARM", () => {
    const ics = exportRemindersToIcs(reminders, { now });
    assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
    assert.match(ics, /DTSTART;TZID=America\/New_York:20261125T080000/);
    assert.match(ics, /RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=8;BYMINUTE=0;BYSECOND=0/);
    assert.match(ics, /DTSTART:20261125T070000Z/);
    assert.match(ics, /BEGIN:VALARM\r\nACTION:DISPLAY/);
    assert.match(ics, /STATUS:CANCELLED/);
    assert.equal((ics.match(/BEGIN:VEVENT/g) ?? []).length, 4);
  });

  it("round-trips: titles, times, rules and zones come back", () => {
    const ics = exportRemindersToIcs(reminders, { now });
    const { reminders: back, skipped } = importRemindersFromIcs(ics, { now, timeZone: "Asia/Shanghai" });
    assert.deepEqual(
      skipped.map((s) => s.reason),
      ["status is CANCELLED"],
    );
    assert.deepEqual(
      back.map((r) => [r.title, r.lang, r.dueAt.toISOString(), r.rrule, r.timeZone]),
      reminders.slice(0, 3).map((r) => [r.title, r.lang, r.dueAt.toISOString(), r.rrule, r.timeZone]),
    );
  });

  it("imports events from other calendars: floating, all-day, COUNT, past and TZID times", () => {
    const ics = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Test//EN",
      "BEGIN:VEVENT",
      "UID:1",
      "DTSTART:20261201T183000",
      "SUMMARY:Yoga",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:2",
      "DTSTART;VALUE=DATE:20261205",
      "SUMMARY:Pay rent",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:3",
      "DTSTART;TZID=Europe/Berlin:20261120T080000",
      "RRULE:FREQ=DAILY;COUNT=10",
      "SUMMARY:Pills",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:4",
      "DTSTART:20200101T080000Z",
      "SUMMARY:Long ago",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:5",
      "SUMMARY:No start",
      "END:VEVENT",
      "END:VCALENDAR",
      "",
    ].join("\r\n");
    const { reminders: got, skipped } = importRemindersFromIcs(ics, { now, timeZone: "Asia/Shanghai" });
    assert.deepEqual(
      got.map((r) => [r.title, r.dueAt.toISOString()]),
      [
        ["Yoga", "2026-12-01T10:30:00.000Z"],
        ["Pay rent", "2026-12-05T01:00:00.000Z"],
        ["Pills", "2026-11-24T07:00:00.000Z"],
      ],
    );
    assert.equal(got[2]!.timeZone, "Europe/Berlin");
    assert.equal(got[2]!.rrule, "FREQ=DAILY;UNTIL=20261129T070000Z;BYHOUR=8;BYMINUTE=0;BYSECOND=0");
    assert.deepEqual(
      skipped.map((s) => s.uid),
      ["4", "5"],
    );
    assert.match(skipped[0]!.reason, /past/);
    assert.match(skipped[1]!.reason, /DTSTART/);
  });

  it("rejects unusable files with a clear reason", () => {
    assert.throws(
      () => importRemindersFromIcs("hello", { now, timeZone: "UTC" }),
      (e: unknown) => e instanceof IcsImportError && /BEGIN:VCALENDAR/.test(e.message),
    );
    assert.throws(() => importRemindersFromIcs("BEGIN:VCALENDAR\r\n" + "X".repeat(2000), { now, timeZone: "UTC", maxBytes: 1000 }), /too large/);
    assert.throws(() => importRemindersFromIcs("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", { now, timeZone: "UTC" }), /no VEVENT/);
    assert.throws(() => importRemindersFromIcs("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nthis is not a property\r\n", { now, timeZone: "UTC" }), /invalid iCalendar/);
    const badRule = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:6\r\nDTSTART:20261201T080000Z\r\nRRULE:FREQ=NEVER\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    assert.throws(() => importRemindersFromIcs(badRule, { now, timeZone: "UTC" }), /invalid iCalendar data: invalid frequency "NEVER"/);
  });
});
