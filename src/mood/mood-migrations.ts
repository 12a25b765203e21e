// Schema of the "mood" module: every observation as it arrived, plus fused snapshots taken now
// and then so the timeline can be drawn without re-running fusion over months of data.
import type { MigrationSet } from "../storage/database.js";

export const moodMigrations: MigrationSet = {
  module: "mood",
  migrations: [
    {
      version: 1,
      name: "observations and snapshots",
      up: `
        CREATE TABLE mood_observations (
          id INTEGER PRIMARY KEY,
          at TEXT NOT NULL,
          modality TEXT NOT NULL CHECK (modality IN ('text', 'voice', 'face', 'touch')),
          scores TEXT,
          valence REAL NOT NULL,
          arousal REAL NOT NULL,
          confidence REAL NOT NULL,
          stress REAL
        );
        CREATE INDEX mood_observations_at ON mood_observations (at);
        CREATE TABLE mood_snapshots (
          id INTEGER PRIMARY KEY,
          at TEXT NOT NULL,
          label TEXT NOT NULL,
          valence REAL NOT NULL,
          arousal REAL NOT NULL,
          confidence REAL NOT NULL,
          stress REAL,
          contributions TEXT NOT NULL
        );
        CREATE INDEX mood_snapshots_at ON mood_snapshots (at);
      `,
    },
  ],
};
