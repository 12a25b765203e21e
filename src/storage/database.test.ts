import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { openDatabase, type MigrationSet } from "./database.js";
import { coreMigrations } from "./core-migrations.js";
import { makeTempDir } from "../testing/paths.js";

test("opens in WAL mode and applies each migration exactly once across reopenings", () => {
  const { dir, cleanup } = makeTempDir();
  try {
    const path = join(dir, "guimi.db");
    const extra: MigrationSet = {
      module: "example",
      migrations: [
        { version: 2, name: "add column", up: "ALTER TABLE example ADD COLUMN note TEXT" },
        { version: 1, name: "create", up: "CREATE TABLE example (id INTEGER PRIMARY KEY)" },
      ],
    };
    let db = openDatabase(path, [coreMigrations, extra]);
    assert.equal(db.pragma("journal_mode", { simple: true }), "wal");
    db.prepare("INSERT INTO example (id, note) VALUES (1, 'kept')").run();
    db.close();
    db = openDatabase(path, [coreMigrations, extra]);
    assert.equal((db.prepare("SELECT note FROM example").get() as { note: string }).note, "kept");
    const rows = db.prepare("SELECT module, version FROM schema_migrations ORDER BY module, version").all();
    assert.deepEqual(rows, [
      { module: "core", version: 1 },
      { module: "example", version: 1 },
      { module: "example", version: 2 },
    ]);
    db.close();
  } finally {
    cleanup();
  }
});

test("a failing migration leaves no half-applied schema", () => {
  const { dir, cleanup } = makeTempDir();
  try {
    const broken: MigrationSet = {
      module: "broken",
      migrations: [{ version: 1, name: "bad", up: "CREATE TABLE half (id INTEGER); SELECT * FROM missing_table;" }],
    };
    assert.throws(() => openDatabase(join(dir, "guimi.db"), [coreMigrations, broken]), /missing_table/);
    const db = openDatabase(join(dir, "guimi.db"), [coreMigrations]);
    const half = db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get();
    assert.equal(half, undefined);
    db.close();
  } finally {
    cleanup();
  }
});
