// Durable reminders in the shared SQLite file. Every write is one transaction; a firing is claimed by
// inserting (reminder_id, occurrence_at) under a UNIQUE constraint in the same transaction that
// advances the reminder, so one occurrence can never fire twice, even across a crash or a restart.
import type { Lang } from "../kernel/lang.js";
import { randomBytes } from "node:crypto";
import type { Db, MigrationSet } from "../storage/database.js";
import type { ReminderOutcome } from "./due-reminders.js";
import type { NewReminder, Reminder, ReminderStatus } from "./reminder.js";

export const reminderMigrations: MigrationSet = {
  module: "reminders",
  migrations: [
    {
      version: 1,
      name: "reminders and firings",
      up: `
        CREATE TABLE reminders (
          id TEXT PRIMARY KEY,
          title TEXT NOT NULL,
          lang TEXT NOT NULL CHECK (lang IN ('zh', 'en')),
          due_at TEXT NOT NULL,
          rrule TEXT,
          time_zone TEXT NOT NULL,
          status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'done', 'cancelled')),
          snoozed_until TEXT,
          last_fired_at TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          source_text TEXT
        );
        CREATE INDEX reminders_status_due ON reminders (status, due_at);
        CREATE TABLE reminder_firings (
          reminder_id TEXT NOT NULL REFERENCES reminders (id) ON DELETE CASCADE,
          occurrence_at TEXT NOT NULL,
          outcome TEXT NOT NULL CHECK (outcome IN ('fired', 'missed')),
          recorded_at TEXT NOT NULL,
          UNIQUE (reminder_id, occurrence_at)
        );
        CREATE TABLE reminder_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      `,
    },
  ],
};

export interface FiringRecord {
  reminderId: string;
  occurrenceAt: Date;
  outcome: "fired" | "missed";
  recordedAt: Date;
}

export interface ReminderStore {
  add(input: NewReminder, now: Date): Reminder;
  get(id: string): Reminder | undefined;
  /** Ordered by due time; all statuses unless filtered. */
  list(filter?: { status?: ReminderStatus | ReminderStatus[] }): Reminder[];
  /** Replaces the mutable fields (title, due, rrule, zone, status, snooze, last fired). */
  update(reminder: Reminder, now: Date): void;
  cancel(id: string, now: Date): Reminder | undefined;
  /** Claims one occurrence as fired, optionally saving the advanced state; false if already recorded. */
  markFired(id: string, occurrenceAt: Date, firedAt: Date, next?: Reminder): boolean;
  /** Records one occurrence as missed, optionally saving the advanced state; false if already recorded. */
  markMissed(id: string, occurrenceAt: Date, at: Date, next?: Reminder): boolean;
  /** Applies one evaluated outcome atomically; returns only the occurrences newly recorded. */
  applyOutcome(outcome: ReminderOutcome, at: Date): { fired: Date[]; missed: Date[] };
  firings(id: string): FiringRecord[];
  getLastCheckedAt(): Date | null;
  setLastCheckedAt(at: Date): void;
  /** Deletes one reminder and its firings (erasure). */
  remove(id: string): boolean;
}

interface ReminderRow {
  id: string;
  title: string;
  lang: string;
  due_at: string;
  rrule: string | null;
  time_zone: string;
  status: string;
  snoozed_until: string | null;
  last_fired_at: string | null;
  created_at: string;
  source_text: string | null;
}

function toReminder(row: ReminderRow): Reminder {
  return {
    id: row.id,
    title: row.title,
    lang: row.lang as Lang,
    dueAt: new Date(row.due_at),
    ...(row.rrule ? { rrule: row.rrule } : {}),
    timeZone: row.time_zone,
    status: row.status as ReminderStatus,
    ...(row.snoozed_until ? { snoozedUntil: new Date(row.snoozed_until) } : {}),
    ...(row.last_fired_at ? { lastFiredAt: new Date(row.last_fired_at) } : {}),
    createdAt: new Date(row.created_at),
    ...(row.source_text !== null ? { sourceText: row.source_text } : {}),
  };
}

/** Short ids she can type: "guimi remind cancel 3f9a2c1e". */
export function newReminderId(): string {
  return randomBytes(4).toString("hex");
}

