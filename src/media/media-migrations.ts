// Tables of the media capability: her music library (one row per file), a full-text index over title,
// artist and album (pre-segmented: jieba words plus single Han characters, so 晴天 / 周杰伦 meet however
// they are cut), the folders she chose, and plays (what she listens to, for "my songs").
import type { MigrationSet } from "../storage/database.js";

export const mediaMigrations: MigrationSet = {
  module: "media",
  migrations: [
    {
      version: 1,
      name: "library items, full-text index, roots, plays",
      up: `
        CREATE TABLE media_items (
          id INTEGER PRIMARY KEY,
          path TEXT NOT NULL UNIQUE,
          root TEXT NOT NULL,
          title TEXT NOT NULL,
          artist TEXT,
          album TEXT,
          genre TEXT,
          duration_s REAL,
          size_bytes INTEGER NOT NULL,
          mtime_ms INTEGER NOT NULL,
          added_at TEXT NOT NULL
        );
        CREATE INDEX media_items_by_root ON media_items(root);
        CREATE VIRTUAL TABLE media_fts USING fts5(title, artist, album, genre, tokenize = 'unicode61 remove_diacritics 2');
        INSERT INTO media_fts(media_fts, rank) VALUES ('secure-delete', 1);
        CREATE TABLE media_roots (
          path TEXT PRIMARY KEY,
          scanned_at TEXT NOT NULL,
          files INTEGER NOT NULL
        );
        CREATE TABLE media_plays (
          id INTEGER PRIMARY KEY,
          item_id INTEGER REFERENCES media_items(id) ON DELETE CASCADE,
          kind TEXT NOT NULL,
          title TEXT NOT NULL,
          artist TEXT,
          played_at TEXT NOT NULL
        );
        CREATE INDEX media_plays_by_item ON media_plays(item_id);
      `,
    },
  ],
};
