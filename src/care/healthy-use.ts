// Healthy use: is she talking to Guimi more and later while mentioning people less? Pure counts over
// the signal log; the rule only ever points outward, gently.
import type { LoggedSignal } from "./care-context.js";
import { addDays, localTime } from "./local-time.js";

export interface HealthyUseTrend {
  /** Per day over the last 7 local days, oldest first. */
  days: { date: string; uses: number; lateUses: number; peopleMentions: number }[];
  pointOutward: boolean;
}

export function healthyUseTrend(signals: readonly LoggedSignal[], now: Date, offset: number): HealthyUseTrend {
  const today = localTime(now, offset).date;
  const dates = Array.from({ length: 7 }, (_, i) => addDays(today, i - 6));
  const byDate = new Map(dates.map((date) => [date, { date, uses: 0, lateUses: 0, peopleMentions: 0 }]));
  for (const s of signals) {
    if (s.at.getTime() > now.getTime()) continue;
    if (s.type !== "utterance" && s.type !== "touch") continue;
    const local = localTime(s.at, s.offset);
    // Late use belongs to the evening it started from.
    const late = local.minutes >= 23 * 60 || local.minutes < 4 * 60;
    const date = local.minutes < 4 * 60 ? addDays(local.date, -1) : local.date;
    const day = byDate.get(date);
    if (!day) continue;
    day.uses += 1;
    if (late) day.lateUses += 1;
    if (s.type === "utterance" && s.tags.includes("people")) day.peopleMentions += 1;
  }
  const days = dates.map((d) => byDate.get(d)!);
  const earlier = days.slice(0, 4);
  const recent = days.slice(4);
  const perDay = (list: typeof days, field: "uses" | "lateUses" | "peopleMentions") => list.reduce((n, d) => n + d[field], 0) / list.length;
  const daysWithUse = days.filter((d) => d.uses > 0).length;
  const usesGrew = perDay(recent, "uses") >= Math.max(6, 1.5 * perDay(earlier, "uses"));
  const lateGrew = perDay(recent, "lateUses") >= Math.max(2, 2 * perDay(earlier, "lateUses"));
  const peopleFell = perDay(recent, "peopleMentions") <= 0.5 * perDay(earlier, "peopleMentions");
  return { days, pointOutward: daysWithUse >= 5 && (usesGrew || lateGrew) && peopleFell };
}
