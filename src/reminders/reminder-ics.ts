// iCalendar export and import (RFC 5545) with ical.js. Export: one VEVENT per reminder with its RRULE
// and a VALARM at the start. Recurring ones carry DTSTART;TZID=<IANA zone> so calendars keep the local
// time across DST; one-offs are written in UTC. Import validates size and shape and names what is
// wrong; times with a TZID are read in that IANA zone by our own conversion (no VTIMEZONE needed).
import { type Lang, scriptLang } from "../kernel/lang.js";
import ICAL from "ical.js";
import { InputError } from "../errors.js";
import type { NewReminder, Reminder } from "./reminder.js";
import { checkRruleInput, nextOccurrenceOf, occurrencesBetween } from "./recurrence.js";
import { isValidTimeZone, zonedParts, zonedTimeToInstant } from "./zoned-time.js";
import { maxActiveFrequentReminders, ringsMoreThanHourly } from "./reminder-limits.js";

/** An .ics file that cannot be imported as a whole: bad input. */
export class IcsImportError extends InputError {
  override readonly name = "IcsImportError";
}

export const maxIcsBytes = 1024 * 1024;
export const maxIcsEvents = 2000;

/** All reminders as one VCALENDAR text. Cancelled ones are exported with STATUS:CANCELLED. */
export function exportRemindersToIcs(reminders: readonly Reminder[], options: { now: Date }): string {
  const calendar = new ICAL.Component(["vcalendar", [], []]);
  calendar.addPropertyWithValue("prodid", "-//Guimi//Reminders//ZH-CN");
  calendar.addPropertyWithValue("version", "2.0");
  calendar.addPropertyWithValue("calscale", "GREGORIAN");
  for (const r of reminders) {
    const event = new ICAL.Component("vevent");
    event.addPropertyWithValue("uid", `${r.id}@guimi`);
    event.addPropertyWithValue("dtstamp", ICAL.Time.fromJSDate(options.now, true));
    event.addPropertyWithValue("created", ICAL.Time.fromJSDate(r.createdAt, true));
    if (r.rrule) {
      const start = new ICAL.Property("dtstart");
      const p = zonedParts(r.dueAt, r.timeZone);
      start.setValue(ICAL.Time.fromData({ year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second, isDate: false }));
      start.setParameter("tzid", r.timeZone);
      event.addProperty(start);
      event.addPropertyWithValue("rrule", ICAL.Recur.fromString(r.rrule));
    } else {
      event.addPropertyWithValue("dtstart", ICAL.Time.fromJSDate(r.snoozedUntil && r.status === "active" ? r.snoozedUntil : r.dueAt, true));
    }
    event.addPropertyWithValue("summary", r.title || (r.lang === "zh" ? "提醒" : "Reminder"));
    if (r.sourceText) event.addPropertyWithValue("description", r.sourceText);
    event.addPropertyWithValue("status", r.status === "cancelled" ? "CANCELLED" : "CONFIRMED");
    event.addPropertyWithValue("x-guimi-status", r.status);
    event.addPropertyWithValue("x-guimi-lang", r.lang);
    event.addPropertyWithValue("x-guimi-timezone", r.timeZone);
    const alarm = new ICAL.Component("valarm");
    alarm.addPropertyWithValue("action", "DISPLAY");
    alarm.addPropertyWithValue("description", r.title || (r.lang === "zh" ? "提醒" : "Reminder"));
    alarm.addPropertyWithValue("trigger", ICAL.Duration.fromString("PT0S"));
    event.addSubcomponent(alarm);
    calendar.addSubcomponent(event);
  }
  // ical.js writes CRLF line endings and folds long lines, as RFC 5545 asks.
  return calendar.toString() + "\r\n";
}

export interface IcsImportOptions {
  now: Date;
  /** Zone for floating times and all-day events. */
  timeZone: string;
  lang?: Lang;
  maxBytes?: number;
  /**
   * How many more reminders ringing more than once an hour may come in (what is active leaves room for);
   * past that, such events are skipped before any of their occurrences is computed.
   */
  frequentAllowance?: number;
}

export interface IcsImportResult {
  reminders: NewReminder[];
  /** Events that were not imported, each with the reason. */
  skipped: { uid: string; summary: string; reason: string }[];
}

