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
  let options: ReturnType<typeof RRule.parseString>;
  try {
    options = RRule.parseString(body);
  } catch (error) {
    throw new RecurrenceRuleError(`invalid RRULE "${rrule}": ${(error as Error).message}`);
  }
  if (options.freq === undefined || options.freq === null) throw new RecurrenceRuleError(`invalid RRULE "${rrule}": unknown FREQ`);
  // INTERVAL=0 would make the walk stand still.
  if (options.interval != null && (!Number.isInteger(options.interval) || options.interval < 1))
    throw new RecurrenceRuleError(`invalid RRULE "${rrule}": INTERVAL must be a whole number of at least 1`);
  if (options.count != null && (!Number.isInteger(options.count) || options.count < 1))
    throw new RecurrenceRuleError(`invalid RRULE "${rrule}": COUNT must be a whole number of at least 1`);
  return body.toUpperCase();
}

/** Most occurrences a COUNT may ask for. */
export const maxRuleCount = 1000;

/**
 * A rule as she may enter it (API body, .ics import): normalized, and refused when it is too dense to
 * be meant — more than one occurrence a minute (FREQ=SECONDLY, several BYSECOND values) — or too long
 * to expand. Stored rules are only normalized, so old data never stops evaluating.
 */
export function checkRruleInput(rrule: string): string {
  const body = normalizeRrule(rrule);
  const options = RRule.parseString(body);
  const size = (value: unknown) => (Array.isArray(value) ? value.length : value == null ? 1 : 1);
  if (options.freq === RRule.SECONDLY) throw new RecurrenceRuleError("FREQ=SECONDLY is refused: at most one occurrence a minute / 最多每分钟一次");
  if (size(options.bysecond) > 1) throw new RecurrenceRuleError("several BYSECOND values are refused: at most one occurrence a minute / 最多每分钟一次");
  if (options.count != null && options.count > maxRuleCount) throw new RecurrenceRuleError(`COUNT=${options.count} is more than ${maxRuleCount}`);
  if ((options.freq === RRule.MONTHLY || options.freq === RRule.YEARLY) && size(options.byhour) * size(options.byminute) > 24) {
    throw new RecurrenceRuleError("a monthly or yearly rule may ring at most 24 times a day (BYHOUR × BYMINUTE)");
  }
  return body;
}

/**
 * Periods on which a rule's occurrences repeat exactly in floating time: shifting DTSTART by a whole
 * number of them leaves every later occurrence where it was (BY* defaults taken from DTSTART keep the
 * same second, minute, time of day and weekday). Months and years vary in length, so those rules are
 * not shifted; they are sparse enough to walk.
 */
const periodMs: Partial<Record<number, number>> = {
  [RRule.WEEKLY]: 7 * 86_400_000,
  [RRule.DAILY]: 86_400_000,
  [RRule.HOURLY]: 3_600_000,
  [RRule.MINUTELY]: 60_000,
};

/** Most occurrences one evaluation may step through: the net under every walk, whatever the rule. */
export const maxOccurrencesWalked = 20_000;

/**
 * Slack kept around the instant of interest in floating time: a minute, plus the zone's offset change
 * when one is near (in a fall-back hour floating and real order differ). Keeping it small keeps walks short.
 */
function slackAround(at: Date, timeZone: string): number {
  const offset = (t: number) => toFloating(new Date(t), timeZone).getTime() - Math.floor(t / 1000) * 1000;
  const here = offset(at.getTime());
  const change = Math.max(Math.abs(offset(at.getTime() - 3 * 3600_000) - here), Math.abs(offset(at.getTime() + 3 * 3600_000) - here));
  return 60_000 + change;
}

/**
 * The rule anchored at `dtstart`, with its anchor moved forward by whole periods to just before
 * `near` (when given and the rule allows it), so that no evaluation walks from a distant DTSTART.
 */
function buildRule(rrule: string, dtstart: Date, timeZone: string, near?: Date): InstanceType<typeof RRule> {
  const options = RRule.parseString(normalizeRrule(rrule));
  let anchor = toFloating(dtstart, timeZone).getTime();
  const unit = options.freq === undefined ? undefined : periodMs[options.freq];
  if (near && unit && options.count == null) {
    const period = unit * Math.max(1, options.interval ?? 1);
    // The anchor lands at or before the slack window: its own period may start mid-way (WEEKLY;BYDAY=MO,WE
    // anchored on a Wednesday drops that week's Monday), which only affects times before anything we look at.
    const target = toFloating(near, timeZone).getTime() - slackAround(near, timeZone);
    if (target > anchor) anchor += Math.floor((target - anchor) / period) * period;
  }
  return new RRule({ ...options, dtstart: new Date(anchor), tzid: null });
}

