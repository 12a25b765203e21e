// The reminder record shared by the parser, the due logic, the store and the calendar export.
import type { Lang } from "../kernel/lang.js";

export type ReminderStatus = "active" | "done" | "cancelled";

export interface Reminder {
  id: string;
  /** What to be reminded of, in her words ("给妈妈打电话", "call mom"); may be "" ("20分钟后叫我"). */
  title: string;
  lang: Lang;
  /** The pending occurrence: the one-off time, or for a recurring reminder the next occurrence. */
  dueAt: Date;
  /** RFC 5545 RRULE body without DTSTART ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=8;BYMINUTE=0;BYSECOND=0"). */
  rrule?: string;
  /** IANA zone in which the recurrence's wall-clock times are meant. */
  timeZone: string;
  status: ReminderStatus;
  /** A snoozed firing pending on top of the schedule. */
  snoozedUntil?: Date;
  lastFiredAt?: Date;
  createdAt: Date;
  sourceText?: string;
}

/** Fields a caller provides to create one; the store fills id, status and createdAt. */
export interface NewReminder {
  title: string;
  lang: Lang;
  dueAt: Date;
  rrule?: string;
  timeZone: string;
  sourceText?: string;
}
