// The mood capability as the daemon uses it: record estimates as they come from perception, fuse
// them on demand, keep a timeline with periodic snapshots, and report trends. Never reads the
// clock: every call carries its own time (the estimate's `at`, or `now`).
import { vacuum, type Db } from "../storage/database.js";
import { expressionForMood } from "./expression-for-mood.js";
import { DEFAULT_FUSION_OPTIONS, fuseMood, type FusionOptions, type Mood } from "./fuse-mood.js";
import { MODALITIES, parseMoodEstimate, type MoodEstimate } from "./mood-estimate.js";
import { createMoodStore, type MoodSnapshot, type StoredObservation } from "./mood-store.js";
import { dailyTrend, lowMoodStreak, trendWindowStart, type DayMood, type LowMoodStreak, type LowMoodStreakOptions } from "./mood-trend.js";

export interface MoodServiceOptions {
  fusion?: FusionOptions;
  /** A fused snapshot is stored at most this often, unless the screen expression changes. */
  snapshotIntervalMs?: number;
}

export interface ObserveResult {
  id: number;
  /** The fused mood right after this observation (at its own time). */
  mood: Mood;
  /** True when a snapshot was written (time for one, or the mood visibly changed). */
  snapshot: boolean;
}

export interface MoodExport {
  module: "mood";
  observations: (Omit<StoredObservation, "at"> & { at: string })[];
  snapshots: (Omit<MoodSnapshot, "at"> & { at: string })[];
}

export interface MoodService {
  observe(estimate: MoodEstimate): ObserveResult;
  current(now: Date): Mood;
  timeline(range: { from: Date; to: Date }): { observations: StoredObservation[]; snapshots: MoodSnapshot[] };
  trend(options: { days: number; now: Date; timeZone?: string }): DayMood[];
  lowMoodStreak(options: { now: Date; timeZone?: string; days?: number } & LowMoodStreakOptions): LowMoodStreak;
  /** Deletes every observation and snapshot, then vacuums so they are gone from disk. */
  eraseAll(): { deleted: number };
  exportAll(): MoodExport;
}

export function createMoodService({ db, options = {} }: { db: Db; options?: MoodServiceOptions }): MoodService {
  const store = createMoodStore(db);
  const fusion = options.fusion ?? DEFAULT_FUSION_OPTIONS;
  const snapshotIntervalMs = options.snapshotIntervalMs ?? 5 * 60_000;
  // Nothing older than the longest-lived modality's cut-off can still weigh anything.
  const lookbackMs = Math.max(...MODALITIES.map((m) => fusion.halfLifeMinutes[m])) * fusion.maxHalfLives * 60_000;

  function current(now: Date): Mood {
    const from = new Date(now.getTime() - lookbackMs);
    const to = new Date(now.getTime() + fusion.futureToleranceMs + 1);
    return fuseMood(store.observations({ from, to }), now, fusion);
  }

  return {
    observe(input) {
      const estimate = parseMoodEstimate(input);
      const id = store.addObservation(estimate);
      const mood = current(estimate.at);
      const last = store.latestSnapshot();
      const due = !last || estimate.at.getTime() - last.at.getTime() >= snapshotIntervalMs || expressionForMood(mood) !== expressionForMood(last);
      if (due) store.addSnapshot(mood);
      return { id, mood, snapshot: due };
    },
    current,
    timeline(range) {
      return { observations: store.observations(range), snapshots: store.snapshots(range) };
    },
    trend({ days, now, timeZone }) {
      const from = trendWindowStart({ days, now, timeZone });
      return dailyTrend(store.observations({ from, to: new Date(now.getTime() + 1) }), { days, now, timeZone });
    },
    lowMoodStreak({ now, timeZone, days = 30, ...streak }) {
      const from = trendWindowStart({ days, now, timeZone });
      const trend = dailyTrend(store.observations({ from, to: new Date(now.getTime() + 1) }), { days, now, timeZone });
      return lowMoodStreak(trend, streak);
    },
    eraseAll() {
      const deleted = store.deleteAll();
      vacuum(db);
      return { deleted };
    },
    exportAll() {
      return {
        module: "mood",
        observations: store.observations().map((o) => ({ ...o, at: o.at.toISOString() })),
        snapshots: store.snapshots().map((s) => ({ ...s, at: s.at.toISOString() })),
      };
    },
  };
}
