// Recurrence from a distant start: the anchor is moved forward by whole periods, so the answers match a
// plain walk from DTSTART while the work stays bounded; rules too dense to be meant are refused.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import rrulePackage from "rrule";
import { checkRruleInput, maxRuleCount, nextOccurrenceOf, occurrencesBetween, previousOccurrenceOf, RecurrenceRuleError } from "./recurrence.js";
import { evaluateDueReminders } from "./due-reminders.js";
import type { Reminder } from "./reminder.js";

const { RRule } = rrulePackage;

// UTC keeps floating time equal to real time, so a plain rrule walk from DTSTART is the reference.
function reference(rule: string, dtstart: Date, after: Date): { next: Date | null; previous: Date | null } {
  const r = new RRule({ ...RRule.parseString(rule), dtstart, tzid: null });
  return { next: r.after(after, false), previous: r.before(after, true) };
}

describe("recurrence from a distant DTSTART", () => {
  const now = new Date("2026-11-24T10:17:30Z");
  const cases: [string, Date][] = [
    ["FREQ=MINUTELY", new Date("2026-11-17T10:00:00Z")],
    ["FREQ=MINUTELY;INTERVAL=7", new Date("2026-10-01T03:02:00Z")],
    ["FREQ=HOURLY;INTERVAL=5;BYMINUTE=15", new Date("2025-01-01T00:15:00Z")],
    ["FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0;BYSECOND=0", new Date("2019-03-04T20:00:00Z")],
    ["FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;BYHOUR=9;BYMINUTE=0;BYSECOND=0", new Date("2020-01-01T09:00:00Z")],
    ["FREQ=MINUTELY;BYHOUR=8;BYMINUTE=0", new Date("2026-01-01T08:00:00Z")],
    ["FREQ=MONTHLY;BYMONTHDAY=24;BYHOUR=9;BYMINUTE=0;BYSECOND=0", new Date("2001-01-24T09:00:00Z")],
  ];
  for (const [rule, dtstart] of cases) {
    it(`${rule} from ${dtstart.toISOString()} matches a walk from DTSTART`, () => {
      const expected = reference(rule, dtstart, now);
      assert.deepEqual(nextOccurrenceOf(rule, dtstart, "UTC", now), expected.next);
      assert.deepEqual(previousOccurrenceOf(rule, dtstart, "UTC", now), expected.previous);
      const between = occurrencesBetween(rule, dtstart, "UTC", new Date(now.getTime() - 3 * 86_400_000), now, 5);
      const r = new RRule({ ...RRule.parseString(rule), dtstart, tzid: null });
      assert.deepEqual(
        between,
        r
          .between(new Date(now.getTime() - 3 * 86_400_000), now, true)
          .filter((d) => d.getTime() > now.getTime() - 3 * 86_400_000)
          .slice(0, 5),
      );
    });
  }

  it("in a zone with DST, a daily 08:00 from years back stays 08:00 local", () => {
    const dtstart = new Date("2015-06-01T06:00:00Z"); // 08:00 in Berlin (summer)
    assert.equal(
      nextOccurrenceOf("FREQ=DAILY;BYHOUR=8;BYMINUTE=0;BYSECOND=0", dtstart, "Europe/Berlin", new Date("2026-11-24T10:00:00Z"))?.toISOString(),
      "2026-11-25T07:00:00.000Z",
    );
  });

  it("around DST changes (fall-back and spring-forward) the short slack still finds the right next and previous occurrence", () => {
    // Reference: every occurrence from a start a day earlier, mapped to real time, searched exhaustively.
    const check = (rule: string, timeZone: string, dtstart: Date, around: Date) => {
      const all = occurrencesBetween(rule, dtstart, timeZone, new Date(dtstart.getTime() - 1), new Date(around.getTime() + 2 * 86_400_000), 5000);
      for (let step = -4 * 60; step <= 4 * 60; step += 7) {
        const at = new Date(around.getTime() + step * 60_000);
        const next = all.filter((d) => d.getTime() > at.getTime()).sort((x, y) => x.getTime() - y.getTime())[0] ?? null;
        const previous = all.filter((d) => d.getTime() <= at.getTime()).sort((x, y) => y.getTime() - x.getTime())[0] ?? null;
        assert.deepEqual(nextOccurrenceOf(rule, dtstart, timeZone, at), next, `${rule} ${timeZone} next after ${at.toISOString()}`);
        assert.deepEqual(previousOccurrenceOf(rule, dtstart, timeZone, at), previous, `${rule} ${timeZone} previous at ${at.toISOString()}`);
      }
    };
    for (const rule of ["FREQ=HOURLY;BYMINUTE=30;BYSECOND=0", "FREQ=MINUTELY;INTERVAL=20;BYSECOND=0"]) {
      check(rule, "Europe/Berlin", new Date("2026-10-24T00:30:00Z"), new Date("2026-10-25T01:00:00Z")); // fall-back 03:00 → 02:00
      check(rule, "Europe/Berlin", new Date("2026-03-28T00:30:00Z"), new Date("2026-03-29T01:00:00Z")); // spring-forward 02:00 → 03:00
      check(rule, "America/New_York", new Date("2026-10-31T04:30:00Z"), new Date("2026-11-01T06:00:00Z"));
    }
  });

  it("a minutely reminder last due a year ago is evaluated in one step: fires the latest, reports the one before, moves to the next", () => {
    const reminder: Reminder = {
      id: "r1",
      title: "x",
      lang: "en",
      dueAt: new Date("2025-11-24T10:00:00Z"),
      rrule: "FREQ=MINUTELY",
      timeZone: "Asia/Shanghai",
      status: "active",
      createdAt: new Date("2025-11-20T00:00:00Z"),
    };
    const { outcomes } = evaluateDueReminders({ reminders: [reminder], lastCheckedAt: new Date("2026-11-24T10:17:00Z"), now });
    assert.equal(outcomes.length, 1);
    assert.equal(outcomes[0]?.fired[0]?.occurrenceAt.toISOString(), "2026-11-24T10:17:00.000Z");
    assert.equal(outcomes[0]?.missed[0]?.occurrenceAt.toISOString(), "2026-11-24T10:16:00.000Z");
    assert.equal(outcomes[0]?.reminder.dueAt.toISOString(), "2026-11-24T10:18:00.000Z");
  });
});

