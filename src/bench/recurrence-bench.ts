// `guimi bench recurrence`: what a dense or long-past recurring reminder costs. Figures, never assertions:
// a minutely rule from a year back (next, previous, one due evaluation), a check with the most frequent
// reminders allowed active, and an .ics import of the most events allowed, all minutely from 2019.
import { performance } from "node:perf_hooks";
import { evaluateDueReminders } from "../reminders/due-reminders.js";
import { nextOccurrenceOf, previousOccurrenceOf } from "../reminders/recurrence.js";
import type { Reminder } from "../reminders/reminder.js";
import { importRemindersFromIcs, maxIcsEvents } from "../reminders/reminder-ics.js";
import { maxActiveFrequentReminders } from "../reminders/reminder-limits.js";

function timed<T>(fn: () => T, runs: number): { ms: { p50: number; p95: number }; value: T } {
  const times: number[] = [];
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    value = fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]! * 100) / 100;
  return { ms: { p50: at(0.5), p95: at(0.95) }, value };
}

export function benchRecurrence(now = new Date()): Record<string, unknown> {
  const yearAgo = new Date(now.getTime() - 365 * 86_400_000);
  const zone = "Asia/Shanghai";
  const next = timed(() => nextOccurrenceOf("FREQ=MINUTELY", yearAgo, zone, now), 50);
  const previous = timed(() => previousOccurrenceOf("FREQ=MINUTELY", yearAgo, zone, now), 50);
  const one: Reminder = { id: "b", title: "x", lang: "en", dueAt: yearAgo, rrule: "FREQ=MINUTELY", timeZone: zone, status: "active", createdAt: yearAgo };
  const dueOne = timed(() => evaluateDueReminders({ reminders: [one], lastCheckedAt: now, now }), 20);
  const frequent = Array.from({ length: maxActiveFrequentReminders }, (_, i) => ({ ...one, id: `f${i}`, dueAt: new Date(now.getTime() - 90_000) }));
  const check = timed(() => evaluateDueReminders({ reminders: frequent, lastCheckedAt: now, now }), 10);
  let events = "";
  for (let i = 0; i < maxIcsEvents; i++)
    events += `BEGIN:VEVENT\r\nUID:e${i}\r\nSUMMARY:e${i}\r\nDTSTART:20191124T020000Z\r\nRRULE:FREQ=MINUTELY\r\nEND:VEVENT\r\n`;
  const ics = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\n${events}END:VCALENDAR\r\n`;
  // As the API and CLI run it (room for the allowed frequent ones only), and with every event evaluated.
  const imported = timed(() => importRemindersFromIcs(ics, { now, timeZone: zone }), 3);
  const unbounded = timed(() => importRemindersFromIcs(ics, { now, timeZone: zone, frequentAllowance: maxIcsEvents }), 2);
  return {
    bench: "recurrence",
    minutelyFromAYearAgo: { nextMs: next.ms, previousMs: previous.ms, dueEvaluationMs: dueOne.ms },
    checkWithMostFrequentReminders: { reminders: frequent.length, ms: check.ms },
    icsImport: { events: maxIcsEvents, bytes: Buffer.byteLength(ics), imported: imported.value.reminders.length, ms: imported.ms },
    icsImportEveryEventEvaluated: { events: maxIcsEvents, imported: unbounded.value.reminders.length, ms: unbounded.ms },
  };
}
