import { test } from "node:test";
import assert from "node:assert/strict";
import { addDays, dailyTrend, localDate, lowMoodStreak, type DayMood } from "./mood-trend.js";
import type { MoodEstimate } from "./mood-estimate.js";

const obs = (iso: string, valence: number, confidence = 0.8): MoodEstimate => ({
  modality: "text",
  at: new Date(iso),
  valence,
  arousal: 0.25,
  confidence,
});

test("localDate follows the time zone and addDays crosses months", () => {
  const at = new Date("2025-03-01T17:30:00Z");
  assert.equal(localDate(at, "UTC"), "2025-03-01");
  assert.equal(localDate(at, "Asia/Shanghai"), "2025-03-02");
  assert.equal(localDate(at, "America/Los_Angeles"), "2025-03-01");
  assert.equal(addDays("2025-03-01", -1), "2025-02-28");
  assert.equal(addDays("2024-12-31", 1), "2025-01-01");
});

test("dailyTrend buckets by local day with weighted averages and empty days as null", () => {
  const now = new Date("2025-03-03T04:00:00Z"); // 12:00 in Shanghai on 3 March
  const trend = dailyTrend(
    [
      obs("2025-03-01T02:00:00Z", -0.6), // 1 March local
      obs("2025-03-01T20:00:00Z", 0.5, 0.2), // 04:00 on 2 March local
      obs("2025-03-01T22:00:00Z", 0.8, 0.8),
      obs("2025-03-03T05:00:00Z", 0.9), // after now: ignored
    ],
    { days: 3, now, timeZone: "Asia/Shanghai" },
  );
  assert.deepEqual(
    trend.map((d) => d.date),
    ["2025-03-01", "2025-03-02", "2025-03-03"],
  );
  assert.equal(trend[0]!.count, 1);
  assert.equal(trend[0]!.dominantLabel, "sadness");
  assert.ok(Math.abs(trend[1]!.valence! - (0.2 * 0.5 + 0.8 * 0.8) / 1.0) < 1e-9);
  assert.equal(trend[1]!.countByModality.text, 2);
  assert.equal(trend[2]!.count, 0);
  assert.equal(trend[2]!.valence, null);
  assert.equal(trend[2]!.dominantLabel, null);
  assert.throws(() => dailyTrend([], { days: 0, now }), RangeError);
});

const day = (date: string, valence: number | null, count = valence === null ? 0 : 3): DayMood => ({
  date,
  valence,
  arousal: valence === null ? null : 0.3,
  dominantLabel: null,
  count,
  countByModality: {},
});

test("lowMoodStreak counts consecutive low days, tolerating an empty today but not a gap", () => {
  assert.deepEqual(lowMoodStreak([day("2025-03-01", 0.2), day("2025-03-02", -0.4), day("2025-03-03", -0.5), day("2025-03-04", null)]), {
    days: 2,
    since: "2025-03-02",
  });
  assert.deepEqual(lowMoodStreak([day("2025-03-01", -0.5), day("2025-03-02", null), day("2025-03-03", -0.5)]), {
    days: 1,
    since: "2025-03-03",
  });
  assert.deepEqual(lowMoodStreak([day("2025-03-01", -0.5), day("2025-03-02", 0.1)]), { days: 0, since: null });
  assert.equal(lowMoodStreak([day("2025-03-01", -0.5, 1), day("2025-03-02", -0.5, 5)], { minCount: 2 }).days, 1);
  assert.equal(lowMoodStreak([day("2025-03-01", -0.1)], { threshold: 0 }).days, 1);
});
