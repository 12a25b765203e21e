// Tables of the memory capability. FTS5 indexes pre-segmented text (jieba words, stemmed English,
// space-joined), so the plain unicode61 tokenizer suffices and Chinese gets real word boundaries.
import type { MigrationSet } from "../storage/database.js";

export const memoryMigrations: MigrationSet = {
  module: "memory",
  migrations: [
    {
      version: 1,
      name: "memories, sources, full-text index, embeddings",
      up: `
        CREATE TABLE memories (
          num INTEGER PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL CHECK (kind IN ('message', 'fact', 'preference', 'person', 'event', 'feeling')),
          text TEXT NOT NULL,
          normalized TEXT NOT NULL,
          entities TEXT NOT NULL DEFAULT '[]',
          subject TEXT,
          speaker TEXT,
          event_at TEXT,
          said_at TEXT NOT NULL,
          importance REAL NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          superseded_by TEXT,
          superseded_at TEXT,
          status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'superseded'))
        );
        CREATE INDEX memories_by_subject ON memories(subject) WHERE subject IS NOT NULL;
        CREATE INDEX memories_by_event ON memories(event_at) WHERE event_at IS NOT NULL;
        CREATE INDEX memories_by_said ON memories(said_at);
        CREATE INDEX memories_by_superseder ON memories(superseded_by) WHERE superseded_by IS NOT NULL;
        CREATE TABLE memory_sources (
          memory_id TEXT NOT NULL REFERENCES memories(id) ON DELETE CASCADE,
          ref TEXT NOT NULL,
          at TEXT NOT NULL,
          speaker TEXT,
          role TEXT,
          PRIMARY KEY (memory_id, ref)
        ) WITHOUT ROWID;
        CREATE INDEX memory_sources_by_ref ON memory_sources(ref);
        CREATE INDEX memory_sources_by_role_at ON memory_sources(role, at);
        CREATE VIRTUAL TABLE memory_fts USING fts5(body, tags, context, tokenize = 'unicode61 remove_diacritics 2');
        INSERT INTO memory_fts(memory_fts, rank) VALUES ('secure-delete', 1);
        CREATE TABLE memory_embeddings (
          memory_id TEXT PRIMARY KEY REFERENCES memories(id) ON DELETE CASCADE,
          model TEXT NOT NULL,
          vector BLOB NOT NULL
        );
      `,
    },
  ],
};
