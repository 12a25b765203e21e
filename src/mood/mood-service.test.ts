import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { openDatabase } from "../storage/database.js";
import { makeTempDir } from "../testing/paths.js";
import { zeroScores } from "../perception/emotion-labels.js";
import { moodMigrations } from "./mood-migrations.js";
import { createMoodService } from "./mood-service.js";

function setup() {
  const temp = makeTempDir();
  const db = openDatabase(join(temp.dir, "guimi.db"), [moodMigrations]);
  return { db, service: createMoodService({ db }), done: () => (db.close(), temp.cleanup()) };
}

const at = (iso: string) => new Date(iso);
const sad = () => ({ ...zeroScores(), sadness: 0.8, neutral: 0.2 });

test("observe stores estimates, current fuses them, snapshots are periodic or on change", () => {
  const { service, done } = setup();
  try {
    const first = service.observe({ modality: "text", at: at("2025-03-01T12:00:00Z"), scores: sad(), valence: -0.6, arousal: 0.3, confidence: 0.8 });
    assert.equal(first.snapshot, true);
    assert.equal(first.mood.label, "sadness");
    // Same mood a minute later: no new snapshot.
    const second = service.observe({ modality: "voice", at: at("2025-03-01T12:01:00Z"), valence: -0.3, arousal: 0.2, confidence: 0.6, stress: 0.3 });
    assert.equal(second.snapshot, false);
    const mood = service.current(at("2025-03-01T12:02:00Z"));
    assert.equal(mood.label, "sadness");
    assert.ok(mood.valence < -0.3);
    assert.equal(mood.stress, 0.3);
    assert.deepEqual(mood.contributions.map((c) => c.modality).sort(), ["text", "voice"]);
    // Hours later the old estimates no longer count.
    assert.equal(service.current(at("2025-03-01T18:00:00Z")).confidence, 0);
    const later = service.observe({ modality: "text", at: at("2025-03-01T12:10:00Z"), valence: -0.6, arousal: 0.3, confidence: 0.8 });
    assert.equal(later.snapshot, true);
    const timeline = service.timeline({ from: at("2025-03-01T00:00:00Z"), to: at("2025-03-02T00:00:00Z") });
    assert.equal(timeline.observations.length, 3);
    assert.equal(timeline.snapshots.length, 2);
    assert.deepEqual(timeline.observations[0]!.scores, sad());
    assert.equal(timeline.observations[1]!.stress, 0.3);
  } finally {
    done();
  }
});

test("observe rejects malformed estimates", () => {
  const { service, done } = setup();
  try {
    assert.throws(() => service.observe({ modality: "smell" as never, at: at("2025-03-01T12:00:00Z"), valence: 0, arousal: 0, confidence: 1 }));
    assert.throws(() => service.observe({ modality: "text", at: at("2025-03-01T12:00:00Z"), valence: 2, arousal: 0, confidence: 1 }));
  } finally {
    done();
  }
});

test("trend and low-mood streak over a week, then export and erase", () => {
  const { service, db, done } = setup();
  try {
    // Five days: good, good, then three low days (Shanghai evenings).
    const valences = [0.5, 0.4, -0.5, -0.6, -0.4];
    valences.forEach((v, i) => {
      for (let k = 0; k < 3; k++) {
        service.observe({ modality: "text", at: at(`2025-03-0${i + 1}T1${k}:00:00Z`), valence: v, arousal: 0.3, confidence: 0.7 });
      }
    });
    const now = at("2025-03-05T15:00:00Z"); // 23:00 in Shanghai, 5 March
    const trend = service.trend({ days: 7, now, timeZone: "Asia/Shanghai" });
    assert.equal(trend.length, 7);
    assert.equal(trend.at(-1)!.date, "2025-03-05");
    assert.deepEqual(
      trend.map((d) => d.count),
      [0, 0, 3, 3, 3, 3, 3],
    );
    assert.ok(Math.abs(trend.at(-1)!.valence! - -0.4) < 1e-9);
    assert.deepEqual(service.lowMoodStreak({ now, timeZone: "Asia/Shanghai" }), { days: 3, since: "2025-03-03" });

    const exported = service.exportAll();
    assert.equal(exported.observations.length, 15);
    assert.equal(typeof exported.observations[0]!.at, "string");
    assert.ok(exported.snapshots.length >= 1);
    JSON.stringify(exported);

    const { deleted } = service.eraseAll();
    assert.equal(deleted, 15 + exported.snapshots.length);
    assert.equal(service.exportAll().observations.length, 0);
    assert.equal((db.prepare("SELECT count(*) AS n FROM mood_snapshots").get() as { n: number }).n, 0);
  } finally {
    done();
  }
});