/** Calls `visit` with each occurrence (floating) in order until it returns false; bounded. */
function walk(rule: InstanceType<typeof RRule>, visit: (floating: Date) => boolean): void {
  let steps = 0;
  rule.all((floating) => {
    if (++steps > maxOccurrencesWalked)
      throw new RecurrenceRuleError(`RRULE too dense to evaluate (more than ${maxOccurrencesWalked} occurrences in the window)`);
    return visit(floating);
  });
}

/**
 * The first occurrence of the series anchored at `dtstart` strictly after `after`, or null when the
 * series has ended. `dtstart` must be an occurrence (the parser and the store keep it so).
 */
export function nextOccurrenceOf(rrule: string, dtstart: Date, timeZone: string, after: Date): Date | null {
  const rule = buildRule(rrule, dtstart, timeZone, after);
  // Start a little before `after` in floating time: in a fall-back hour floating and real order differ.
  const from = toFloating(after, timeZone).getTime() - slackAround(after, timeZone);
  let found: Date | null = null;
  walk(rule, (floating) => {
    if (floating.getTime() <= from) return true;
    const instant = fromFloating(floating, timeZone);
    if (instant.getTime() > after.getTime()) {
      found = instant;
      return false;
    }
    return true;
  });
  return found;
}

/** Occurrences in (from, to], capped at `limit` (oldest first), found in one walk. */
export function occurrencesBetween(rrule: string, dtstart: Date, timeZone: string, from: Date, to: Date, limit = 1000): Date[] {
  const out: Date[] = [];
  if (limit <= 0) return out;
  const rule = buildRule(rrule, dtstart, timeZone, from);
  const start = toFloating(from, timeZone).getTime() - slackAround(from, timeZone);
  const end = toFloating(to, timeZone).getTime() + slackAround(to, timeZone);
  walk(rule, (floating) => {
    if (floating.getTime() <= start) return true;
    if (floating.getTime() > end) return false;
    const instant = fromFloating(floating, timeZone);
    if (instant.getTime() > from.getTime() && instant.getTime() <= to.getTime()) out.push(instant);
    return out.length < limit;
  });
  return out.sort((a, b) => a.getTime() - b.getTime());
}

/** The reminder's next scheduled occurrence after `after` (its pending dueAt anchors the series). */
export function nextOccurrence(reminder: Pick<Reminder, "dueAt" | "rrule" | "timeZone">, after: Date): Date | null {
  if (!reminder.rrule) return reminder.dueAt.getTime() > after.getTime() ? reminder.dueAt : null;
  if (reminder.dueAt.getTime() > after.getTime()) return reminder.dueAt;
  return nextOccurrenceOf(reminder.rrule, reminder.dueAt, reminder.timeZone, after);
}

/**
 * The last occurrence at or before `atOrBefore` (not before `dtstart`), or null. Looks back through
 * widening windows (5 min, 2 h, 2 days, 48 days, …) so a dense rule never walks from a distant DTSTART.
 */
export function previousOccurrenceOf(rrule: string, dtstart: Date, timeZone: string, atOrBefore: Date): Date | null {
  if (dtstart.getTime() > atOrBefore.getTime()) return null;
  const until = toFloating(atOrBefore, timeZone).getTime() + slackAround(atOrBefore, timeZone);
  for (let lookBack = 5 * 60_000; ; lookBack *= 24) {
    const near = new Date(Math.max(dtstart.getTime(), atOrBefore.getTime() - lookBack));
    const rule = buildRule(rrule, dtstart, timeZone, near);
    const from = toFloating(near, timeZone).getTime() - slackAround(near, timeZone);
    let best: Date | null = null;
    walk(rule, (floating) => {
      if (floating.getTime() > until) return false;
      if (floating.getTime() < from) return true;
      const instant = fromFloating(floating, timeZone);
      if (instant.getTime() <= atOrBefore.getTime() && instant.getTime() >= dtstart.getTime() && (!best || instant.getTime() > best.getTime())) best = instant;
      return true;
    });
    if (best) return best;
    // Searched all the way back to DTSTART: there is none.
    if (near.getTime() === dtstart.getTime()) return null;
  }
}
