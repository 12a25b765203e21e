// Her Home Assistant connection as she set it on the device: the address, a long-lived access token
// and her good-night scene. Kept in SQLite (never in config.json); the token is never sent back out.
import { z } from "zod";
import type { Db } from "../storage/database.js";
import { formatZodError, InputError } from "../errors.js";

const sensorId = z.string().regex(/^sensor\.[a-z0-9_]{1,100}$/, "expected a sensor entity id, e.g. sensor.pixel_7_next_alarm");

export const homeAssistantSettingsSchema = z
  .object({
    url: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//.test(u), "expected http:// or https://")
      .nullable()
      .default(null),
    token: z.string().min(1).max(2000).nullable().default(null),
    /** The scene "晚安 / good night" turns on, by name or entity id (scene.good_night); null: none. */
    goodNightScene: z.string().min(1).max(200).nullable().default(null),
    /** Her phone's next-alarm sensor from the HA companion app, read every 10 minutes; null: none. */
    nextAlarmSensor: sensorId.nullable().default(null),
  })
  .strict();

export type HomeAssistantSettings = z.infer<typeof homeAssistantSettingsSchema>;

export const homeAssistantPatchSchema = z
  .object({
    url: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//.test(u), "expected http:// or https://")
      .nullable(),
    token: z.string().trim().min(1).max(2000).nullable(),
    goodNightScene: z.string().trim().min(1).max(200).nullable(),
    nextAlarmSensor: sensorId.nullable(),
  })
  .partial()
  .strict();

export function createHomeSettingsStore(db: Db, now: () => Date, defaults: { url?: string | undefined; token?: string | undefined }) {
  const read = db.prepare("SELECT value FROM home_settings WHERE key = 'homeAssistant'");
  const write = db.prepare(
    "INSERT INTO home_settings (key, value, updated_at) VALUES ('homeAssistant', ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
  );
  function get(): HomeAssistantSettings {
    const row = read.get() as { value: string } | undefined;
    let stored: unknown = {};
    try {
      stored = row ? JSON.parse(row.value) : {};
    } catch {
      stored = {};
    }
    const parsed = homeAssistantSettingsSchema.safeParse(stored);
    const value = parsed.success ? parsed.data : homeAssistantSettingsSchema.parse({});
    // The maker's config (url, token from an environment variable) fills what she has not set.
    return { ...value, url: value.url ?? defaults.url ?? null, token: value.token ?? defaults.token ?? null };
  }
  return {
    get,
    update(patch: unknown): HomeAssistantSettings {
      const parsed = homeAssistantPatchSchema.safeParse(patch);
      if (!parsed.success) throw new InputError(formatZodError(parsed.error));
      const row = read.get() as { value: string } | undefined;
      const current = homeAssistantSettingsSchema.safeParse(row ? JSON.parse(row.value) : {});
      const next = homeAssistantSettingsSchema.parse({ ...(current.success ? current.data : {}), ...parsed.data });
      write.run(JSON.stringify(next), now().toISOString());
      return get();
    },
    /** What the API shows: never the token itself. */
    view(): Omit<HomeAssistantSettings, "token"> & { tokenSet: boolean } {
      const { token, ...rest } = get();
      return { ...rest, tokenSet: token !== null };
    },
  };
}

export type HomeSettingsStore = ReturnType<typeof createHomeSettingsStore>;
