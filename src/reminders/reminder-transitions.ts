// What her commands do to a reminder. Pure: each returns the new state.
import type { Reminder } from "./reminder.js";

/** Fire again at `until`. Revives a one-off that already fired. */
export function snoozeReminder(reminder: Reminder, until: Date): Reminder {
  if (reminder.status === "cancelled") return reminder;
  return { ...reminder, status: "active", snoozedUntil: until };
}

/** "好了/做完了": a one-off is finished; a recurring one keeps its schedule but drops any pending snooze. */
export function completeReminder(reminder: Reminder): Reminder {
  const { snoozedUntil: _dropped, ...rest } = reminder;
  if (reminder.status === "cancelled") return reminder;
  return reminder.rrule ? rest : { ...rest, status: "done" };
}

/** Cancelled for good, including every future occurrence. */
export function cancelReminder(reminder: Reminder): Reminder {
  const { snoozedUntil: _dropped, ...rest } = reminder;
  return { ...rest, status: "cancelled" };
}