function text(value: unknown): string {
  return typeof value === "string" ? value : value == null ? "" : String(value);
}

/** Parses an .ics file into reminders to add. Throws IcsImportError when the file as a whole is unusable. */
export function importRemindersFromIcs(input: string, options: IcsImportOptions): IcsImportResult {
  const maxBytes = options.maxBytes ?? maxIcsBytes;
  const bytes = Buffer.byteLength(input, "utf8");
  if (bytes > maxBytes) throw new IcsImportError(`file too large: ${bytes} bytes (limit ${maxBytes})`);
  if (!/^\s*BEGIN:VCALENDAR/i.test(input.replace(/^\uFEFF/, ""))) throw new IcsImportError("not an iCalendar file: it must start with BEGIN:VCALENDAR");
  let root: InstanceType<typeof ICAL.Component>;
  try {
    root = new ICAL.Component(ICAL.parse(input.replace(/^\uFEFF/, "")) as unknown[]);
  } catch (error) {
    throw new IcsImportError(`invalid iCalendar data: ${(error as Error).message}`);
  }
  const items = [...root.getAllSubcomponents("vevent"), ...root.getAllSubcomponents("vtodo")];
  if (items.length === 0) throw new IcsImportError("no VEVENT or VTODO found in the calendar");
  if (items.length > maxIcsEvents) throw new IcsImportError(`too many events: ${items.length} (limit ${maxIcsEvents})`);

  const reminders: NewReminder[] = [];
  const skipped: IcsImportResult["skipped"] = [];
  const lines = input.split(/\r?\n/);
  let frequentLeft = options.frequentAllowance ?? maxActiveFrequentReminders;
  for (const [index, item] of items.entries()) {
    let reading = "UID";
    // ical.js parses values lazily: a malformed one throws on first read. Name the event, property and line.
    const value = (name: string) => {
      reading = name.toUpperCase();
      return item.getFirstPropertyValue(name);
    };
    try {
      readItem(item, value);
    } catch (error) {
      if (error instanceof IcsImportError) throw error;
      const line = lineOfProperty(lines, index, reading);
      const raw = line ? lines[line - 1]!.trim().slice(0, 80) : reading;
      const expected = /^(DTSTART|DUE)$/.test(reading) ? "expected a date such as 20261125 or a date-time such as 20261125T150000Z" : (error as Error).message;
      throw new IcsImportError(`${line ? `line ${line}: ` : ""}${reading} of event ${index + 1} is malformed ("${raw}"): ${expected}`);
    }
  }
  return { reminders, skipped };

  function readItem(item: InstanceType<typeof ICAL.Component>, value: (name: string) => unknown): void {
    const uid = text(value("uid"));
    const summary = text(value("summary")).trim().slice(0, 200);
    const skip = (reason: string) => skipped.push({ uid, summary, reason });
    const status = text(value("status")).toUpperCase();
    if (status === "CANCELLED" || status === "COMPLETED") {
      skip(`status is ${status}`);
      return;
    }
    const startProp = item.getFirstProperty("dtstart") ?? item.getFirstProperty("due");
    if (startProp) value(startProp.name);
    if (!startProp) {
      skip("no DTSTART (or DUE for a to-do)");
      return;
    }
    const start = startProp.getFirstValue() as InstanceType<typeof ICAL.Time> | null;
    if (!start || typeof start !== "object" || !("year" in start)) {
      skip("DTSTART is not a date or date-time");
      return;
    }
    const tzidParam = startProp.getParameter("tzid");
    const tzid = typeof tzidParam === "string" ? tzidParam : undefined;
    const xZone = text(value("x-guimi-timezone"));
    const timeZone = [tzid, xZone].find((z): z is string => Boolean(z) && isValidTimeZone(z!)) ?? options.timeZone;
    if (tzid && !isValidTimeZone(tzid) && !xZone) {
      skip(`unknown time zone TZID=${tzid}`);
      return;
    }
    let dtstart: Date;
    if (start.isDate) {
      // All-day: remind at 09:00 local that day.
      dtstart = zonedTimeToInstant({ year: start.year, month: start.month, day: start.day, hour: 9, minute: 0 }, timeZone);
    } else if (start.zone?.tzid === "UTC" || start.toString().endsWith("Z")) {
      dtstart = new Date(Date.UTC(start.year, start.month - 1, start.day, start.hour, start.minute, start.second));
    } else {
      dtstart = zonedTimeToInstant(
        { year: start.year, month: start.month, day: start.day, hour: start.hour, minute: start.minute, second: start.second },
        timeZone,
      );
    }
    if (Number.isNaN(dtstart.getTime())) {
      skip("DTSTART is not a valid time");
      return;
    }

    const recur = value("rrule") as { toString(): string } | null;
    let rrule: string | undefined;
    if (recur) {
      try {
        rrule = checkRruleInput(text(recur.toString()));
        if (ringsMoreThanHourly(rrule) && frequentLeft-- <= 0) {
          skip(`rrule: already ${maxActiveFrequentReminders} reminders ringing more than once an hour / 太频繁的提醒太多了`);
          return;
        }
        rrule = pinRule(rrule, dtstart, timeZone);
      } catch (error) {
        skip(`bad RRULE: ${(error as Error).message}`);
        return;
      }
    }
    let dueAt = dtstart;
    if (rrule) {
      const next = dtstart.getTime() > options.now.getTime() ? dtstart : nextOccurrenceOf(rrule, dtstart, timeZone, options.now);
      if (!next) {
        skip("the series has ended");
        return;
      }
      dueAt = next;
    } else if (dtstart.getTime() <= options.now.getTime()) {
      skip("it is in the past");
      return;
    }
    const langProp = text(value("x-guimi-lang"));
    const lang: Lang = langProp === "zh" || langProp === "en" ? langProp : (options.lang ?? scriptLang(summary));
    const description = text(value("description")).slice(0, 500);
    reminders.push({ title: summary, lang, dueAt, ...(rrule ? { rrule } : {}), timeZone, ...(description ? { sourceText: description } : {}) });
  }
}

