import assert from "node:assert/strict";
import { test } from "node:test";
import { admitReminders, maxActiveFrequentReminders, ringsMoreThanHourly } from "./reminder-limits.js";

test("at most 20 active reminders ring more than once an hour; ordinary ones are not counted against them", () => {
  assert.equal(ringsMoreThanHourly("FREQ=MINUTELY;INTERVAL=30"), true);
  assert.equal(ringsMoreThanHourly("FREQ=HOURLY;BYMINUTE=0,30"), true);
  assert.equal(ringsMoreThanHourly("FREQ=HOURLY"), false);
  assert.equal(ringsMoreThanHourly("FREQ=DAILY;BYHOUR=8;BYMINUTE=0"), false);
  assert.equal(ringsMoreThanHourly(undefined), false);
  const active = Array.from({ length: maxActiveFrequentReminders - 2 }, () => ({ rrule: "FREQ=MINUTELY", status: "active" as const }));
  const incoming = [{ rrule: "FREQ=MINUTELY" }, { rrule: "FREQ=DAILY" }, { rrule: "FREQ=MINUTELY;INTERVAL=5" }, { rrule: "FREQ=MINUTELY;INTERVAL=10" }, {}];
  const { admitted, refused } = admitReminders(active, incoming);
  assert.deepEqual(admitted, [incoming[0], incoming[1], incoming[2], incoming[4]]);
  assert.equal(refused.length, 1);
  assert.match(refused[0]!.reason, /^rrule: /);
});
