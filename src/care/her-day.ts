// Her day as the signals show it: when she was evidently there, whether she has slept (or been away)
// since a moment, and when she is usually up. Pure; care that follows her day reads these.
import type { CareContext, CareFacts } from "./care-context.js";
import type { CareSignal } from "./care-signal.js";
import { isPresence } from "./care-signal.js";
import { HOUR, addDays, localTime } from "./local-time.js";

/** No sign of her for this long counts as a night's sleep or a stretch away. */
export const REST_GAP_MS = 3 * HOUR;

/** Spans (ms) in which she was evidently there: non-idle activity sessions and presence signals, in time order. */
export function presenceSpans(ctx: CareContext, facts: CareFacts): [number, number][] {
  const now = ctx.now.getTime();
  const spans: [number, number][] = [];
  for (const s of facts.sessions) if (s.kind !== "idle") spans.push([s.start, s.end]);
  for (const s of ctx.signals) {
    if (s.at.getTime() > now) continue;
    if (s.type === "activity") continue;
    if (isPresence(s as CareSignal)) spans.push([s.at.getTime(), s.at.getTime()]);
  }
  return spans.sort((a, b) => a[0] - b[0]);
}

/** Whether, between `from` and now, there was a stretch of at least `gapMs` with no sign of her. */
export function restedSince(ctx: CareContext, facts: CareFacts, from: number, gapMs = REST_GAP_MS): boolean {
  const now = ctx.now.getTime();
  let cursor = from;
  for (const [start, end] of presenceSpans(ctx, facts)) {
    if (end < cursor) continue;
    if (start - cursor >= gapMs) return true;
    cursor = Math.max(cursor, end);
    if (cursor >= now) break;
  }
  return now - cursor >= gapMs;
}

const DEFAULT_UP = 8 * 60;

/**
 * The local minute she is usually up by: the median, over earlier days of the last two weeks, of the
 * first sign of her after 05:00. 08:00 until there are three such days to go on.
 */
export function usualUpMinutes(ctx: CareContext): number {
  const today = localTime(ctx.now, ctx.offset).date;
  const first = new Map<string, number>();
  const from = addDays(today, -14);
  for (const s of ctx.signals) {
    const present = s.type === "activity" ? s.kind !== "idle" : isPresence(s as CareSignal);
    if (!present) continue;
    const local = localTime(s.at, s.offset);
    if (local.date >= today || local.date < from || local.minutes < 5 * 60) continue;
    const seen = first.get(local.date);
    if (seen === undefined || local.minutes < seen) first.set(local.date, local.minutes);
  }
  const mornings = [...first.values()].sort((a, b) => a - b);
  if (mornings.length < 3) return DEFAULT_UP;
  const median = mornings[Math.floor((mornings.length - 1) / 2)]!;
  return Math.min(13 * 60, Math.max(5 * 60, median));
}
