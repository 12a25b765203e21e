// `guimi simulate` input: one JSON object per line, validated with zod. A bad line is reported with its
// line number and field, and nothing runs.
import { z } from "zod";
import { formatZodError } from "../errors.js";
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

const lineSchemas = {
  ...lenient,
  // A calendar time without an offset is read in the line's own offset.
  "phone.calendar": z.object({
    title: z.string().min(1).max(200),
    start: z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?$/, "expected an ISO time, e.g. 2026-03-03T10:00:00+08:00"),
  }),
  settings: z.object({ quietHours: z.object({ start: clock, end: clock }).optional(), dnd: z.boolean().optional(), lang: z.enum(["zh", "en"]).optional() }),
  tick: z.object({}),
} as const;

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

export class TimelineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TimelineError";
  }
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
    const { at: atText, type, ...fields } = value as Record<string, unknown>;
    const parsedAt = at.safeParse(atText);
    if (!parsedAt.success) throw new TimelineError(`line ${n}: at: ${atText === undefined ? "required" : parsedAt.error.issues[0]?.message}`);
    if (typeof type !== "string" || !(type in lineSchemas)) throw new TimelineError(`line ${n}: type: expected one of ${timelineTypes.join(", ")}`);
    const parsed = lineSchemas[type as TimelineType].safeParse(fields);
    if (!parsed.success) throw new TimelineError(`line ${n}: ${formatZodError(parsed.error)}`);
    const when = new Date(parsedAt.data);
    if (previous && when.getTime() < previous.getTime()) throw new TimelineError(`line ${n}: at: earlier than the line before (lines must be in time order)`);
    previous = when;
    const offset = offsetOf(parsedAt.data);
    const data = parsed.data as Record<string, unknown>;
    if (type === "phone.calendar" && !/(Z|[+-]\d\d:\d\d)$/.test(String(data.start))) data.start = `${String(data.start)}${offsetText(offset)}`;
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
