// The reminders capability: her reminders, the scheduler that fires them (and reports the ones missed while
// the device was off), the fast path ("明天下午三点提醒我…", "我有哪些提醒", "好了"), its routes, tools and 我的数据.
// The root mounts it with explicit dependencies; it knows nothing of the app, server or CLI.
import { z } from "zod";
import { defineCapability, type Capability, type Tool } from "../kernel/capability.js";
import type { GuimiEvents } from "../kernel/event-bus.js";
import type { Lang } from "../kernel/lang.js";
import type { Db } from "../storage/database.js";
import { parseReminderCommand } from "./parse-reminder-command.js";
import { createReminderActions, reminderJson, type ReminderActions } from "./reminder-actions.js";
import { remindersCategory } from "./reminder-data-category.js";
import { createReminderIntent, type LastFired } from "./reminder-intent.js";
import { reminderRoutes } from "./reminder-routes.js";
import { createReminderScheduler, type ReminderScheduler, type TimerFunctions } from "./reminder-scheduler.js";
import { createReminderStore, reminderMigrations } from "./reminder-store.js";

export interface RemindersDeps {
  db: Db;
  now: () => Date;
  timeZone: () => string;
  /** Says something first: a reminder ringing, or the ones that came due while the device was off. */
  deliver(message: Omit<GuimiEvents["care-message"], "messageId" | "at">): number;
}

export interface RemindersCapability extends Capability {
  actions: ReminderActions;
  /**
   * Starts firing reminders: on real timers (the daemon, in-process chat), or on inert ones the simulation
   * drives with tick(). Apart from the generic start(), which one-shot commands and the simulation never call.
   */
  startScheduler(timers?: TimerFunctions): void;
  /** One check at the clock's now (the simulation's step). */
  tick(): void;
  stopScheduler(): void;
  /** A whole reminder command (not a "clarify"): voice ends her turn on a shorter pause after one. */
  looksComplete(text: string): boolean;
  /** Loads the date parsers the first reminder would otherwise wait for. */
  warmUp(): void;
}

const lang = z.enum(["zh", "en"]).optional();

export const remindersCapability = defineCapability<RemindersDeps, RemindersCapability>({
  name: "reminders",
  migrations: reminderMigrations,
  create({ db, now, timeZone, deliver }) {
    const store = createReminderStore(db);
    let scheduler: ReminderScheduler | null = null;
    let lastFired: LastFired | null = null;
    const actions = createReminderActions(store, { timeZone, onChange: () => scheduler?.reschedule() });

    const tools: Tool[] = [
      {
        name: "reminders_add",
        description: "Set a reminder from a sentence in Chinese or English, e.g. '明天下午三点提醒我给妈妈打电话' or 'remind me in 20 minutes to stretch'.",
        input: z.object({ text: z.string().trim().min(1).max(500), lang }).strict(),
        run(input) {
          const { text, lang: l } = input as { text: string; lang?: Lang };
          const at = now();
          const { reminder, confirmation } = actions.create({ text, ...(l ? { lang: l } : {}) }, at);
          return { reminder: reminderJson(reminder, at), confirmation };
        },
      },
      {
        name: "reminders_list",
        description: "Her active reminders (or all, with all=true), soonest first.",
        input: z.object({ all: z.boolean().optional() }).strict(),
        run(input) {
          const at = now();
          return actions.list((input as { all?: boolean }).all ?? false).map((r) => reminderJson(r, at));
        },
      },
    ];

    return {
      name: "reminders",
      actions,
      routes: reminderRoutes({ actions, db, now, timeZone }),
      intents: [createReminderIntent({ actions, timeZone, lastFired: () => lastFired })],
      tools,
      dataCategories: [remindersCategory(store)],
      startScheduler(timers) {
        if (scheduler) return;
        scheduler = createReminderScheduler({
          store,
          clock: { now },
          timeZone: timeZone(),
          ...(timers ? { timers } : {}),
          onFire: (event) => {
            lastFired = { reminderId: event.reminder.id, at: now() };
            const zh = event.reminder.lang === "zh";
            deliver({
              kind: "reminder",
              rule: "reminder",
              reason: zh ? `你设的提醒：${event.reminder.title}` : `the reminder you set: ${event.reminder.title}`,
              text: event.message,
              lang: event.reminder.lang,
              reminderId: event.reminder.id,
            });
          },
          onMissed: (event) => {
            const first = event.items[0]?.reminder;
            deliver({
              kind: "missed-reminder",
              rule: "reminder-missed",
              reason: first?.lang === "en" ? "reminders that came due while I was off or asleep" : "在我关机或休眠时到点的提醒",
              text: event.message,
              lang: first?.lang ?? "zh",
            });
          },
          onError: (error) => console.error("reminder scheduler:", error),
        });
        scheduler.start();
      },
      tick: () => scheduler?.tick(),
      stopScheduler() {
        scheduler?.stop();
        scheduler = null;
      },
      looksComplete(text) {
        const command = parseReminderCommand(text, { now: now(), timeZone: timeZone() });
        return command !== null && command.kind !== "clarify";
      },
      warmUp() {
        parseReminderCommand("明天下午三点提醒我喝水", { now: now(), timeZone: timeZone(), lang: "zh" });
        parseReminderCommand("remind me in 20 minutes to stretch", { now: now(), timeZone: timeZone(), lang: "en" });
      },
      close() {
        scheduler?.stop();
        scheduler = null;
      },
    };
  },
});