/** The 1-based line where the `eventIndex`-th VEVENT/VTODO carries `property`, or null. */
function lineOfProperty(lines: readonly string[], eventIndex: number, property: string): number | null {
  let seen = -1;
  let inside = false;
  const name = new RegExp(`^${property.replace(/[^A-Z0-9-]/gi, "")}[;:]`, "i");
  for (const [i, line] of lines.entries()) {
    if (/^BEGIN:(VEVENT|VTODO)\b/i.test(line)) {
      seen++;
      inside = seen === eventIndex;
    } else if (/^END:(VEVENT|VTODO)\b/i.test(line)) {
      inside = false;
    } else if (inside && name.test(line)) {
      return i + 1;
    }
  }
  return null;
}

/**
 * Makes an imported rule safe to re-anchor on its next occurrence: COUNT becomes UNTIL (the count
 * would restart), and daily-or-slower rules get the wall-clock time pinned (BYHOUR/BYMINUTE).
 */
function pinRule(rrule: string, dtstart: Date, timeZone: string): string {
  let parts = rrule.split(";").filter(Boolean);
  const get = (key: string) => parts.find((p) => p.startsWith(`${key}=`))?.slice(key.length + 1);
  const count = get("COUNT");
  if (count) {
    const n = Number(count);
    const withoutCount = parts.filter((p) => !p.startsWith("COUNT=")).join(";");
    const all = [
      dtstart,
      ...occurrencesBetween(withoutCount, dtstart, timeZone, dtstart, new Date(dtstart.getTime() + 50 * 365 * 86_400_000), Math.max(0, n - 1)),
    ];
    const last = all[Math.min(n, all.length) - 1] ?? dtstart;
    parts = [
      ...parts.filter((p) => !p.startsWith("COUNT=")),
      `UNTIL=${last
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d{3}/, "")}`,
    ];
  }
  const freq = get("FREQ");
  if (freq && !["SECONDLY", "MINUTELY", "HOURLY"].includes(freq) && !get("BYHOUR")) {
    const p = zonedParts(dtstart, timeZone);
    parts.push(`BYHOUR=${p.hour}`, `BYMINUTE=${p.minute}`, `BYSECOND=${p.second}`);
  }
  return parts.join(";");
}
