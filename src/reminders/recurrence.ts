// RRULE evaluation in the user's time zone. rrule's own TZID support depends on the host zone, so we
// run it on "floating" dates (local wall-clock encoded as UTC fields) and convert each result back
// through the zone: "every day at 08:00 Europe/Berlin" stays 08:00 local across DST changes.
import rrulePackage from "rrule";
import { InputError } from "../errors.js";
import type { Reminder } from "./reminder.js";
import { zonedParts, zonedTimeToInstant } from "./zoned-time.js";

// rrule ships CommonJS; Node's ESM loader exposes it as the default export.
const { RRule } = rrulePackage;

/** A recurrence rule that cannot be used: bad input. */
export class RecurrenceRuleError extends InputError {
  override readonly name = "RecurrenceRuleError";
}

function toFloating(instant: Date, timeZone: string): Date {
  const p = zonedParts(instant, timeZone);
  return new Date(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second));
}

function fromFloating(floating: Date, timeZone: string): Date {
  return zonedTimeToInstant(
    {
      year: floating.getUTCFullYear(),
      month: floating.getUTCMonth() + 1,
      day: floating.getUTCDate(),
      hour: floating.getUTCHours(),
      minute: floating.getUTCMinutes(),
      second: floating.getUTCSeconds(),
    },
    timeZone,
  );
}

/** Strips an optional "RRULE:" prefix and checks the rule parses; returns the bare body. */
export function normalizeRrule(rrule: string): string {
  const body = rrule.trim().replace(/^RRULE:/i, "");
  if (!/^FREQ=|;FREQ=/i.test(body)) throw new RecurrenceRuleError(`RRULE needs FREQ: "${rrule}"`);
  if (/DTSTART|TZID/i.test(body)) throw new RecurrenceRuleError(`RRULE must not carry DTSTART/TZID: "${rrule}"`);
  try {
    RRule.parseString(body);
  } catch (error) {
    throw new RecurrenceRuleError(`invalid RRULE "${rrule}": ${(error as Error).message}`);
  }
  return body.toUpperCase();
}

function buildRule(rrule: string, dtstart: Date, timeZone: string): InstanceType<typeof RRule> {
  const options = RRule.parseString(normalizeRrule(rrule));
  return new RRule({ ...options, dtstart: toFloating(dtstart, timeZone), tzid: null });
}

/**
 * The first occurrence of the series anchored at `dtstart` strictly after `after`, or null when the
 * series has ended. `dtstart` must be an occurrence (the parser and the store keep it so).
 */
export function nextOccurrenceOf(rrule: string, dtstart: Date, timeZone: string, after: Date): Date | null {
  const rule = buildRule(rrule, dtstart, timeZone);
  // Start a little before `after` in floating time: in a fall-back hour floating and real order differ.
  let cursor = new Date(toFloating(after, timeZone).getTime() - 2 * 3600_000);
  for (let guard = 0; guard < 1000; guard++) {
    const floating = rule.after(cursor, false);
    if (!floating) return null;
    const instant = fromFloating(floating, timeZone);
    if (instant.getTime() > after.getTime()) return instant;
    cursor = floating;
  }
  return null;
}

/** Occurrences in (from, to], capped at `limit` (oldest first). */
export function occurrencesBetween(rrule: string, dtstart: Date, timeZone: string, from: Date, to: Date, limit = 1000): Date[] {
  const out: Date[] = [];
  let cursor = from;
  while (out.length < limit) {
    const next = nextOccurrenceOf(rrule, dtstart, timeZone, cursor);
    if (!next || next.getTime() > to.getTime()) break;
    out.push(next);
    cursor = next;
  }
  return out;
}

/** The reminder's next scheduled occurrence after `after` (its pending dueAt anchors the series). */
export function nextOccurrence(reminder: Pick<Reminder, "dueAt" | "rrule" | "timeZone">, after: Date): Date | null {
  if (!reminder.rrule) return reminder.dueAt.getTime() > after.getTime() ? reminder.dueAt : null;
  if (reminder.dueAt.getTime() > after.getTime()) return reminder.dueAt;
  return nextOccurrenceOf(reminder.rrule, reminder.dueAt, reminder.timeZone, after);
}

/** The last occurrence at or before `atOrBefore` (not before `dtstart`), or null. */
export function previousOccurrenceOf(rrule: string, dtstart: Date, timeZone: string, atOrBefore: Date): Date | null {
  if (dtstart.getTime() > atOrBefore.getTime()) return null;
  const rule = buildRule(rrule, dtstart, timeZone);
  let cursor = new Date(toFloating(atOrBefore, timeZone).getTime() + 2 * 3600_000);
  for (let guard = 0; guard < 1000; guard++) {
    const floating = rule.before(cursor, false);
    if (!floating) return null;
    const instant = fromFloating(floating, timeZone);
    if (instant.getTime() <= atOrBefore.getTime()) return instant;
    cursor = floating;
  }
  return null;
}
