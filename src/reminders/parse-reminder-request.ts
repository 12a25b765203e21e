// The fast path from a sentence to a reminder: no LLM, pure, a fraction of a millisecond per call.
import { type Lang, scriptLang } from "../kernel/lang.js";
import { parseEnReminder } from "./parse-en-reminder.js";
import { parseZhReminder } from "./parse-zh-reminder.js";
import { resolveReminderSpec } from "./reminder-spec.js";
import { formatConfirmation } from "./reminder-wording.js";

export interface ParseOptions {
  now: Date;
  /** IANA zone in which times of day are meant, e.g. "Asia/Shanghai". */
  timeZone: string;
  /** Grammar to use; detected from the text when absent (any CJK character means zh). */
  lang?: Lang;
}

export interface ReminderRequest {
  /** What to be reminded of, in her words ("给妈妈打电话", "call mom"); "" for "20分钟后叫我". */
  title: string;
  /** First occurrence. */
  dueAt: Date;
  /** RFC 5545 RRULE body (no DTSTART), in `timeZone` wall-clock terms. */
  rrule?: string;
  lang: Lang;
  timeZone: string;
  confirmation: string;
  /** No time of day was said; 09:00 (or the part of day's usual hour) was chosen and stated. */
  defaultedTime: boolean;
  /** The time named has already passed; the confirmation asks for another time instead. */
  inPast: boolean;
  sourceText: string;
}

export function detectLang(text: string): Lang {
  return scriptLang(text);
}

/** A reminder request, or null when the sentence is not one (or names no time at all). */
export function parseReminderRequest(text: string, options: ParseOptions): ReminderRequest | null {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 500) return null;
  const lang = options.lang ?? detectLang(trimmed);
  const spec = lang === "zh" ? parseZhReminder(trimmed) : parseEnReminder(trimmed, options.now, options.timeZone);
  if (!spec) return null;
  const resolved = resolveReminderSpec(spec, options.now, options.timeZone);
  const confirmation = formatConfirmation(
    {
      title: spec.title,
      dueAt: resolved.dueAt,
      ...(resolved.rrule ? { rrule: resolved.rrule } : {}),
      ...(spec.relativeMs !== undefined ? { relativeMs: spec.relativeMs } : {}),
      defaultedTime: resolved.defaultedTime,
      inPast: resolved.inPast,
      lang,
    },
    options.now,
    options.timeZone,
  );
  return {
    title: spec.title,
    dueAt: resolved.dueAt,
    ...(resolved.rrule ? { rrule: resolved.rrule } : {}),
    lang,
    timeZone: options.timeZone,
    confirmation,
    defaultedTime: resolved.defaultedTime,
    inPast: resolved.inPast,
    sourceText: trimmed,
  };
}
