// What the care engine hears about: plain data with times. The zod schema is the edge (HTTP body,
// simulation line); the engine and the rules only see the parsed `CareSignal`.
import type { Lang } from "../kernel/lang.js";
import { z } from "zod";

export type ActivityKind = "work" | "screen" | "idle";

export type CareSignal =
  | { type: "activity"; at: Date; kind: ActivityKind; source?: string | undefined }
  /** Her phone set an alarm: "06:30" (the next such time) or an ISO instant. */
  | { type: "phone.alarm_set"; at: Date; time: string }
  | { type: "phone.calendar"; at: Date; title: string; start: Date }
  | { type: "location"; at: Date; place: string; event?: "arrived" | "left" | undefined }
  /** `tempC` absent when the source did not say (never guessed). */
  | { type: "weather"; at: Date; condition: string; tempC?: number | undefined; source?: "signal" | "open-meteo" | undefined }
  | { type: "face"; at: Date; expression: string }
  | { type: "touch"; at: Date; pressure?: number | undefined; pattern?: string | undefined }
  /** `valence`: her fused mood just after she said it, added by the engine (never from outside). */
  | { type: "utterance"; at: Date; text: string; lang: Lang; valence?: number | undefined }
  | { type: "device.power"; at: Date; state: "on" | "off" }
  /** She responded to what Guimi said (a tap, "好", a dismiss). */
  | { type: "ack"; at: Date };

export type CareSignalType = CareSignal["type"];

/** "06:30" (or "06:30:00"), or an ISO time; without an offset it is read in her offset when it was set. */
const clockOrInstant = z
  .string()
  .regex(
    /^(([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?|\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)$/,
    "expected HH:MM or an ISO time, e.g. 2026-03-03T06:30:00+08:00",
  );
const instant = z.string().datetime({ offset: true, message: "expected an ISO time with offset, e.g. 2026-03-02T23:40:00+08:00" });

/** The fields of each signal type, without `at` (the caller adds it). */
export const signalBodySchemas = {
  activity: z.object({ kind: z.enum(["work", "screen", "idle"]), source: z.string().max(64).optional() }).strict(),
  "phone.alarm_set": z.object({ time: clockOrInstant }).strict(),
  "phone.calendar": z.object({ title: z.string().min(1).max(200), start: instant }).strict(),
  location: z.object({ place: z.string().min(1).max(100), event: z.enum(["arrived", "left"]).optional() }).strict(),
  weather: z.object({ condition: z.string().min(1).max(60), tempC: z.number().min(-80).max(70).optional() }).strict(),
  face: z.object({ expression: z.string().min(1).max(40) }).strict(),
  touch: z.object({ pressure: z.number().min(0).max(1000).optional(), pattern: z.string().max(40).optional() }).strict(),
  utterance: z.object({ text: z.string().min(1).max(4000), lang: z.enum(["zh", "en"]).optional() }).strict(),
  "device.power": z.object({ state: z.enum(["on", "off"]) }).strict(),
  ack: z.object({}).strict(),
} as const;

export const careSignalTypes = Object.keys(signalBodySchemas) as CareSignalType[];

/** `{type, at?, ...fields}` as the API receives it; `at` defaults to the device's now. */
export const signalRequestSchema = z.discriminatedUnion(
  "type",
  careSignalTypes.map((type) => signalBodySchemas[type].extend({ type: z.literal(type), at: instant.optional() })) as unknown as [
    z.ZodObject<{ type: z.ZodLiteral<string> }>,
    ...z.ZodObject<{ type: z.ZodLiteral<string> }>[],
  ],
);

/** Turns a validated body into a signal; `detectLang` fills an utterance's language when absent. */
export function toCareSignal(body: Record<string, unknown> & { type: string }, at: Date, detectLang: (text: string) => Lang): CareSignal {
  const { type, at: _ignored, ...fields } = body;
  switch (type) {
    case "phone.calendar":
      return { type, at, title: String(fields.title), start: new Date(String(fields.start)) };
    case "utterance": {
      const text = String(fields.text);
      return { type, at, text, lang: (fields.lang as Lang | undefined) ?? detectLang(text) };
    }
    default:
      return { ...(fields as object), type, at } as CareSignal;
  }
}

/** Signals that show she is there and engaged with the device. */
export function isPresence(signal: CareSignal): boolean {
  switch (signal.type) {
    case "utterance":
    case "touch":
    case "face":
    case "ack":
      return true;
    case "activity":
      return signal.kind !== "idle";
    case "location":
      return signal.event !== "left" && /home|家/i.test(signal.place);
    case "device.power":
      // She switched it on herself.
      return signal.state === "on";
    default:
      return false;
  }
}

/** Signals that count as her answering something Guimi said first. */
export function isResponse(signal: CareSignal): boolean {
  return signal.type === "ack" || signal.type === "utterance" || signal.type === "touch";
}
