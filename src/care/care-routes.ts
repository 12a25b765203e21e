// /api/v1/signals and /api/v1/care: signals from the device, a paired computer or phone; what Guimi
// said first and why; her care settings (cycle tracking, weather location, daily budget).
import { z } from "zod";
import { readJson, type ApiRouter } from "../kernel/http.js";
import { describeApiPaths, jsonBody } from "../kernel/openapi-paths.js";
import { detectLanguage } from "../kernel/lang.js";
import { InputError } from "../errors.js";
import type { CareEngine } from "./care-engine.js";
import { signalRequestSchema, toCareSignal } from "./care-signal.js";
import type { CareDelivery } from "./care-context.js";

const date = z.string().regex(/^\d{4}-\d\d-\d\d$/, "expected YYYY-MM-DD");

export const careSettingsPatchSchema = z
  .object({
    cycle: z
      .object({ enabled: z.boolean(), lastStart: date.nullable(), lengthDays: z.number().int().min(20).max(45) })
      .partial()
      .strict(),
    weatherLocation: z
      .object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) })
      .strict()
      .nullable(),
    dailyBudget: z.number().int().min(0).max(20),
  })
  .partial()
  .strict();

const limitSchema = z.coerce.number().int().min(1).max(500).default(50);

describeApiPaths({
  "/signals": {
    post: {
      summary: "A signal for proactive care: activity, phone.alarm_set, phone.calendar, location, weather, face, touch, utterance, device.power, ack",
      requestBody: jsonBody(signalRequestSchema),
      responses: {
        "200": { description: "{recorded, said: care messages said right away}" },
        "400": { description: "bad signal (the message names the field)" },
      },
    },
  },
  "/care": { get: { summary: "Recent care messages with the rule and the reason (why Guimi said it)", responses: { "200": { description: "{messages}" } } } },
  "/weather": {
    get: {
      summary:
        "The latest weather Guimi knows: from a paired device's weather signal, or from Open-Meteo when she enabled the weather connection and set a location; never made up",
      responses: {
        "200": {
          description:
            '{current: {condition, tempC (number, or null when the source did not say), at (ISO time it was reported), source: "signal" | "open-meteo"} | null} — null when nothing from the last 12 hours is known',
        },
      },
    },
  },
  "/care/settings": {
    get: { summary: "Care settings", responses: { "200": { description: "{settings}" } } },
    patch: {
      summary: "Change care settings (cycle tracking, weather location, daily budget)",
      requestBody: jsonBody(careSettingsPatchSchema),
      responses: { "200": { description: "{settings}" } },
    },
  },
});

export function careMessageJson(d: CareDelivery) {
  return {
    id: d.id,
    at: d.at.toISOString(),
    rule: d.rule,
    reason: d.reason,
    text: d.text,
    lang: d.lang,
    messageId: d.messageId,
    respondedAt: d.respondedAt?.toISOString() ?? null,
    /** What it offered to do (play, lamp), or null. */
    offer: d.offer ?? null,
  };
}

/** Routes for a given engine. */
export function careRoutes(engine: CareEngine, now: () => Date): (api: ApiRouter) => void {
  return (api) => {
    api.post("/signals", async (c) => {
      const body = (await readJson(c, signalRequestSchema)) as Record<string, unknown> & { type: string; at?: string };
      const current = now();
      const at = body.at ? new Date(body.at) : current;
      // A phone's clock may be a little off; a signal from tomorrow is a bug, not a fact.
      if (at.getTime() > current.getTime() + 5 * 60_000) throw new InputError("at: in the future");
      const said = await engine.signal(toCareSignal(body, at, (text) => detectLanguage(text)));
      return c.json({ recorded: true, said: said.map(careMessageJson) });
    });
    api.get("/care", (c) => {
      const parsed = limitSchema.safeParse(c.req.query("limit") ?? undefined);
      if (!parsed.success) throw new InputError("limit: expected 1–500");
      return c.json({ messages: engine.recent(parsed.data).map(careMessageJson) });
    });
    api.get("/weather", async (c) => {
      const current = await engine.currentWeather({ refresh: true });
      return c.json({ current: current ? { condition: current.condition, tempC: current.tempC, at: current.at.toISOString(), source: current.source } : null });
    });
    api.get("/care/settings", (c) => c.json({ settings: engine.settings() }));
    api.patch("/care/settings", async (c) => {
      const patch = await readJson(c, careSettingsPatchSchema);
      const current = engine.settings();
      const settings = engine.updateSettings({
        ...(patch.cycle ? { cycle: { ...current.cycle, ...patch.cycle } } : {}),
        ...(patch.weatherLocation !== undefined ? { weatherLocation: patch.weatherLocation } : {}),
        ...(patch.dailyBudget !== undefined ? { dailyBudget: patch.dailyBudget } : {}),
      });
      return c.json({ settings });
    });
  };
}
