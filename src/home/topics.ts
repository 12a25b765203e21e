// Guimi's MQTT topics under guimi/<device-id>/… and the payloads they carry, validated with zod.
// Pure: names and parsing only. The README's topic table is written from this file.
import type { Lang } from "../kernel/lang.js";
import { z } from "zod";
import { formatZodError } from "../errors.js";
import { signalRequestSchema } from "../care/care-signal.js";

export const MAX_PAYLOAD_BYTES = 16 * 1024;
export const SENSOR_NAMES = ["microphone", "camera", "touch"] as const;
export type SensorName = (typeof SENSOR_NAMES)[number];

export function homeTopics(deviceId: string) {
  const base = `guimi/${deviceId}`;
  return {
    base,
    /** "online" / "offline", retained; "offline" is also the last will. */
    availability: `${base}/availability`,
    /** One retained JSON object: mood, presence, speaking, switches, last care message, next reminder. */
    state: `${base}/state`,
    event: (name: "care-message" | "reminder-due" | "reply") => `${base}/event/${name}`,
    command: (name: string) => `${base}/command/${name}`,
    input: (name: string) => `${base}/input/${name}`,
    commands: `${base}/command/#`,
    inputs: `${base}/input/#`,
  };
}

export type HomeTopics = ReturnType<typeof homeTopics>;

/** A device id safe in a topic level and in HA's unique ids: letters, digits, - and _. */
export const deviceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "expected 1–64 letters, digits, - or _");

export interface GuimiState {
  mood: string;
  moodValence: number;
  present: boolean;
  speaking: boolean;
  doNotDisturb: boolean;
  quietMode: boolean;
  sensors: Record<SensorName, boolean>;
  /** At most 255 characters: Home Assistant's limit for a state. */
  lastCareMessage: string | null;
  lastCareAt: string | null;
  nextReminder: string | null;
  nextReminderTitle: string | null;
}

/** Text as it arrives: a plain UTF-8 string, or JSON {text, lang?}. */
const sayBody = z.object({ text: z.string().trim().min(1).max(2000), lang: z.enum(["zh", "en"]).optional() }).strict();

const switchWords: Record<string, boolean> = { on: true, off: false, true: true, false: false, "1": true, "0": false, yes: true, no: false };

/** ON/OFF (Home Assistant's switch payloads), true/false, 1/0, or JSON {"on": bool}. */
const switchBody = z.preprocess(
  (raw) => {
    if (typeof raw === "boolean") return raw;
    if (typeof raw === "string") return switchWords[raw.trim().toLowerCase()] ?? raw;
    if (raw && typeof raw === "object" && "on" in raw) return (raw as { on: unknown }).on;
    return raw;
  },
  z.boolean({ message: "expected ON or OFF" }),
);

export type HomeCommand =
  | { kind: "say"; text: string; lang?: Lang | undefined; via: "say" | "notify" }
  | { kind: "remind"; text: string; lang?: Lang | undefined }
  | { kind: "dnd"; on: boolean }
  | { kind: "quiet"; on: boolean }
  | { kind: "sensor"; sensor: SensorName; on: boolean }
  | { kind: "check-in" }
  | { kind: "stop-speaking" };

