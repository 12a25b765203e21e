// A touch/pressure sensor event as the device reports it, validated at the boundary.
import { z } from "zod";

export const TOUCH_PATTERNS = ["tap", "stroke", "hug", "squeeze"] as const;
export type TouchPattern = (typeof TOUCH_PATTERNS)[number];

export const touchEventSchema = z.object({
  /** Normalised peak pressure, 0 (barely) .. 1 (sensor maximum). */
  pressure: z.number().min(0).max(1),
  /** How long the contact lasted; capped at ten minutes to reject stuck sensors. */
  durationMs: z.number().min(0).max(600_000),
  pattern: z.enum(TOUCH_PATTERNS),
  /** When the contact started; ISO-8601 strings are accepted. */
  at: z.coerce.date().refine((d) => !Number.isNaN(d.getTime()), "invalid date"),
});

export type TouchEvent = z.infer<typeof touchEventSchema>;

/** Parses untrusted input (MQTT payload, API body); throws a ZodError naming the bad fields. */
export function parseTouchEvent(input: unknown): TouchEvent {
  return touchEventSchema.parse(input);
}
