// SQLite persistence of the mood timeline. Times are ISO-8601 UTC strings, which sort as text.
import type { Db } from "../storage/database.js";
import { isEmotionLabel, type EmotionLabel, type EmotionScores } from "../perception/emotion-labels.js";
import type { ModalityContribution, Mood } from "./fuse-mood.js";
import type { Modality, MoodEstimate } from "./mood-estimate.js";

export interface StoredObservation extends MoodEstimate {
  id: number;
}

export interface MoodSnapshot {
  id: number;
  at: Date;
  label: EmotionLabel;
  valence: number;
  arousal: number;
  confidence: number;
  stress?: number;
  contributions: ModalityContribution[];
}

interface ObservationRow {
  id: number;
  at: string;
  modality: Modality;
  scores: string | null;
  valence: number;
  arousal: number;
  confidence: number;
  stress: number | null;
}

interface SnapshotRow {
  id: number;
  at: string;
  label: string;
  valence: number;
  arousal: number;
  confidence: number;
  stress: number | null;
  contributions: string;
}

export interface MoodStore {
  addObservation(estimate: MoodEstimate): number;
  /** Observations with from <= at < to (all of them without a range), oldest first. */
  observations(range?: { from: Date; to: Date }): StoredObservation[];
  addSnapshot(mood: Mood): number;
  snapshots(range?: { from: Date; to: Date }): MoodSnapshot[];
  latestSnapshot(): MoodSnapshot | undefined;
  /** Deletes every mood row; returns how many. */
  deleteAll(): number;
}

export function createMoodStore(db: Db): MoodStore {
  const insertObservation = db.prepare(
    "INSERT INTO mood_observations (at, modality, scores, valence, arousal, confidence, stress) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const selectObservations = db.prepare<[string, string], ObservationRow>("SELECT * FROM mood_observations WHERE at >= ? AND at < ? ORDER BY at, id");
  const insertSnapshot = db.prepare("INSERT INTO mood_snapshots (at, label, valence, arousal, confidence, stress, contributions) VALUES (?, ?, ?, ?, ?, ?, ?)");
  const selectSnapshots = db.prepare<[string, string], SnapshotRow>("SELECT * FROM mood_snapshots WHERE at >= ? AND at < ? ORDER BY at, id");
  const allObservations = db.prepare<[], ObservationRow>("SELECT * FROM mood_observations ORDER BY at, id");
  const allSnapshots = db.prepare<[], SnapshotRow>("SELECT * FROM mood_snapshots ORDER BY at, id");
  const selectLatestSnapshot = db.prepare<[], SnapshotRow>("SELECT * FROM mood_snapshots ORDER BY at DESC, id DESC LIMIT 1");

  return {
    addObservation(e) {
      const result = insertObservation.run(
        e.at.toISOString(),
        e.modality,
        e.scores ? JSON.stringify(e.scores) : null,
        e.valence,
        e.arousal,
        e.confidence,
        e.stress ?? null,
      );
      return Number(result.lastInsertRowid);
    },
    observations(range) {
      const rows = range ? selectObservations.all(range.from.toISOString(), range.to.toISOString()) : allObservations.all();
      return rows.map(toObservation);
    },
    addSnapshot(mood) {
      const result = insertSnapshot.run(
        mood.at.toISOString(),
        mood.label,
        mood.valence,
        mood.arousal,
        mood.confidence,
        mood.stress ?? null,
        JSON.stringify(mood.contributions),
      );
      return Number(result.lastInsertRowid);
    },
    snapshots(range) {
      const rows = range ? selectSnapshots.all(range.from.toISOString(), range.to.toISOString()) : allSnapshots.all();
      return rows.map(toSnapshot);
    },
    latestSnapshot() {
      const row = selectLatestSnapshot.get();
      return row ? toSnapshot(row) : undefined;
    },
    deleteAll() {
      return db.transaction(() => {
        const a = db.prepare("DELETE FROM mood_observations").run().changes;
        const b = db.prepare("DELETE FROM mood_snapshots").run().changes;
        return a + b;
      })();
    },
  };
}

function toObservation(row: ObservationRow): StoredObservation {
  const o: StoredObservation = {
    id: row.id,
    modality: row.modality,
    at: new Date(row.at),
    valence: row.valence,
    arousal: row.arousal,
    confidence: row.confidence,
  };
  if (row.scores !== null) o.scores = JSON.parse(row.scores) as EmotionScores;
  if (row.stress !== null) o.stress = row.stress;
  return o;
}

function toSnapshot(row: SnapshotRow): MoodSnapshot {
  const s: MoodSnapshot = {
    id: row.id,
    at: new Date(row.at),
    label: isEmotionLabel(row.label) ? row.label : "neutral",
    valence: row.valence,
    arousal: row.arousal,
    confidence: row.confidence,
    contributions: JSON.parse(row.contributions) as ModalityContribution[],
  };
  if (row.stress !== null) s.stress = row.stress;
  return s;
}
