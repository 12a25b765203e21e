// What a reminder sentence says about time, before it is pinned to instants: the zh and en grammars
// produce a ReminderSpec, and resolveReminderSpec applies the rules a person expects ("三点" at 10:00
// means 15:00; a bare time already past means tomorrow; no time means 09:00, said out loud).
import { nextOccurrenceOf } from "./recurrence.js";
import { addDays, daysInMonth, zonedParts, zonedTimeToInstant } from "./zoned-time.js";

export type DayPeriod = "dawn" | "morning" | "forenoon" | "noon" | "afternoon" | "dusk" | "evening" | "night";

export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export type DateSpec =
  | { kind: "offset"; days: number } // 今天 0, 明天 1, 后天 2, 大后天 3, "tomorrow"
  | { kind: "weekday"; weekday: Weekday; weeksAhead: number | null } // 周三 null, 这周三 0, 下周三 1
  | { kind: "monthDay"; month: number | null; day: number; year?: number }; // 5号, 12月3日

export interface RecurrenceSpec {
  freq: "HOURLY" | "DAILY" | "WEEKLY" | "MONTHLY" | "YEARLY";
  interval?: number;
  byDay?: Weekday[];
  byMonthDay?: number;
  byMonth?: number;
}

export interface ReminderSpec {
  title: string;
  /** "in 20 minutes", "半小时后": an exact offset from now. */
  relativeMs?: number;
  date?: DateSpec;
  time?: { hour: number; minute: number; meridiemKnown: boolean };
  period?: DayPeriod;
  recurrence?: RecurrenceSpec;
}

export interface ResolvedSchedule {
  dueAt: Date;
  rrule?: string;
  /** No time of day was said; a default was chosen and must be stated. */
  defaultedTime: boolean;
  /** The named time has already passed (e.g. "今天早上8点" said at 10:00). */
  inPast: boolean;
}

export const defaultHour = 9;

const periodDefaults: Record<DayPeriod, number> = {
  dawn: 6,
  morning: 8,
  forenoon: 10,
  noon: 12,
  afternoon: 15,
  dusk: 18,
  evening: 20,
  night: 22,
};

const rruleDays = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"] as const;

type Ymd = { year: number; month: number; day: number };

/** 24-hour value of a spoken hour, given the part of the day said with it. */
function applyPeriod(hour: number, period: DayPeriod | undefined): { hour: number; nextDay: boolean } {
  if (hour > 12 || !period) return { hour, nextDay: false };
  switch (period) {
    case "afternoon":
    case "dusk":
      return { hour: hour === 12 ? 12 : hour + 12, nextDay: false };
    case "evening":
    case "night":
      // 晚上十二点 is midnight; 夜里一点 is the small hours after tonight.
      if (hour === 12) return { hour: 0, nextDay: true };
      if (hour <= 3) return { hour, nextDay: true };
      return { hour: hour + 12, nextDay: false };
    case "noon":
      return { hour: hour <= 3 ? hour + 12 : hour, nextDay: false };
    case "dawn":
      return { hour: hour === 12 ? 0 : hour, nextDay: false };
    default:
      return { hour, nextDay: false };
  }
}

/** Hours a bare "N点" may mean, in preference order when no date narrows it. */
function hourCandidates(hour: number): number[] {
  if (hour === 0 || hour > 12) return [hour];
  if (hour === 12) return [12];
  // The small hours need an explicit 凌晨/am: nobody means 03:00 by a bare "三点".
  return hour <= 5 ? [hour + 12] : [hour, hour + 12];
}

function instantAt(date: Ymd, hour: number, minute: number, timeZone: string): Date {
  return zonedTimeToInstant({ ...date, hour, minute, second: 0 }, timeZone);
}

function resolveDate(spec: DateSpec, today: Ymd & { weekday: number }): { date: Ymd; rollable: "week" | "month" | "year" | null } {
  switch (spec.kind) {
    case "offset":
      return { date: addDays(today, spec.days), rollable: null };
    case "weekday": {
      // Weeks start on Monday, as in China and most of Europe: 下周三 is the Wednesday of next week.
      const mondayOffset = (today.weekday + 6) % 7;
      const targetOffset = (spec.weekday + 6) % 7;
      if (spec.weeksAhead === null) {
        const ahead = (targetOffset - mondayOffset + 7) % 7;
        return { date: addDays(today, ahead), rollable: "week" };
      }
      return { date: addDays(today, spec.weeksAhead * 7 + targetOffset - mondayOffset), rollable: spec.weeksAhead === 0 ? "week" : null };
    }
    case "monthDay": {
      const year = spec.year ?? today.year;
      const month = spec.month ?? today.month;
      const date = { year, month, day: Math.min(spec.day, daysInMonth(year, month)) };
      const rollable = spec.year !== undefined ? null : spec.month === null ? "month" : "year";
      return { date, rollable };
    }
  }
}

function roll(date: Ymd, by: "week" | "month" | "year", wantedDay: number): Ymd {
  if (by === "week") return addDays(date, 7);
  if (by === "year") return { year: date.year + 1, month: date.month, day: Math.min(wantedDay, daysInMonth(date.year + 1, date.month)) };
  const month = date.month === 12 ? 1 : date.month + 1;
  const year = date.month === 12 ? date.year + 1 : date.year;
  return { year, month, day: Math.min(wantedDay, daysInMonth(year, month)) };
}

