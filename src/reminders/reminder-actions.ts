// What she can do to her reminders, shared by the voice/text fast path, the HTTP API and the CLI:
// create from her words, cancel, mark done, snooze — each with the reply Guimi says back.
import type { Lang } from "../kernel/lang.js";
import { GuimiError, InputError, NotFoundError } from "../errors.js";
import type { Reminder } from "./reminder.js";
import type { ReminderStore } from "./reminder-store.js";
import { completeReminder, snoozeReminder } from "./reminder-transitions.js";
import { toNewReminder, type CreateReminderBody } from "./reminder-api-schema.js";
import { describeRecurrence, enClock, zhClock } from "./reminder-wording.js";
import { zonedParts } from "./zoned-time.js";
import { nextOccurrence } from "./recurrence.js";
import { admitReminders } from "./reminder-limits.js";

export const MAX_SNOOZE_MINUTES = 7 * 24 * 60;

/** The public JSON shape of a reminder (API, CLI --json, export). */
export function reminderJson(r: Reminder, now?: Date) {
  const pending = r.status === "active" ? (r.snoozedUntil ?? r.dueAt) : null;
  return {
    id: r.id,
    title: r.title,
    lang: r.lang,
    dueAt: r.dueAt.toISOString(),
    rrule: r.rrule ?? null,
    timeZone: r.timeZone,
    status: r.status,
    snoozedUntil: r.snoozedUntil?.toISOString() ?? null,
    nextAt: pending ? ((now && pending < now && r.rrule ? nextOccurrence(r, now) : pending)?.toISOString() ?? null) : null,
    lastFiredAt: r.lastFiredAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    sourceText: r.sourceText ?? null,
  };
}

/** One line for a list: "a1b2c3d4  2026-11-25 下午3:00  给妈妈打电话  (每天)". */
export function describeLine(r: Reminder): string {
  const at = r.snoozedUntil && r.status === "active" ? r.snoozedUntil : r.dueAt;
  const p = zonedParts(at, r.timeZone);
  const date = `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
  const clock = r.lang === "zh" ? zhClock(p.hour, p.minute) : enClock(p.hour, p.minute);
  const repeat = r.rrule ? `  (${describeRecurrence(r.rrule, r.lang)})` : "";
  const status = r.status === "active" ? (r.snoozedUntil ? "  [snoozed]" : "") : `  [${r.status}]`;
  return `${r.id}  ${date} ${clock}  ${r.title || (r.lang === "zh" ? "（提醒）" : "(reminder)")}${repeat}${status}`;
}

export const reminderReplies = {
  cancelled: (r: Reminder, lang = r.lang) => (lang === "zh" ? `好的，已取消提醒：${r.title}` : `Done — cancelled the reminder: ${r.title}`),
  done: (r: Reminder, lang = r.lang) => (lang === "zh" ? `棒棒哒～「${r.title}」完成啦` : `Nice — "${r.title}" is done.`),
  snoozed: (r: Reminder, minutes: number, lang = r.lang) =>
    lang === "zh" ? `好，${minutes}分钟后再提醒你～` : `Okay, I'll remind you again in ${minutes} minutes.`,
  list(reminders: Reminder[], lang: Lang): string {
    if (reminders.length === 0) return lang === "zh" ? "现在没有待办的提醒哦～" : "You have no reminders right now.";
    const lines = reminders.slice(0, 8).map((r) => describeLine(r).replace(/^\S+\s+/, "· "));
    const more = reminders.length > 8 ? (lang === "zh" ? `\n…还有${reminders.length - 8}个` : `\n…and ${reminders.length - 8} more`) : "";
    return (
      (lang === "zh" ? `你有${reminders.length}个提醒：\n` : `You have ${reminders.length} reminder${reminders.length > 1 ? "s" : ""}:\n`) +
      lines.join("\n") +
      more
    );
  },
};

export function createReminderActions(store: ReminderStore, options: { timeZone: () => string; onChange?: () => void }) {
  const changed = () => options.onChange?.();
  function find(id: string): Reminder {
    const reminder = store.get(id);
    if (!reminder) throw new NotFoundError(`no reminder ${id} / 没有这个提醒`);
    return reminder;
  }
  return {
    list: (all = false) => store.list(all ? {} : { status: "active" }),
    get: find,
    create(body: CreateReminderBody, now: Date): { reminder: Reminder; confirmation: string } {
      const result = toNewReminder(body, { now, timeZone: options.timeZone() });
      if (!result.ok) throw new InputError(result.error);
      const refused = admitReminders(store.list({ status: "active" }), [result.reminder]).refused[0];
      if (refused) throw new InputError(refused.reason);
      const reminder = store.add(result.reminder, now);
      changed();
      return { reminder, confirmation: result.confirmation };
    },
    /** `lang`: the language to answer in (hers right now), defaulting to the reminder's. */
    cancel(id: string, now: Date, lang?: Lang): { reminder: Reminder; message: string } {
      const found = find(id);
      const reminder = store.cancel(found.id, now)!;
      changed();
      return { reminder, message: reminderReplies.cancelled(found, lang) };
    },
    done(id: string, now: Date, lang?: Lang): { reminder: Reminder; message: string } {
      const found = find(id);
      const reminder = completeReminder(found);
      store.update(reminder, now);
      changed();
      return { reminder, message: reminderReplies.done(found, lang) };
    },
    snooze(id: string, minutes: number, now: Date, lang?: Lang): { reminder: Reminder; message: string } {
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_SNOOZE_MINUTES)
        throw new InputError(`minutes: a whole number from 1 to ${MAX_SNOOZE_MINUTES}`);
      const found = find(id);
      if (found.status === "cancelled") throw new GuimiError(`reminder ${id} is cancelled`, "conflict");
      const reminder = snoozeReminder(found, new Date(now.getTime() + minutes * 60_000));
      store.update(reminder, now);
      changed();
      return { reminder, message: reminderReplies.snoozed(found, minutes, lang) };
    },
    remove(id: string): boolean {
      const removed = store.remove(id);
      if (removed) changed();
      return removed;
    },
  };
}

export type ReminderActions = ReturnType<typeof createReminderActions>;