/** A signal request body for the care engine ({type, at?, …}), or her phone's focus mode. */
export type HomeInput = { kind: "signal"; body: Record<string, unknown> & { type: string; at?: string } } | { kind: "focus"; on: boolean };

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** JSON when it parses as JSON, else the trimmed text (HA's notify and text entities send plain text). */
function readPayload(payload: Buffer): unknown {
  const text = payload.toString("utf8").trim();
  if (text.startsWith("{") || text.startsWith("[") || text === "true" || text === "false") {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function check<T>(schema: z.ZodType<T>, raw: unknown, field: string): Parsed<T> {
  const parsed = schema.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: `${field}: ${formatZodError(parsed.error)}` };
}

const textOrObject = (raw: unknown) => (typeof raw === "string" ? { text: raw } : raw);

/** `name` is the topic after command/ ("say", "sensor/camera"). */
export function parseCommand(name: string, payload: Buffer): Parsed<HomeCommand> {
  if (payload.byteLength > MAX_PAYLOAD_BYTES) return { ok: false, error: `payload: larger than ${MAX_PAYLOAD_BYTES} bytes` };
  const raw = readPayload(payload);
  const sensor = /^sensor\/(.+)$/.exec(name)?.[1];
  if (sensor !== undefined) {
    if (!(SENSOR_NAMES as readonly string[]).includes(sensor)) return { ok: false, error: `topic: no sensor "${sensor}" (${SENSOR_NAMES.join(", ")})` };
    const on = check(switchBody, raw, "payload");
    return on.ok ? { ok: true, value: { kind: "sensor", sensor: sensor as SensorName, on: on.value } } : on;
  }
  switch (name) {
    case "say":
    case "notify": {
      const body = check(sayBody, textOrObject(raw), "payload");
      return body.ok ? { ok: true, value: { kind: "say", text: body.value.text, lang: body.value.lang, via: name } } : body;
    }
    case "remind": {
      const body = check(sayBody, textOrObject(raw), "payload");
      return body.ok ? { ok: true, value: { kind: "remind", text: body.value.text, lang: body.value.lang } } : body;
    }
    case "dnd":
    case "quiet": {
      const on = check(switchBody, raw, "payload");
      return on.ok ? { ok: true, value: { kind: name, on: on.value } } : on;
    }
    case "check-in":
      return { ok: true, value: { kind: "check-in" } };
    case "stop-speaking":
      return { ok: true, value: { kind: "stop-speaking" } };
    default:
      return { ok: false, error: `topic: no command "${name}"` };
  }
}

/** Home Assistant states that mean "no value right now": dropped quietly, not an error. */
const NO_VALUE = new Set(["", "unknown", "unavailable", "none", "null"]);

function signal(type: string, raw: unknown, extra: (value: string) => Record<string, unknown>): unknown {
  if (typeof raw === "string") return { type, ...extra(raw) };
  if (raw && typeof raw === "object" && !Array.isArray(raw)) return { type, ...(raw as object) };
  return raw;
}

/** `name` is the topic after input/ ("phone/alarm", "location"). `null` when the payload says "no value". */
export function parseInput(name: string, payload: Buffer): Parsed<HomeInput | null> {
  if (payload.byteLength > MAX_PAYLOAD_BYTES) return { ok: false, error: `payload: larger than ${MAX_PAYLOAD_BYTES} bytes` };
  const raw = readPayload(payload);
  if (typeof raw === "string" && NO_VALUE.has(raw.toLowerCase())) return { ok: true, value: null };
  let body: unknown;
  switch (name) {
    case "signal":
      body = raw;
      break;
    case "phone/alarm":
      // HA's companion app: sensor.<phone>_next_alarm is an ISO time ("2026-03-03T06:30:00+00:00").
      body = signal("phone.alarm_set", raw, (time) => ({ time }));
      break;
    case "phone/calendar":
      body = signal("phone.calendar", raw, () => ({}));
      break;
    case "phone/focus": {
      const on = check(switchBody, raw, "payload");
      return on.ok ? { ok: true, value: { kind: "focus", on: on.value } } : on;
    }
    case "location":
      // HA's person/device_tracker states: "home", "not_home", or a zone name.
      body = signal("location", raw, (place) => (place === "not_home" ? { place: "home", event: "left" } : { place, event: "arrived" }));
      break;
    case "activity":
      body = signal("activity", raw, (kind) => ({ kind: kind.toLowerCase() }));
      break;
    default:
      return { ok: false, error: `topic: no input "${name}"` };
  }
  const parsed = check(signalRequestSchema, body, "payload");
  if (!parsed.ok) return parsed;
  return { ok: true, value: { kind: "signal", body: parsed.value as Record<string, unknown> & { type: string; at?: string } } };
}
