// What she sets on the device itself (touchscreen, voice): language, quiet hours, sensors, retention,
// outbound switches. Kept in SQLite; config.json (the maker's file) only supplies defaults.
import { z } from "zod";
import type { Db } from "../storage/database.js";
import { formatZodError, InputError } from "../errors.js";
import { HAN_CHARS } from "../kernel/lang.js";

/** Her own crisis line, shown first (e.g. a local service the built-in table lacks). */
const helplineSchema = z
  .object({
    name: z.string().trim().min(1).max(80),
    phone: z
      .string()
      .trim()
      .regex(/^[0-9+() -]{2,24}$/, "expected a phone number (digits, spaces, + ( ) -)"),
    hours: z.string().trim().max(40).optional(),
  })
  .strict();
/** "auto" follows her time zone; otherwise a region of the help-line table (perception/crisis/crisis-helplines.ts). */
const helplineRegion = z.enum(["auto", "CN", "HK", "TW", "US", "GB", "CA", "AU", "SG"]);

/** A wake phrase beside the persona's name: the keyword model (wenetspeech) only knows Chinese. */
const wakePhrase = z
  .string()
  .trim()
  .regex(
    new RegExp(`^[${HAN_CHARS}]{2,10}$`, "u"),
    "expected 2–10 Chinese characters such as 阿宝 (the wake-word model only knows Chinese) / 唤醒词要 2–10 个汉字",
  );
const wakePhrases = z.array(wakePhrase).max(8);

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected HH:MM (24-hour)");

export const userSettingsSchema = z
  .object({
    lang: z.enum(["zh", "en"]).default("zh"),
    quietHours: z.object({ start: clock, end: clock }).strict().default({ start: "23:30", end: "07:30" }),
    doNotDisturb: z.boolean().default(false),
    /** Conversations older than this many days are deleted automatically; null keeps them. */
    retentionDays: z.number().int().min(1).max(3650).nullable().default(null),
    /** Each sensor is off until she turns it on. */
    sensors: z
      .object({ microphone: z.boolean().default(false), camera: z.boolean().default(false), touch: z.boolean().default(false) })
      .strict()
      .prefault({}),
    /** Her own switches for outbound connections; unset ones follow config.json. */
    outbound: z
      .object({
        modelDownload: z.boolean(),
        remoteLlm: z.boolean(),
        weather: z.boolean(),
        homeAssistant: z.boolean(),
        mqttBroker: z.boolean(),
        radio: z.boolean(),
      })
      .partial()
      .strict()
      .default({}),
    /** Speaking out loud on the device's speaker (espeak-ng): proactive messages, and replies when `replies` is on. */
    speech: z
      .object({ enabled: z.boolean().default(false), replies: z.boolean().default(true) })
      .strict()
      .prefault({}),
    /** Which crisis help lines Guimi gives: her region (or "auto"), and her own line. */
    safety: z
      .object({ helplineRegion: helplineRegion.default("auto"), customHelpline: helplineSchema.nullable().default(null) })
      .strict()
      .prefault({}),
    /** What her gestures mean to the camera (each one switchable): open palm stops, thumbs up says yes, a wave greets. */
    gestures: z
      .object({ openPalmStop: z.boolean().default(true), thumbsUpYes: z.boolean().default(true), waveGreet: z.boolean().default(true) })
      .strict()
      .prefault({}),
    /** The wake word for hands-free `guimi listen` (off by default): the persona's name, plus her own phrases. */
    wakeWord: z
      .object({ enabled: z.boolean().default(false), phrases: wakePhrases.default([]) })
      .strict()
      .prefault({}),
  })
  .strict();

export type UserSettings = z.infer<typeof userSettingsSchema>;

/** A partial update: every field optional, nested objects merged. */
export const userSettingsPatchSchema = z
  .object({
    lang: z.enum(["zh", "en"]),
    quietHours: z.object({ start: clock, end: clock }).strict(),
    doNotDisturb: z.boolean(),
    retentionDays: z.number().int().min(1).max(3650).nullable(),
    sensors: z.object({ microphone: z.boolean(), camera: z.boolean(), touch: z.boolean() }).partial().strict(),
    outbound: z
      .object({
        modelDownload: z.boolean(),
        remoteLlm: z.boolean(),
        weather: z.boolean(),
        homeAssistant: z.boolean(),
        mqttBroker: z.boolean(),
        radio: z.boolean(),
      })
      .partial()
      .strict(),
    speech: z.object({ enabled: z.boolean(), replies: z.boolean() }).partial().strict(),
    safety: z.object({ helplineRegion, customHelpline: helplineSchema.nullable() }).partial().strict(),
    gestures: z.object({ openPalmStop: z.boolean(), thumbsUpYes: z.boolean(), waveGreet: z.boolean() }).partial().strict(),
    wakeWord: z.object({ enabled: z.boolean(), phrases: wakePhrases }).partial().strict(),
  })
  .partial()
  .strict();

export type UserSettingsPatch = z.infer<typeof userSettingsPatchSchema>;

export function createSettingsStore(db: Db, now: () => Date) {
  const read = db.prepare("SELECT value FROM settings WHERE key = 'user'");
  const write = db.prepare(
    "INSERT INTO settings (key, value, updated_at) VALUES ('user', ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
  );
  let cached: UserSettings | null = null;
  const listeners: ((settings: UserSettings) => void)[] = [];

  function get(): UserSettings {
    if (cached) return cached;
    const row = read.get() as { value: string } | undefined;
    let stored: unknown = {};
    try {
      stored = row ? JSON.parse(row.value) : {};
    } catch {
      stored = {};
    }
    const parsed = userSettingsSchema.safeParse(stored);
    // A damaged row never takes the device down: defaults apply and the next save repairs it.
    cached = parsed.success ? parsed.data : userSettingsSchema.parse({});
    return cached;
  }

  return {
    get,
    update(patch: unknown): UserSettings {
      const parsed = userSettingsPatchSchema.safeParse(patch);
      if (!parsed.success) throw new InputError(formatZodError(parsed.error));
      const current = get();
      const p = parsed.data;
      const next: UserSettings = userSettingsSchema.parse({
        ...current,
        ...p,
        sensors: { ...current.sensors, ...p.sensors },
        outbound: { ...current.outbound, ...p.outbound },
        speech: { ...current.speech, ...p.speech },
        safety: { ...current.safety, ...p.safety },
        gestures: { ...current.gestures, ...p.gestures },
        wakeWord: { ...current.wakeWord, ...p.wakeWord },
      });
      write.run(JSON.stringify(next), now().toISOString());
      cached = next;
      for (const listener of listeners) listener(next);
      return next;
    },
    onChange(listener: (settings: UserSettings) => void): void {
      listeners.push(listener);
    },
  };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
