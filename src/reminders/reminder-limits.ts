// How many reminders may be active at once. Each active one is evaluated at every check; a rule that
// rings every minute costs a walk each minute, so those are few. Pure: takes what is active and what comes.
import rrulePackage from "rrule";
import type { NewReminder, Reminder } from "./reminder.js";

const { RRule } = rrulePackage;

export const maxActiveReminders = 2000;
/** Reminders ringing more than once an hour ("every 5 minutes"): nobody needs many of those. */
export const maxActiveFrequentReminders = 20;

/** True when the rule may ring more than once in an hour (FREQ=MINUTELY, several BYMINUTE values). */
export function ringsMoreThanHourly(rrule: string | undefined): boolean {
  if (!rrule) return false;
  try {
    const options = RRule.parseString(rrule.replace(/^RRULE:/i, ""));
    return options.freq === RRule.MINUTELY || options.freq === RRule.SECONDLY || (Array.isArray(options.byminute) && options.byminute.length > 1);
  } catch {
    return false;
  }
}

/** How many more reminders ringing more than once an hour fit beside `active`. */
export function frequentAllowance(active: readonly Pick<Reminder, "rrule" | "status">[]): number {
  return Math.max(0, maxActiveFrequentReminders - active.filter((r) => r.status === "active" && ringsMoreThanHourly(r.rrule)).length);
}

/** Splits `incoming` into what fits beside `active` and what is refused, each with the reason. */
export function admitReminders<T extends Pick<NewReminder, "rrule">>(
  active: readonly Pick<Reminder, "rrule" | "status">[],
  incoming: readonly T[],
): { admitted: T[]; refused: { reminder: T; reason: string }[] } {
  let total = active.filter((r) => r.status === "active").length;
  let frequent = active.filter((r) => r.status === "active" && ringsMoreThanHourly(r.rrule)).length;
  const admitted: T[] = [];
  const refused: { reminder: T; reason: string }[] = [];
  for (const reminder of incoming) {
    if (total >= maxActiveReminders) {
      refused.push({ reminder, reason: `already ${maxActiveReminders} active reminders / 提醒太多了` });
      continue;
    }
    if (ringsMoreThanHourly(reminder.rrule)) {
      if (frequent >= maxActiveFrequentReminders) {
        refused.push({ reminder, reason: `rrule: already ${maxActiveFrequentReminders} reminders ringing more than once an hour / 太频繁的提醒太多了` });
        continue;
      }
      frequent++;
    }
    total++;
    admitted.push(reminder);
  }
  return { admitted, refused };
}
