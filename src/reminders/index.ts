// Public surface of the reminders capability (issue 4): parse, schedule, store, calendar, CLI.
export type { NewReminder, Reminder, ReminderStatus } from "./reminder.js";
export { parseReminderRequest, detectLang, type ParseOptions, type ReminderRequest } from "./parse-reminder-request.js";
export { parseReminderCommand, matchReminder, defaultSnoozeMinutes, type CommandOptions, type ReminderCommand } from "./parse-reminder-command.js";
export { nextOccurrence, nextOccurrenceOf, previousOccurrenceOf, occurrencesBetween, normalizeRrule, RecurrenceRuleError } from "./recurrence.js";
export {
  evaluateDueReminders,
  nextWakeAt,
  defaultDueOptions,
  type DueInput,
  type DueOptions,
  type DueResult,
  type Occurrence,
  type ReminderOutcome,
} from "./due-reminders.js";
export { snoozeReminder, completeReminder, cancelReminder } from "./reminder-transitions.js";
export { createReminderStore, reminderMigrations, newReminderId, type FiringRecord, type ReminderStore } from "./reminder-store.js";
export { exportRemindersToIcs, importRemindersFromIcs, IcsImportError, maxIcsBytes, type IcsImportOptions, type IcsImportResult } from "./reminder-ics.js";
export {
  createReminderScheduler,
  type Clock,
  type ReminderCheck,
  type ReminderDueEvent,
  type ReminderMissedEvent,
  type ReminderScheduler,
  type ReminderSchedulerOptions,
  type TimerFunctions,
} from "./reminder-scheduler.js";
export { runRemindCommand, remindUsage, type RemindCommandIo } from "./remind-command.js";
export {
  createReminderBodySchema,
  createReminderFromTextSchema,
  createReminderStructuredSchema,
  toNewReminder,
  type CreateReminderBody,
} from "./reminder-api-schema.js";
export { formatConfirmation, formatFiredMessage, formatMissedNotice, describeRecurrence } from "./reminder-wording.js";
export { isValidTimeZone, zonedParts, zonedTimeToInstant } from "./zoned-time.js";
