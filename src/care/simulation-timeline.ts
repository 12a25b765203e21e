// `guimi simulate` input: one JSON object per line, validated with zod. A bad line is reported with its
// line number and field, and nothing runs.
import { z } from "zod";
import { formatZodError, InputError } from "../errors.js";
import { signalBodySchemas } from "./care-signal.js";

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected HH:MM (24-hour)");
/** `at` must carry its offset: times of day are read in it. */
const at = z
  .string()
  .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/, "expected an ISO time with offset, e.g. 2026-03-02T23:40:00+08:00")
  .refine((s) => !Number.isNaN(Date.parse(s)), "not a valid date");

/** Unknown extra fields (notes, sources) are ignored here; the fields Guimi uses are checked. */
const lenient = Object.fromEntries(Object.entries(signalBodySchemas).map(([type, schema]) => [type, z.object(schema.shape)])) as {
  [K in keyof typeof signalBodySchemas]: z.ZodObject<(typeof signalBodySchemas)[K]["shape"]>;
};

const isoWithOptionalOffset = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?$/;

const lineSchemas = {
  ...lenient,
  // A calendar time without an offset is read in the line's own offset.
  "phone.calendar": z.object({
    title: z.string().min(1).max(200),
    start: z.string().regex(isoWithOptionalOffset, "expected an ISO time, e.g. 2026-03-03T10:00:00+08:00"),
  }),
  // An alarm: "06:30" (the next such time) or an ISO time (without an offset: the line's own).
  "phone.alarm_set": z.object({
    time: z
      .string()
      .regex(
        /^(([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?|\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?)$/,
        "expected HH:MM or an ISO time, e.g. 2026-03-03T06:30:00+08:00",
      ),
  }),
  settings: z.object({ quietHours: z.object({ start: clock, end: clock }).optional(), dnd: z.boolean().optional(), lang: z.enum(["zh", "en"]).optional() }),
  tick: z.object({}),
} as const;

const defaultQuietHours = { start: "23:30", end: "07:30" };

/** "7:00" → "07:00", "7:00 pm" → "19:00", "06:30:00" → "06:30"; anything else unchanged (the schema names it). */
export function normalizeClock(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const m = /^\s*(\d{1,2})(?::(\d\d))?(?::\d\d)?\s*(am|pm|a\.m\.|p\.m\.)?\s*$/i.exec(value);
  if (!m || (m[2] === undefined && !m[3])) return value;
  let h = Number(m[1]);
  const min = Number(m[2] ?? 0);
  const half = m[3]?.toLowerCase().replace(/\./g, "");
  if (half) {
    if (h < 1 || h > 12) return value;
    h = (h % 12) + (half === "pm" ? 12 : 0);
  }
  if (h > 23 || min > 59) return value;
  return `${String(h).padStart(2, "0")}:${String(min).padStart(2, "0")}`;
}

/** "2026-03-03 10:00" → "2026-03-03T10:00"; a bare date → its noon (an all-day event). */
function normalizeIso(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const text = value.trim();
  if (/^\d{4}-\d\d-\d\d$/.test(text)) return `${text}T12:00:00`;
  return text.replace(/^(\d{4}-\d\d-\d\d) (\d\d:\d\d)/, "$1T$2");
}

const booleanWords: Record<string, boolean> = { true: true, on: true, yes: true, "1": true, false: false, off: false, no: false, "0": false };

function normalizeLang(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const v = value.trim().toLowerCase();
  if (/^(zh|cn|chinese|中文)([-_].*)?$/.test(v)) return "zh";
  if (/^(en|english|英文)([-_].*)?$/.test(v)) return "en";
  return value;
}

function numeric(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*(°?\s*c|℃)?\s*$/i.exec(value);
  return m ? Number(m[1]) : value;
}

const activityWords: Record<string, "work" | "screen" | "idle"> = {
  work: "work",
  working: "work",
  study: "work",
  studying: "work",
  coding: "work",
  screen: "screen",
  phone: "screen",
  tv: "screen",
  video: "screen",
  gaming: "screen",
  browsing: "screen",
  idle: "idle",
  away: "idle",
  rest: "idle",
  resting: "idle",
  sleep: "idle",
  sleeping: "idle",
  none: "idle",
};

/**
 * Reasonable forms an outside tool may write, made into the one form the schemas check: case, HH:MM
 * variants, quiet hours as "22:00-07:00", booleans and numbers as strings, language tags. What still
 * fails after this is a bad line.
 */
export function normalizeFields(type: string, input: Record<string, unknown>): Record<string, unknown> {
  const f = { ...input };
  switch (type) {
    case "activity":
      if (typeof f.kind === "string") f.kind = activityWords[f.kind.trim().toLowerCase()] ?? f.kind;
      break;
    case "device.power":
      if (typeof f.state === "string") f.state = f.state.trim().toLowerCase();
      else if (typeof f.state === "boolean") f.state = f.state ? "on" : "off";
      break;
    case "phone.alarm_set":
      f.time = typeof f.time === "string" && f.time.includes("-") ? normalizeIso(f.time) : normalizeClock(f.time);
      break;
    case "phone.calendar":
      f.start = normalizeIso(f.start);
      break;
    case "weather":
      f.tempC = numeric(f.tempC);
      if (f.tempC === null) delete f.tempC;
      break;
    case "touch":
      f.pressure = numeric(f.pressure);
      if (typeof f.pressure === "string") {
        // Words for how firm a touch was.
        const word = f.pressure.trim().toLowerCase();
        const levels: Record<string, number> = { light: 0.2, soft: 0.2, gentle: 0.2, medium: 0.5, normal: 0.5, firm: 0.8, hard: 0.9, strong: 0.9 };
        if (word in levels) f.pressure = levels[word];
        else delete f.pressure;
      }
      if (f.pressure === null || f.pressure === undefined) delete f.pressure;
      break;
    case "location":
      if (typeof f.event === "string") {
        const e = f.event.trim().toLowerCase();
        if (/^(arrive|arrived|arrival|enter|entered|in)$/.test(e)) f.event = "arrived";
        else if (/^(leave|left|exit|exited|out|departed|depart)$/.test(e)) f.event = "left";
      }
      break;
    case "utterance":
      if (f.lang !== undefined) {
        f.lang = normalizeLang(f.lang);
        // Another language than the two Guimi speaks: let her words decide.
        if (f.lang !== "zh" && f.lang !== "en") delete f.lang;
      }
      break;
    case "settings": {
      const q = f.quietHours;
      if (q === null) f.quietHours = defaultQuietHours;
      else if (typeof q === "string") {
        const m = /^\s*(\S+?)\s*(?:-|–|—|~|～|to|至|到)\s*(\S+)\s*$/i.exec(q);
        if (m) f.quietHours = { start: normalizeClock(m[1]), end: normalizeClock(m[2]) };
      } else if (typeof q === "object" && q !== null && !Array.isArray(q)) {
        const o = q as Record<string, unknown>;
        f.quietHours = { start: normalizeClock(o.start ?? o.from), end: normalizeClock(o.end ?? o.to) };
      }
      for (const key of ["dnd", "doNotDisturb"]) {
        const v = f[key];
        if (typeof v === "string" && v.trim().toLowerCase() in booleanWords) f[key] = booleanWords[v.trim().toLowerCase()];
      }
      if (f.dnd === undefined && typeof f.doNotDisturb === "boolean") f.dnd = f.doNotDisturb;
      if (f.lang !== undefined) f.lang = normalizeLang(f.lang);
      break;
    }
  }
  return f;
}

export type TimelineType = keyof typeof lineSchemas;
export const timelineTypes = Object.keys(lineSchemas) as TimelineType[];

export interface TimelineLine {
  line: number;
  at: Date;
  /** Her UTC offset in minutes, as the line wrote it. */
  offset: number;
  type: TimelineType;
  fields: Record<string, unknown>;
}

export class TimelineError extends InputError {
  override readonly name = "TimelineError";
}

export function offsetOf(text: string): number {
  const m = /(Z|([+-])(\d\d):(\d\d))$/.exec(text);
  if (!m || m[1] === "Z") return 0;
  return (m[2] === "-" ? -1 : 1) * (Number(m[3]) * 60 + Number(m[4]));
}

function offsetText(offset: number): string {
  const abs = Math.abs(offset);
  return `${offset < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** Parses every line first; throws a TimelineError naming the first bad line and field. */
export function parseTimeline(text: string): TimelineLine[] {
  const lines: TimelineLine[] = [];
  const raw = text.split(/\r?\n/);
  let previous: Date | null = null;
  for (let i = 0; i < raw.length; i++) {
    const source = raw[i]!.trim();
    const n = i + 1;
    // Blank lines and # comments let scenarios explain themselves.
    if (source === "" || source.startsWith("#") || source.startsWith("//")) continue;
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (error) {
      throw new TimelineError(`line ${n}: not valid JSON (${(error as Error).message})`);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new TimelineError(`line ${n}: expected a JSON object`);
    // `at` must say its offset: it is what times of day are read in (a guess would shift her evening).
    const { at: atText, type, ...fields } = value as Record<string, unknown>;
    const parsedAt = at.safeParse(atText);
    if (!parsedAt.success) throw new TimelineError(`line ${n}: at: ${atText === undefined ? "required" : parsedAt.error.issues[0]?.message}`);
    if (typeof type !== "string" || !(type in lineSchemas)) throw new TimelineError(`line ${n}: type: expected one of ${timelineTypes.join(", ")}`);
    const parsed = lineSchemas[type as TimelineType].safeParse(normalizeFields(type, fields));
    if (!parsed.success) throw new TimelineError(`line ${n}: ${formatZodError(parsed.error)}`);
    const when = new Date(parsedAt.data);
    if (previous && when.getTime() < previous.getTime()) throw new TimelineError(`line ${n}: at: earlier than the line before (lines must be in time order)`);
    previous = when;
    const offset = offsetOf(parsedAt.data);
    const data = parsed.data as Record<string, unknown>;
    if (type === "phone.calendar" && !/(Z|[+-]\d\d:\d\d)$/.test(String(data.start))) data.start = `${String(data.start)}${offsetText(offset)}`;
    if (type === "phone.alarm_set" && String(data.time).includes("T") && !/(Z|[+-]\d\d:\d\d)$/.test(String(data.time)))
      data.time = `${String(data.time)}${offsetText(offset)}`;
    lines.push({ line: n, at: when, offset, type: type as TimelineType, fields: data });
  }
  return lines;
}

const halfHourZones: Record<number, string> = {
  330: "Asia/Kolkata",
  345: "Asia/Kathmandu",
  390: "Asia/Yangon",
  270: "Asia/Kabul",
  210: "Asia/Tehran",
  570: "Australia/Darwin",
  525: "Australia/Eucla",
  [-570]: "Pacific/Marquesas",
  // Newfoundland: -03:30 in winter, -02:30 in summer (the nearest zone there is; right in its season).
  [-210]: "America/St_Johns",
  [-150]: "America/St_Johns",
};

/** An IANA zone with exactly this fixed offset (China's own zone for +08:00, so help lines fit). */
export function zoneForOffset(offsetMinutes: number): string {
  if (offsetMinutes === 480) return "Asia/Shanghai";
  if (offsetMinutes === 0) return "UTC";
  if (offsetMinutes % 60 === 0 && Math.abs(offsetMinutes) <= 14 * 60) {
    const hours = offsetMinutes / 60;
    // POSIX sign: Etc/GMT-8 is eight hours east of UTC.
    return `Etc/GMT${hours > 0 ? "-" : "+"}${Math.abs(hours)}`;
  }
  const zone = halfHourZones[offsetMinutes];
  if (!zone) throw new TimelineError(`unsupported UTC offset ${offsetMinutes} minutes`);
  return zone;
}