export function buildRrule(recurrence: RecurrenceSpec, hour: number, minute: number): string {
  const parts = [`FREQ=${recurrence.freq}`];
  if (recurrence.interval && recurrence.interval > 1) parts.push(`INTERVAL=${recurrence.interval}`);
  if (recurrence.byMonth) parts.push(`BYMONTH=${recurrence.byMonth}`);
  if (recurrence.byMonthDay) parts.push(`BYMONTHDAY=${recurrence.byMonthDay}`);
  if (recurrence.byDay?.length) parts.push(`BYDAY=${recurrence.byDay.map((d) => rruleDays[d]).join(",")}`);
  // Pinning the wall-clock time keeps it stable even when an occurrence had to move (DST gap).
  if (recurrence.freq !== "HOURLY") parts.push(`BYHOUR=${hour}`, `BYMINUTE=${minute}`, "BYSECOND=0");
  return parts.join(";");
}

/** Pins a spec to instants in `timeZone`, as seen at `now`. */
export function resolveReminderSpec(spec: ReminderSpec, now: Date, timeZone: string): ResolvedSchedule {
  if (spec.relativeMs !== undefined) {
    const dueAt = new Date(now.getTime() + spec.relativeMs);
    if (spec.recurrence?.freq === "HOURLY") {
      return { dueAt, rrule: buildRrule(spec.recurrence, 0, 0), defaultedTime: false, inPast: false };
    }
    return { dueAt, defaultedTime: false, inPast: false };
  }
  const todayParts = zonedParts(now, timeZone);
  const today = { year: todayParts.year, month: todayParts.month, day: todayParts.day, weekday: todayParts.weekday };

  // Candidate (hour, minute, day shift) triples in order of preference.
  let candidates: { hour: number; minute: number; nextDay: boolean }[];
  let defaultedTime = false;
  if (spec.time) {
    const { hour, minute, meridiemKnown } = spec.time;
    if (spec.period || meridiemKnown) {
      const applied = applyPeriod(hour, spec.period);
      candidates = [{ hour: applied.hour, minute, nextDay: applied.nextDay }];
    } else {
      candidates = hourCandidates(hour).map((h) => ({ hour: h, minute, nextDay: false }));
    }
  } else if (spec.period) {
    candidates = [{ hour: periodDefaults[spec.period], minute: 0, nextDay: false }];
  } else {
    candidates = [{ hour: defaultHour, minute: 0, nextDay: false }];
    defaultedTime = true;
  }

  if (spec.recurrence) {
    const first = candidates[0]!;
    const hour = first.hour;
    const rrule = buildRrule(spec.recurrence, hour, first.minute);
    // The first occurrence: the series without INTERVAL, from the start of today; it then anchors
    // the real series (every other Friday counts from the first Friday).
    const phaseRule = buildRrule({ ...spec.recurrence, interval: 1 }, hour, first.minute);
    const startOfToday = instantAt(today, 0, 0, timeZone);
    let dueAt = nextOccurrenceOf(phaseRule, startOfToday, timeZone, now);
    if (spec.date) {
      // "从下周一开始每天…": start no earlier than the named date.
      const { date } = resolveDate(spec.date, today);
      const from = new Date(instantAt(date, 0, 0, timeZone).getTime() - 1);
      if (from.getTime() > now.getTime()) dueAt = nextOccurrenceOf(phaseRule, startOfToday, timeZone, from);
    }
    if (!dueAt) throw new Error("recurrence has no upcoming occurrence");
    return { dueAt, rrule, defaultedTime, inPast: false };
  }

  if (!spec.date) {
    // A bare time: the next one that makes sense, today or tomorrow.
    for (const dayShift of [0, 1]) {
      for (const c of candidates) {
        const at = instantAt(addDays(today, dayShift + (c.nextDay ? 1 : 0)), c.hour, c.minute, timeZone);
        if (at.getTime() > now.getTime()) return { dueAt: at, defaultedTime, inPast: false };
      }
    }
    const c = candidates[0]!;
    return { dueAt: instantAt(addDays(today, 1), c.hour, c.minute, timeZone), defaultedTime, inPast: false };
  }

  const { date, rollable } = resolveDate(spec.date, today);
  const wantedDay = spec.date.kind === "monthDay" ? spec.date.day : date.day;
  // With a date named, a bare "三点" is read as the afternoon one and "八点" as the morning one,
  // unless it is today and only the later one is still ahead.
  const ordered = spec.time && !spec.time.meridiemKnown && !spec.period && sameDay(date, today) ? candidates : [candidates[0]!];
  for (const c of ordered) {
    const at = instantAt(c.nextDay ? addDays(date, 1) : date, c.hour, c.minute, timeZone);
    if (at.getTime() > now.getTime()) return { dueAt: at, defaultedTime, inPast: false };
  }
  const c = ordered[0]!;
  if (rollable) {
    const rolled = roll(date, rollable, wantedDay);
    return { dueAt: instantAt(c.nextDay ? addDays(rolled, 1) : rolled, c.hour, c.minute, timeZone), defaultedTime, inPast: false };
  }
  return { dueAt: instantAt(c.nextDay ? addDays(date, 1) : date, c.hour, c.minute, timeZone), defaultedTime, inPast: true };
}

function sameDay(a: Ymd, b: Ymd): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}
