// Which reminders fire now and which are reported missed, given where the last check left off.
// Pure: the scheduler passes `now`, the store applies the returned outcomes in one transaction each,
// and because every outcome also advances the reminder's state, evaluating again never repeats one.
import type { Reminder } from "./reminder.js";
import { nextOccurrenceOf, previousOccurrenceOf } from "./recurrence.js";

export interface DueOptions {
  /**
   * How late a one-off set well in advance may still ring after the device was off (default 30 min). Later than
   * that, "到点啦" would be wrong: it is reported as missed instead ("你关机的时候错过了一个提醒…").
   */
  graceMs?: number;
  /** How late a short-notice one-off ("半小时后关火"), a snooze or a recurring one may fire (default 15 min). */
  shortNoticeGraceMs?: number;
  /** A one-off set at most this long before its time counts as short notice (default 2 h). */
  shortNoticeMs?: number;
  /** A gap since the last check longer than this means the device was off (default 3 min). */
  offGapMs?: number;
}

export const defaultDueOptions: Required<DueOptions> = {
  graceMs: 30 * 60_000,
  shortNoticeGraceMs: 15 * 60_000,
  shortNoticeMs: 2 * 3600_000,
  offGapMs: 3 * 60_000,
};

export interface Occurrence {
  /** The time it was due: the scheduled occurrence, or the snooze time. */
  occurrenceAt: Date;
  kind: "scheduled" | "snooze";
  lateMs: number;
}

/** What happens to one reminder at this check; `reminder` is its state afterwards. */
export interface ReminderOutcome {
  reminder: Reminder;
  fired: Occurrence[];
  missed: Occurrence[];
}

export interface DueInput {
  reminders: readonly Reminder[];
  /** When reminders were last evaluated (persisted); null on the very first start. */
  lastCheckedAt: Date | null;
  now: Date;
  /** Whether the device was off since `lastCheckedAt`; inferred from the gap when absent. */
  deviceWasOff?: boolean;
  options?: DueOptions;
}

export interface DueResult {
  outcomes: ReminderOutcome[];
  deviceWasOff: boolean;
}

function graceFor(reminder: Reminder, kind: Occurrence["kind"], o: Required<DueOptions>): number {
  if (kind === "snooze" || reminder.rrule) return o.shortNoticeGraceMs;
  const notice = reminder.dueAt.getTime() - reminder.createdAt.getTime();
  return notice <= o.shortNoticeMs ? o.shortNoticeGraceMs : o.graceMs;
}

export function evaluateDueReminders(input: DueInput): DueResult {
  const o = { ...defaultDueOptions, ...input.options };
  const now = input.now;
  const deviceWasOff = input.deviceWasOff ?? (input.lastCheckedAt !== null && now.getTime() - input.lastCheckedAt.getTime() > o.offGapMs);
  const outcomes: ReminderOutcome[] = [];

  // While the device ran, lateness is our own tick lag: always fire. After it was off, only if still relevant.
  const decide = (reminder: Reminder, occurrenceAt: Date, kind: Occurrence["kind"]): { occurrence: Occurrence; fire: boolean } => {
    const lateMs = now.getTime() - occurrenceAt.getTime();
    const occurrence = { occurrenceAt, kind, lateMs };
    return { occurrence, fire: !deviceWasOff || lateMs <= graceFor(reminder, kind, o) };
  };

  for (const original of input.reminders) {
    if (original.status !== "active") continue;
    let reminder: Reminder = original;
    const fired: Occurrence[] = [];
    const missed: Occurrence[] = [];

    if (reminder.snoozedUntil && reminder.snoozedUntil.getTime() <= now.getTime()) {
      const d = decide(reminder, reminder.snoozedUntil, "snooze");
      (d.fire ? fired : missed).push(d.occurrence);
      const { snoozedUntil: _cleared, ...rest } = reminder;
      reminder = rest;
      // A snoozed one-off has already had its scheduled firing: the snooze was its last word.
      if (!reminder.rrule) reminder = { ...reminder, status: "done" };
    } else if (!reminder.rrule && !reminder.snoozedUntil && reminder.dueAt.getTime() <= now.getTime()) {
      const d = decide(reminder, reminder.dueAt, "scheduled");
      (d.fire ? fired : missed).push(d.occurrence);
      reminder = { ...reminder, status: "done" };
    }

    if (reminder.rrule && reminder.status === "active" && reminder.dueAt.getTime() <= now.getTime()) {
      const latest = previousOccurrenceOf(reminder.rrule, reminder.dueAt, reminder.timeZone, now) ?? reminder.dueAt;
      const d = decide(reminder, latest, "scheduled");
      if (d.fire) {
        fired.push(d.occurrence);
        // Report at most one skipped occurrence: the one right before the one that fires.
        if (latest.getTime() > reminder.dueAt.getTime()) {
          const before = previousOccurrenceOf(reminder.rrule, reminder.dueAt, reminder.timeZone, new Date(latest.getTime() - 1));
          if (before) missed.push({ occurrenceAt: before, kind: "scheduled", lateMs: now.getTime() - before.getTime() });
        }
      } else {
        missed.push(d.occurrence);
      }
      const next = nextOccurrenceOf(reminder.rrule, reminder.dueAt, reminder.timeZone, now);
      reminder = next ? { ...reminder, dueAt: next } : { ...reminder, status: "done" };
    }

    if (fired.length || missed.length) {
      if (fired.length) reminder = { ...reminder, lastFiredAt: now };
      outcomes.push({ reminder, fired, missed });
    }
  }
  return { outcomes, deviceWasOff };
}

/** The earliest moment any active reminder needs attention, or null when none is pending. */
export function nextWakeAt(reminders: readonly Reminder[]): Date | null {
  let best: number | null = null;
  for (const r of reminders) {
    if (r.status !== "active") continue;
    const at = r.snoozedUntil && (!r.rrule || r.snoozedUntil < r.dueAt) ? r.snoozedUntil : r.dueAt;
    if (best === null || at.getTime() < best) best = at.getTime();
  }
  return best === null ? null : new Date(best);
}