export function createReminderStore(db: Db, options: { newId?: () => string } = {}): ReminderStore {
  const newId = options.newId ?? newReminderId;
  const insert = db.prepare(`INSERT INTO reminders (id, title, lang, due_at, rrule, time_zone, status, created_at, updated_at, source_text)
    VALUES (@id, @title, @lang, @due_at, @rrule, @time_zone, 'active', @created_at, @created_at, @source_text)`);
  const selectOne = db.prepare("SELECT * FROM reminders WHERE id = ?");
  const selectAll = db.prepare("SELECT * FROM reminders ORDER BY due_at, created_at");
  const updateRow = db.prepare(`UPDATE reminders SET title = @title, lang = @lang, due_at = @due_at, rrule = @rrule,
    time_zone = @time_zone, status = @status, snoozed_until = @snoozed_until, last_fired_at = @last_fired_at,
    updated_at = @updated_at WHERE id = @id`);
  const insertFiring = db.prepare(`INSERT INTO reminder_firings (reminder_id, occurrence_at, outcome, recorded_at)
    VALUES (?, ?, ?, ?) ON CONFLICT (reminder_id, occurrence_at) DO NOTHING`);
  const selectFirings = db.prepare("SELECT * FROM reminder_firings WHERE reminder_id = ? ORDER BY occurrence_at");
  const getMeta = db.prepare("SELECT value FROM reminder_meta WHERE key = ?");
  const setMeta = db.prepare("INSERT INTO reminder_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  const deleteOne = db.prepare("DELETE FROM reminders WHERE id = ?");

  const get = (id: string): Reminder | undefined => {
    const row = selectOne.get(id) as ReminderRow | undefined;
    return row ? toReminder(row) : undefined;
  };

  const write = (reminder: Reminder, now: Date): void => {
    updateRow.run({
      id: reminder.id,
      title: reminder.title,
      lang: reminder.lang,
      due_at: reminder.dueAt.toISOString(),
      rrule: reminder.rrule ?? null,
      time_zone: reminder.timeZone,
      status: reminder.status,
      snoozed_until: reminder.snoozedUntil?.toISOString() ?? null,
      last_fired_at: reminder.lastFiredAt?.toISOString() ?? null,
      updated_at: now.toISOString(),
    });
  };

  const record = db.transaction((id: string, occurrenceAt: Date, outcome: "fired" | "missed", at: Date, next?: Reminder): boolean => {
    const inserted = insertFiring.run(id, occurrenceAt.toISOString(), outcome, at.toISOString()).changes === 1;
    if (inserted && next) write(next, at);
    return inserted;
  });

  return {
    add(input, now) {
      const id = newId();
      db.transaction(() => {
        insert.run({
          id,
          title: input.title,
          lang: input.lang,
          due_at: input.dueAt.toISOString(),
          rrule: input.rrule ?? null,
          time_zone: input.timeZone,
          created_at: now.toISOString(),
          source_text: input.sourceText ?? null,
        });
      })();
      return get(id)!;
    },
    get,
    list(filter = {}) {
      const all = (selectAll.all() as ReminderRow[]).map(toReminder);
      if (!filter.status) return all;
      const wanted = new Set(Array.isArray(filter.status) ? filter.status : [filter.status]);
      return all.filter((r) => wanted.has(r.status));
    },
    update(reminder, now) {
      db.transaction(() => write(reminder, now))();
    },
    cancel(id, now) {
      return db.transaction(() => {
        const current = get(id);
        if (!current) return undefined;
        const { snoozedUntil: _dropped, ...rest } = current;
        const next: Reminder = { ...rest, status: "cancelled" };
        write(next, now);
        return next;
      })();
    },
    markFired(id, occurrenceAt, firedAt, next) {
      return record(id, occurrenceAt, "fired", firedAt, next);
    },
    markMissed(id, occurrenceAt, at, next) {
      return record(id, occurrenceAt, "missed", at, next);
    },
    applyOutcome(outcome, at) {
      return db.transaction(() => {
        const id = outcome.reminder.id;
        const fired = outcome.fired.filter((o) => insertFiring.run(id, o.occurrenceAt.toISOString(), "fired", at.toISOString()).changes === 1);
        const missed = outcome.missed.filter((o) => insertFiring.run(id, o.occurrenceAt.toISOString(), "missed", at.toISOString()).changes === 1);
        // The state advances even when every occurrence was already recorded: that is the crash case
        // where the claim committed but an older state was read back.
        write(outcome.reminder, at);
        return { fired: fired.map((o) => o.occurrenceAt), missed: missed.map((o) => o.occurrenceAt) };
      })();
    },
    firings(id) {
      return (selectFirings.all(id) as { reminder_id: string; occurrence_at: string; outcome: "fired" | "missed"; recorded_at: string }[]).map((r) => ({
        reminderId: r.reminder_id,
        occurrenceAt: new Date(r.occurrence_at),
        outcome: r.outcome,
        recordedAt: new Date(r.recorded_at),
      }));
    },
    getLastCheckedAt() {
      const row = getMeta.get("last_checked_at") as { value: string } | undefined;
      return row ? new Date(row.value) : null;
    },
    setLastCheckedAt(at) {
      db.transaction(() => setMeta.run("last_checked_at", at.toISOString()))();
    },
    remove(id) {
      return db.transaction(() => deleteOne.run(id).changes === 1)();
    },
  };
}
