// `guimi remind …` for the CLI (and anything else with argv-style input). Returns an exit code:
// 0 ok, 2 bad input with a message naming what was wrong. The lead wires it into src/cli.
//   guimi remind "<text>" [--json]
//   guimi remind list [--all] | cancel <id> | done <id> | snooze <id> <minutes>
//   guimi remind export > reminders.ics | import <file.ics>
import { readFileSync, statSync } from "node:fs";
import type { Db } from "../storage/database.js";
import { parseReminderRequest } from "./parse-reminder-request.js";
import type { Reminder } from "./reminder.js";
import { exportRemindersToIcs, IcsImportError, importRemindersFromIcs, maxIcsBytes } from "./reminder-ics.js";
import { createReminderStore } from "./reminder-store.js";
import { admitReminders, frequentAllowance } from "./reminder-limits.js";
import { completeReminder, snoozeReminder } from "./reminder-transitions.js";
import { describeLine, reminderJson, reminderReplies } from "./reminder-actions.js";

export interface RemindCommandIo {
  db: Db;
  now: Date;
  /** The device's IANA zone. */
  timeZone: string;
  /** Writes one chunk of output (a line, or the whole .ics); the caller adds nothing. */
  output(text: string): void;
  /** Error messages; defaults to `output`. */
  error?(text: string): void;
  /** Machine-readable output; `--json` in args also turns it on. */
  json?: boolean;
}

export const remindUsage = `usage:
  guimi remind "<text>" [--json]        明天下午三点提醒我给妈妈打电话 / remind me to call mom tomorrow at 3pm
  guimi remind list [--all] [--json]
  guimi remind cancel <id>
  guimi remind done <id>
  guimi remind snooze <id> <minutes>
  guimi remind export > reminders.ics
  guimi remind import <file.ics>`;

export function runRemindCommand(args: string[], io: RemindCommandIo): number {
  const json = io.json === true || args.includes("--json");
  const rest = args.filter((a) => a !== "--json");
  const out = (value: unknown) => io.output(json ? JSON.stringify(value, null, 2) + "\n" : String(value) + "\n");
  const fail = (message: string): number => {
    (io.error ?? io.output)(json ? JSON.stringify({ error: message }) + "\n" : `error: ${message}\n`);
    return 2;
  };
  const store = createReminderStore(io.db);
  const [sub, ...params] = rest;
  if (!sub) return fail(`missing reminder text or subcommand\n${remindUsage}`);

  const byId = (id: string | undefined): Reminder | string => {
    if (!id) return `missing reminder id\n${remindUsage}`;
    return store.get(id) ?? `unknown reminder id "${id}" (see: guimi remind list) / 没有这个提醒`;
  };

  switch (sub) {
    case "list": {
      const all = params.includes("--all");
      const reminders = store.list(all ? {} : { status: "active" });
      if (json) out(reminders.map((r) => reminderJson(r)));
      else out(reminders.length ? reminders.map(describeLine).join("\n") : "还没有提醒 / no reminders");
      return 0;
    }
    case "cancel": {
      const found = byId(params[0]);
      if (typeof found === "string") return fail(found);
      const cancelled = store.cancel(found.id, io.now)!;
      out(json ? reminderJson(cancelled) : reminderReplies.cancelled(found));
      return 0;
    }
    case "done": {
      const found = byId(params[0]);
      if (typeof found === "string") return fail(found);
      const next = completeReminder(found);
      store.update(next, io.now);
      out(json ? reminderJson(next) : reminderReplies.done(found));
      return 0;
    }
    case "snooze": {
      const found = byId(params[0]);
      if (typeof found === "string") return fail(found);
      const minutesText = params[1];
      if (!minutesText || !/^\d+$/.test(minutesText) || Number(minutesText) < 1 || Number(minutesText) > 7 * 24 * 60) {
        return fail(`snooze minutes must be a whole number from 1 to ${7 * 24 * 60}, got "${minutesText ?? ""}"`);
      }
      if (found.status === "cancelled") return fail(`reminder "${found.id}" is cancelled`);
      const until = new Date(io.now.getTime() + Number(minutesText) * 60_000);
      const next = snoozeReminder(found, until);
      store.update(next, io.now);
      out(json ? reminderJson(next) : reminderReplies.snoozed(found, Number(minutesText)));
      return 0;
    }
    case "export": {
      io.output(exportRemindersToIcs(store.list(), { now: io.now }));
      return 0;
    }
    case "import": {
      const file = params[0];
      if (!file) return fail(`missing .ics file path\n${remindUsage}`);
      let content: string;
      try {
        const size = statSync(file).size;
        if (size > maxIcsBytes) return fail(`${file}: file too large: ${size} bytes (limit ${maxIcsBytes})`);
        content = readFileSync(file, "utf8");
      } catch (error) {
        return fail(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      let result;
      try {
        result = importRemindersFromIcs(content, {
          now: io.now,
          timeZone: io.timeZone,
          frequentAllowance: frequentAllowance(store.list({ status: "active" })),
        });
      } catch (error) {
        if (error instanceof IcsImportError) return fail(`${file}: ${error.message}`);
        throw error;
      }
      const { admitted, refused } = admitReminders(store.list({ status: "active" }), result.reminders);
      for (const { reminder, reason } of refused) result.skipped.push({ uid: "", summary: reminder.title, reason });
      const added = io.db.transaction(() => admitted.map((r) => store.add(r, io.now)))();
      if (json) out({ imported: added.map((r) => reminderJson(r)), skipped: result.skipped });
      else {
        const lines = [`imported ${added.length} reminder(s) / 导入了${added.length}个提醒`];
        for (const s of result.skipped) lines.push(`  skipped ${s.summary || s.uid || "(untitled)"}: ${s.reason}`);
        out(lines.join("\n"));
      }
      return 0;
    }
    case "help":
    case "--help":
      out(remindUsage);
      return 0;
    default: {
      const text = rest.join(" ");
      const request = parseReminderRequest(text, { now: io.now, timeZone: io.timeZone });
      if (!request) return fail(`no reminder time found in "${text}" — try e.g. "明天下午三点提醒我给妈妈打电话" or "remind me to call mom tomorrow at 3pm"`);
      if (request.inPast) return fail(request.confirmation);
      const reminder = store.add(
        {
          title: request.title,
          lang: request.lang,
          dueAt: request.dueAt,
          ...(request.rrule ? { rrule: request.rrule } : {}),
          timeZone: io.timeZone,
          sourceText: request.sourceText,
        },
        io.now,
      );
      out(json ? { reminder: reminderJson(reminder), confirmation: request.confirmation } : `${request.confirmation}  (id ${reminder.id})`);
      return 0;
    }
  }
}
