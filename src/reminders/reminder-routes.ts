// /api/v1/reminders: list, add (her words or structured), snooze, done, delete, .ics export and import.
import { z } from "zod";
import { readJson, type ApiRouter } from "../kernel/http.js";
import { binaryBody, describeApiPaths, jsonBody } from "../kernel/openapi-paths.js";
import type { Db } from "../storage/database.js";
import { GuimiError, InputError, NotFoundError } from "../errors.js";
import { parseId, tokenIdSchema } from "../kernel/ids.js";
import { createReminderBodySchema } from "./reminder-api-schema.js";
import { reminderJson, type ReminderActions } from "./reminder-actions.js";
import { exportRemindersToIcs, IcsImportError, importRemindersFromIcs, maxIcsBytes } from "./reminder-ics.js";
import { frequentAllowance } from "./reminder-limits.js";

const snoozeSchema = z
  .object({
    minutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60),
  })
  .strict();

describeApiPaths({
  "/reminders": {
    get: { summary: "Reminders (active by default; ?all=true for every one)", responses: { "200": { description: "{reminders}" } } },
    post: {
      summary: "Add a reminder from her words ({text}) or structured ({title, dueAt, rrule?, timeZone?})",
      requestBody: jsonBody(createReminderBodySchema),
      responses: { "200": { description: "{reminder, confirmation}" }, "400": { description: "no time found, in the past, or bad fields" } },
    },
  },
  "/reminders/{id}/snooze": { post: { summary: "Snooze", requestBody: jsonBody(snoozeSchema), responses: { "200": { description: "{reminder, message}" } } } },
  "/reminders/{id}/done": { post: { summary: "Mark done", responses: { "200": { description: "{reminder, message}" } } } },
  "/reminders/{id}": { delete: { summary: "Delete a reminder and its history", responses: { "200": { description: "deleted" } } } },
  "/reminders/export.ics": { get: { summary: "All reminders as iCalendar", responses: { "200": { description: "text/calendar" } } } },
  "/reminders/import": {
    post: {
      summary: "Import an .ics file (body: text/calendar)",
      requestBody: binaryBody(["text/calendar"], maxIcsBytes),
      responses: { "200": { description: "{imported, skipped}" } },
    },
  },
});

export interface ReminderRouteDeps {
  actions: ReminderActions;
  /** Imports are one transaction. */
  db: Db;
  now(): Date;
  timeZone(): string;
}

export const reminderRoutes = (app: ReminderRouteDeps) => (api: ApiRouter) => {
  const { actions } = app;
  api.get("/reminders", (c) => c.json({ reminders: actions.list(c.req.query("all") === "true").map((r) => reminderJson(r, app.now())) }));
  api.post("/reminders", async (c) => {
    const body = await readJson(c, createReminderBodySchema);
    const { reminder, confirmation } = actions.create(body, app.now());
    return c.json({ reminder: reminderJson(reminder, app.now()), confirmation });
  });
  api.post("/reminders/:id/snooze", async (c) => {
    const { minutes } = await readJson(c, snoozeSchema);
    const { reminder, message } = actions.snooze(parseId(tokenIdSchema, c.req.param("id")), minutes, app.now());
    return c.json({ reminder: reminderJson(reminder, app.now()), message });
  });
  api.post("/reminders/:id/done", (c) => {
    const { reminder, message } = actions.done(parseId(tokenIdSchema, c.req.param("id")), app.now());
    return c.json({ reminder: reminderJson(reminder, app.now()), message });
  });
  api.delete("/reminders/:id", (c) => {
    const id = parseId(tokenIdSchema, c.req.param("id"));
    if (!actions.remove(id)) throw new NotFoundError(`no reminder ${id}`);
    return c.json({ deleted: true });
  });
  api.get("/reminders/export.ics", (c) => {
    c.header("content-type", "text/calendar; charset=utf-8");
    c.header("content-disposition", 'attachment; filename="guimi-reminders.ics"');
    return c.body(exportRemindersToIcs(actions.list(true), { now: app.now() }));
  });
  api.post("/reminders/import", async (c) => {
    const text = await c.req.text();
    if (text.length > maxIcsBytes) throw new InputError(`body: larger than ${maxIcsBytes} bytes`);
    let result;
    try {
      result = importRemindersFromIcs(text, { now: app.now(), timeZone: app.timeZone(), frequentAllowance: frequentAllowance(actions.list()) });
    } catch (error) {
      // Whatever the calendar parser chokes on is her file, not Guimi: a 400 naming the body, never a 500.
      if (error instanceof IcsImportError) throw new InputError(`body: ${error.message}`);
      throw new InputError(`body: not a calendar Guimi can read (${error instanceof Error ? error.message.slice(0, 200) : "unreadable"})`, { cause: error });
    }
    // One transaction: an event the reminder rules refuse (too many frequent ones, say) is reported and skipped,
    // anything else unexpected leaves nothing half-imported.
    const skipped = [...result.skipped];
    let imported;
    try {
      imported = app.db.transaction(() => {
        const created = [];
        for (const r of result.reminders) {
          try {
            created.push(
              actions.create(
                { title: r.title, dueAt: r.dueAt.toISOString(), ...(r.rrule ? { rrule: r.rrule } : {}), timeZone: r.timeZone, lang: r.lang },
                app.now(),
              ).reminder,
            );
          } catch (error) {
            if (!(error instanceof InputError)) throw error;
            skipped.push({ uid: "", summary: r.title, reason: error.message });
          }
        }
        return created;
      })();
    } catch (error) {
      if (error instanceof GuimiError) throw error;
      throw new InputError(`body: an event Guimi cannot keep (${error instanceof Error ? error.message.slice(0, 200) : "unreadable"})`, { cause: error });
    }
    return c.json({ imported: imported.map((r) => reminderJson(r)), skipped });
  });
};
