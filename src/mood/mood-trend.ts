// Day-by-day mood in her own time zone, and the low-mood streak the care engine watches.
// Pure: the caller passes the observations and `now`.
import { EMOTION_LABELS, topLabel, type EmotionLabel } from "../perception/emotion-labels.js";
import { nearestLabel } from "./fuse-mood.js";
import type { MoodEstimate } from "./mood-estimate.js";

export interface DayMood {
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
  /** Confidence-weighted averages; null on a day without observations. */
  valence: number | null;
  arousal: number | null;
  dominantLabel: EmotionLabel | null;
  count: number;
  countByModality: Partial<Record<MoodEstimate["modality"], number>>;
}

export interface TrendOptions {
  /** How many local days, ending with today, to report. */
  days: number;
  now: Date;
  /** IANA zone such as "Asia/Shanghai"; UTC by default. */
  timeZone?: string;
}

/** The local date (YYYY-MM-DD) of an instant in a time zone. */
// Building an Intl formatter costs ~100× formatting with one: keep one per zone.
const dateFormatters = new Map<string, Intl.DateTimeFormat>();

export function localDate(at: Date, timeZone = "UTC"): string {
  let formatter = dateFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dateFormatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** Calendar arithmetic on YYYY-MM-DD strings (zone-free, so DST cannot shift a day). */
export function addDays(date: string, delta: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + delta);
  return d.toISOString().slice(0, 10);
}

/**
 * The earliest instant that can belong to the first reported day: used to bound the query.
 * Zones are at most 14 h from UTC, so starting 14 h before that date's UTC midnight is safe.
 */
export function trendWindowStart(options: TrendOptions): Date {
  const first = addDays(localDate(options.now, options.timeZone), -(options.days - 1));
  return new Date(new Date(`${first}T00:00:00Z`).getTime() - 14 * 3_600_000);
}

export function dailyTrend(observations: readonly MoodEstimate[], options: TrendOptions): DayMood[] {
  if (!Number.isInteger(options.days) || options.days < 1) throw new RangeError("days must be a positive integer");
  const today = localDate(options.now, options.timeZone);
  const first = addDays(today, -(options.days - 1));
  const buckets = new Map<
    string,
    { v: number; a: number; w: number; labels: Map<EmotionLabel, number>; count: number; byModality: DayMood["countByModality"] }
  >();
  for (let i = 0; i < options.days; i++) {
    buckets.set(addDays(first, i), { v: 0, a: 0, w: 0, labels: new Map(), count: 0, byModality: {} });
  }
  for (const o of observations) {
    if (o.at.getTime() > options.now.getTime()) continue;
    const bucket = buckets.get(localDate(o.at, options.timeZone));
    if (!bucket) continue;
    // A floor keeps a day of low-confidence readings from dividing by zero while still counting them.
    const w = Math.max(0.01, o.confidence);
    bucket.v += w * o.valence;
    bucket.a += w * o.arousal;
    bucket.w += w;
    bucket.count += 1;
    bucket.byModality[o.modality] = (bucket.byModality[o.modality] ?? 0) + 1;
    const label = o.scores ? topLabel(o.scores) : nearestLabel(o.valence, o.arousal);
    bucket.labels.set(label, (bucket.labels.get(label) ?? 0) + w);
  }
  return [...buckets.entries()].map(([date, b]) => ({
    date,
    valence: b.w > 0 ? b.v / b.w : null,
    arousal: b.w > 0 ? b.a / b.w : null,
    dominantLabel: b.count > 0 ? dominant(b.labels) : null,
    count: b.count,
    countByModality: b.byModality,
  }));
}

export interface LowMoodStreakOptions {
  /** A day counts as low when its average valence is below this. */
  threshold?: number;
  /** Days with fewer observations than this are treated as unknown. */
  minCount?: number;
}

export interface LowMoodStreak {
  days: number;
  /** First date of the streak, or null when there is none. */
  since: string | null;
}

/**
 * Consecutive low days ending with the latest known day. Today without data yet does not break
 * the streak (the day is not over); any other unknown day does, so a gap never reads as "low".
 */
export function lowMoodStreak(trend: readonly DayMood[], options: LowMoodStreakOptions = {}): LowMoodStreak {
  const threshold = options.threshold ?? -0.2;
  const minCount = options.minCount ?? 1;
  let days = 0;
  let since: string | null = null;
  for (let i = trend.length - 1; i >= 0; i--) {
    const day = trend[i]!;
    const known = day.count >= minCount && day.valence !== null;
    if (!known && i === trend.length - 1) continue;
    if (!known || day.valence! >= threshold) break;
    days += 1;
    since = day.date;
  }
  return { days, since };
}

function dominant(labels: Map<EmotionLabel, number>): EmotionLabel {
  let best: EmotionLabel = "neutral";
  let bestWeight = -1;
  for (const label of EMOTION_LABELS) {
    const w = labels.get(label) ?? -1;
    if (w > bestWeight) {
      bestWeight = w;
      best = label;
    }
  }
  return best;
}
