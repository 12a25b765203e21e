// The HTTP body for creating a reminder, validated at the edge: either her sentence ({ text }) or a
// structured reminder ({ title, dueAt, rrule?, timeZone? }). toNewReminder turns either into a row.
import { scriptLang } from "../kernel/lang.js";
import { z } from "zod";
import { parseReminderRequest } from "./parse-reminder-request.js";
import type { NewReminder } from "./reminder.js";
import { checkRruleInput, nextOccurrenceOf, RecurrenceRuleError } from "./recurrence.js";
import { formatConfirmation } from "./reminder-wording.js";
import { isValidTimeZone } from "./zoned-time.js";

const timeZoneSchema = z.string().min(1).max(64).refine(isValidTimeZone, { message: "unknown IANA time zone" });
const langSchema = z.enum(["zh", "en"]);

export const createReminderFromTextSchema = z.strictObject({
  text: z.string().trim().min(1).max(500),
  timeZone: timeZoneSchema.optional(),
  lang: langSchema.optional(),
});

export const createReminderStructuredSchema = z.strictObject({
  title: z.string().trim().max(200),
  /** ISO-8601 with an offset or Z, e.g. "2026-11-25T15:00:00+08:00". */
  dueAt: z.iso.datetime({ offset: true }),
  rrule: z
    .string()
    .max(500)
    .superRefine((value, ctx) => {
      try {
        checkRruleInput(value);
      } catch (error) {
        if (!(error instanceof RecurrenceRuleError)) throw error;
        ctx.addIssue({ code: "custom", message: `${error.message} (RFC 5545 body such as FREQ=DAILY;BYHOUR=8;BYMINUTE=0)` });
      }
    })
    .optional(),
  timeZone: timeZoneSchema.optional(),
  lang: langSchema.optional(),
});

export const createReminderBodySchema = z.union([createReminderFromTextSchema, createReminderStructuredSchema]);
export type CreateReminderBody = z.infer<typeof createReminderBodySchema>;

export type ToNewReminderResult = { ok: true; reminder: NewReminder; confirmation: string } | { ok: false; error: string };

/** Turns a validated body into a reminder to add; `timeZone` is the device's default zone. */
export function toNewReminder(body: CreateReminderBody, context: { now: Date; timeZone: string }): ToNewReminderResult {
  const timeZone = body.timeZone ?? context.timeZone;
  if ("text" in body) {
    const request = parseReminderRequest(body.text, { now: context.now, timeZone, ...(body.lang ? { lang: body.lang } : {}) });
    if (!request) return { ok: false, error: `no reminder time found in "${body.text}" / 没找到提醒的时间` };
    if (request.inPast) return { ok: false, error: request.confirmation };
    return {
      ok: true,
      reminder: {
        title: request.title,
        lang: request.lang,
        dueAt: request.dueAt,
        ...(request.rrule ? { rrule: request.rrule } : {}),
        timeZone,
        sourceText: request.sourceText,
      },
      confirmation: request.confirmation,
    };
  }
  let dueAt = new Date(body.dueAt);
  const lang = body.lang ?? scriptLang(body.title);
  let rrule: string | undefined;
  try {
    rrule = body.rrule ? checkRruleInput(body.rrule) : undefined;
    // A series that started in the past is stored from its next occurrence: nothing later walks from a
    // distant start, and she is not told "到点啦" for a time long gone.
    if (rrule && dueAt.getTime() <= context.now.getTime()) {
      const next = nextOccurrenceOf(rrule, dueAt, timeZone, context.now);
      if (!next) return { ok: false, error: `rrule: the series starting ${body.dueAt} has already ended` };
      dueAt = next;
    }
  } catch (error) {
    if (error instanceof RecurrenceRuleError) return { ok: false, error: `rrule: ${error.message}` };
    throw error;
  }
  const reminder: NewReminder = { title: body.title, lang, dueAt, ...(rrule ? { rrule } : {}), timeZone };
  if (!rrule && dueAt.getTime() <= context.now.getTime()) return { ok: false, error: `dueAt ${body.dueAt} is in the past` };
  const confirmation = formatConfirmation(
    { title: body.title, dueAt, ...(rrule ? { rrule } : {}), defaultedTime: false, inPast: false, lang },
    context.now,
    timeZone,
  );
  return { ok: true, reminder, confirmation };
}
