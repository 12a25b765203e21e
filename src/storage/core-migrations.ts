// Tables the foundation owns: conversations and their messages, settings, and the outbound ledger.
import type { MigrationSet } from "./database.js";

export const coreMigrations: MigrationSet = {
  module: "core",
  migrations: [
    {
      version: 1,
      name: "conversations, messages, settings, outbound ledger",
      up: `
        CREATE TABLE conversations (
          id TEXT PRIMARY KEY,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          summary TEXT
        );
        CREATE TABLE messages (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
          role TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'care')),
          text TEXT NOT NULL,
          lang TEXT,
          status TEXT NOT NULL DEFAULT 'complete' CHECK (status IN ('complete', 'partial', 'streaming')),
          created_at TEXT NOT NULL,
          completed_at TEXT,
          meta TEXT
        );
        CREATE INDEX messages_by_conversation ON messages(conversation_id, id);
        CREATE INDEX messages_by_time ON messages(created_at);
        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE TABLE outbound_ledger (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          at TEXT NOT NULL,
          purpose TEXT NOT NULL,
          destination TEXT NOT NULL,
          method TEXT NOT NULL,
          data_category TEXT NOT NULL,
          bytes_sent INTEGER NOT NULL DEFAULT 0,
          bytes_received INTEGER NOT NULL DEFAULT 0,
          outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'refused', 'failed')),
          detail TEXT
        );
        CREATE INDEX outbound_ledger_by_time ON outbound_ledger(at);
      `,
    },
  ],
};
