// Adapter: drives the pure due logic from a clock and the store. On start it first settles what came
// due while the device was off, then sleeps until the next due time (re-checking at least every
// `maxSleepMs`, so clock jumps and reminders added elsewhere are noticed). `tick()` works without any
// timer, so tests and `guimi simulate` can drive it with a virtual clock.
import { evaluateDueReminders, nextWakeAt, type DueOptions, type Occurrence } from "./due-reminders.js";
import type { Reminder } from "./reminder.js";
import type { ReminderStore } from "./reminder-store.js";
import { formatFiredMessage, formatMissedNotice } from "./reminder-wording.js";

import type { Clock } from "../kernel/clock.js";

export type { Clock };

/** `reminder-due`: a reminder fires now. */
export interface ReminderDueEvent {
  type: "reminder-due";
  reminder: Reminder;
  occurrenceAt: Date;
  kind: Occurrence["kind"];
  lateMs: number;
  /** What to say, in the reminder's language. */
  message: string;
}

/** `reminder-missed`: occurrences that passed unannounced, reported once, together. */
export interface ReminderMissedEvent {
  type: "reminder-missed";
  items: { reminder: Reminder; occurrenceAt: Date }[];
  deviceWasOff: boolean;
  /** One notice in the language of the first reminder ("你中午关机的时候错过了一个提醒：…"). */
  message: string;
}

export interface ReminderCheck {
  at: Date;
  fired: ReminderDueEvent[];
  missed: ReminderMissedEvent | null;
}

export interface TimerFunctions {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ReminderSchedulerOptions {
  store: ReminderStore;
  clock: Clock;
  onFire(event: ReminderDueEvent): void;
  onMissed(event: ReminderMissedEvent): void;
  /** Zone for the missed notice's wording (defaults to the first missed reminder's zone). */
  timeZone?: string;
  due?: DueOptions;
  /** Longest sleep between checks (default 60 s). */
  maxSleepMs?: number;
  timers?: TimerFunctions;
  /**
   * How often an idle check persists lastCheckedAt (default 5 min). Every write is an fsync, and the
   * value only matters after a restart, where the device counts as having been off anyway.
   */
  persistEveryMs?: number;
  /** Handler errors are reported here and never stop the other reminders. */
  onError?(error: unknown): void;
}

export interface ReminderScheduler {
  /** Settles what came due while off, then starts the timer. */
  start(): ReminderCheck;
  /** One check at the clock's now; usable without timers. */
  tick(): ReminderCheck;
  /** Re-arms the timer, e.g. right after a reminder was added or snoozed. */
  reschedule(): void;
  stop(): void;
  /** When the armed timer will fire next (null when stopped). */
  nextCheckAt(): Date | null;
}

const defaultTimers: TimerFunctions = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // The scheduler alone should not keep a process alive.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createReminderScheduler(options: ReminderSchedulerOptions): ReminderScheduler {
  const { store, clock } = options;
  const timers = options.timers ?? defaultTimers;
  const maxSleepMs = options.maxSleepMs ?? 60_000;
  const reportError = options.onError ?? (() => {});
  let handle: unknown = null;
  let armedFor: Date | null = null;
  let running = false;
  const persistEveryMs = options.persistEveryMs ?? 5 * 60_000;
  let lastChecked: Date | null = null;
  let lastPersisted = 0;

  const check = (deviceWasOff?: boolean): ReminderCheck => {
    const now = clock.now();
    const lastCheckedAt = lastChecked ?? store.getLastCheckedAt();
    const active = store.list({ status: "active" });
    const result = evaluateDueReminders({
      reminders: active,
      lastCheckedAt,
      now,
      ...(deviceWasOff !== undefined ? { deviceWasOff } : {}),
      ...(options.due ? { options: options.due } : {}),
    });
    const fired: ReminderDueEvent[] = [];
    const missedItems: ReminderMissedEvent["items"] = [];
    for (const outcome of result.outcomes) {
      // Claimed in the store first: only what this call newly recorded is announced.
      const applied = store.applyOutcome(outcome, now);
      const isNew = (list: Date[], at: Date) => list.some((d) => d.getTime() === at.getTime());
      for (const occurrence of outcome.fired) {
        if (!isNew(applied.fired, occurrence.occurrenceAt)) continue;
        fired.push({
          type: "reminder-due",
          reminder: outcome.reminder,
          occurrenceAt: occurrence.occurrenceAt,
          kind: occurrence.kind,
          lateMs: occurrence.lateMs,
          message: formatFiredMessage(outcome.reminder.title, outcome.reminder.lang),
        });
      }
      for (const occurrence of outcome.missed) {
        if (isNew(applied.missed, occurrence.occurrenceAt)) missedItems.push({ reminder: outcome.reminder, occurrenceAt: occurrence.occurrenceAt });
      }
    }
    lastChecked = now;
    if (result.outcomes.length > 0 || Math.abs(now.getTime() - lastPersisted) >= persistEveryMs) {
      store.setLastCheckedAt(now);
      lastPersisted = now.getTime();
    }
    let missed: ReminderMissedEvent | null = null;
    if (missedItems.length > 0) {
      const first = missedItems[0]!.reminder;
      missed = {
        type: "reminder-missed",
        items: missedItems,
        deviceWasOff: result.deviceWasOff,
        message: formatMissedNotice(
          missedItems.map((i) => ({ title: i.reminder.title, occurrenceAt: i.occurrenceAt })),
          { now, timeZone: options.timeZone ?? first.timeZone, lang: first.lang, deviceWasOff: result.deviceWasOff },
        ),
      };
    }
    for (const event of fired) {
      try {
        options.onFire(event);
      } catch (error) {
        reportError(error);
      }
    }
    if (missed) {
      try {
        options.onMissed(missed);
      } catch (error) {
        reportError(error);
      }
    }
    return { at: now, fired, missed };
  };

  const arm = (): void => {
    if (handle !== null) timers.clearTimeout(handle);
    handle = null;
    armedFor = null;
    if (!running) return;
    const now = clock.now();
    const wake = nextWakeAt(store.list({ status: "active" }));
    const delay = Math.max(0, Math.min(maxSleepMs, wake ? wake.getTime() - now.getTime() : maxSleepMs));
    armedFor = new Date(now.getTime() + delay);
    handle = timers.setTimeout(() => {
      handle = null;
      try {
        check();
      } catch (error) {
        reportError(error);
      }
      arm();
    }, delay);
  };

  return {
    start() {
      running = true;
      // The process was not running before this: whatever came due since was missed or is late.
      const result = check(true);
      arm();
      return result;
    },
    tick() {
      return check();
    },
    reschedule() {
      arm();
    },
    stop() {
      running = false;
      if (lastChecked) store.setLastCheckedAt(lastChecked);
      if (handle !== null) timers.clearTimeout(handle);
      handle = null;
      armedFor = null;
    },
    nextCheckAt() {
      return armedFor;
    },
  };
}