describe("checkRruleInput", () => {
  it("refuses rules denser than one a minute, naming why", () => {
    for (const rule of ["FREQ=SECONDLY", "RRULE:FREQ=SECONDLY;INTERVAL=30", "FREQ=MINUTELY;BYSECOND=0,30", "FREQ=HOURLY;BYMINUTE=0;BYSECOND=1,2"]) {
      assert.throws(
        () => checkRruleInput(rule),
        (error: Error) => error instanceof RecurrenceRuleError && /minute|分钟/.test(error.message),
        rule,
      );
    }
  });
  it("refuses a zero or broken INTERVAL, an oversized COUNT and a monthly rule ringing all day", () => {
    assert.throws(() => checkRruleInput("FREQ=MINUTELY;INTERVAL=0"), /INTERVAL/);
    assert.throws(() => checkRruleInput("FREQ=DAILY;INTERVAL=x"), /INTERVAL/);
    assert.throws(() => checkRruleInput(`FREQ=DAILY;COUNT=${maxRuleCount + 1}`), /COUNT/);
    assert.throws(() => checkRruleInput("FREQ=MONTHLY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12;BYMINUTE=0,30"), /24 times a day/);
  });
  it("accepts ordinary rules, once a minute included", () => {
    assert.equal(checkRruleInput("rrule:freq=minutely"), "FREQ=MINUTELY");
    assert.equal(
      checkRruleInput("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=8;BYMINUTE=0;BYSECOND=0"),
      "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=8;BYMINUTE=0;BYSECOND=0",
    );
    assert.equal(checkRruleInput("FREQ=DAILY;COUNT=10"), "FREQ=DAILY;COUNT=10");
  });
});
