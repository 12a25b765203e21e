// The one SQLite file in the data dir. WAL + synchronous=FULL so that a kill -9 or a power cut loses
// nothing that was acknowledged; each capability registers its own versioned migrations.
import Database from "better-sqlite3";

export type Db = Database.Database;

export interface Migration {
  version: number;
  name: string;
  /** SQL text, or a function for migrations that need logic. Runs inside a transaction. */
  up: string | ((db: Db) => void);
}

/** Migrations of one capability ("core", "reminders", "memory"…), versioned independently. */
export interface MigrationSet {
  module: string;
  migrations: Migration[];
}

export function openDatabase(path: string, sets: MigrationSet[]): Db {
  const db = new Database(path);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 5000");
    migrate(db, sets);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function migrate(db: Db, sets: MigrationSet[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL,
    PRIMARY KEY (module, version))`);
  const applied = db.prepare("SELECT 1 FROM schema_migrations WHERE module = ? AND version = ?");
  const record = db.prepare("INSERT INTO schema_migrations (module, version, name, applied_at) VALUES (?, ?, ?, ?)");
  for (const set of sets) {
    const ordered = [...set.migrations].sort((a, b) => a.version - b.version);
    for (const migration of ordered) {
      if (applied.get(set.module, migration.version)) continue;
      db.transaction(() => {
        if (typeof migration.up === "string") db.exec(migration.up);
        else migration.up(db);
        record.run(set.module, migration.version, migration.name, new Date().toISOString());
      })();
    }
  }
}

/** Real erasure: after deleting rows, rewrite the file so the old pages are gone from disk too. */
export function vacuum(db: Db): void {
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.exec("VACUUM");
}
