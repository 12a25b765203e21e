// Conversations and their messages in SQLite. A user message is committed before any reply starts;
// a reply row is opened as "streaming", its text saved as it grows, and closed as complete or partial.
import type { Db } from "../storage/database.js";
import type { Lang } from "../kernel/lang.js";

export type MessageRole = "user" | "assistant" | "care";
export type MessageStatus = "complete" | "partial" | "streaming";

export interface StoredMessage {
  id: number;
  conversationId: string;
  role: MessageRole;
  text: string;
  lang: Lang | null;
  status: MessageStatus;
  createdAt: string;
  completedAt: string | null;
  meta: Record<string, unknown> | null;
}

export interface ConversationSummary {
  id: string;
  createdAt: string;
  updatedAt: string;
  messageCount: number;
  lastText: string | null;
}

interface MessageRow extends Omit<StoredMessage, "meta"> {
  meta: string | null;
}

const selectColumns = `id, conversation_id AS conversationId, role, text, lang, status, created_at AS createdAt,
  completed_at AS completedAt, meta`;

function toMessage(row: MessageRow): StoredMessage {
  return { ...row, meta: row.meta ? (JSON.parse(row.meta) as Record<string, unknown>) : null };
}

export function createMessageStore(db: Db) {
  const ensureConversation = db.prepare(
    `INSERT INTO conversations (id, created_at, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at`,
  );
  const insertMessage = db.prepare(
    `INSERT INTO messages (conversation_id, role, text, lang, status, created_at, completed_at, meta)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const updateText = db.prepare("UPDATE messages SET text = ? WHERE id = ? AND status = 'streaming'");
  const close = db.prepare("UPDATE messages SET text = ?, status = ?, completed_at = ?, meta = COALESCE(?, meta) WHERE id = ?");

  const append = db.transaction(
    (conversationId: string, role: MessageRole, text: string, lang: Lang | null, status: MessageStatus, at: string, meta: object | null) => {
      ensureConversation.run(conversationId, at, at);
      return Number(
        insertMessage.run(conversationId, role, text, lang, status, at, status === "streaming" ? null : at, meta ? JSON.stringify(meta) : null).lastInsertRowid,
      );
    },
  );

  return {
    /** Stores a finished message (hers, or a fast-path / care message) and returns its id. */
    add(conversationId: string, role: MessageRole, text: string, at: Date, lang: Lang | null = null, meta: object | null = null): number {
      return append(conversationId, role, text, lang, "complete", at.toISOString(), meta);
    },
    /** Opens a reply that will stream in. */
    openReply(conversationId: string, at: Date, lang: Lang | null): number {
      return append(conversationId, "assistant", "", lang, "streaming", at.toISOString(), null);
    },
    saveProgress(id: number, text: string): void {
      updateText.run(text, id);
    },
    closeReply(id: number, text: string, status: "complete" | "partial", at: Date, meta: object | null = null): void {
      close.run(text, status, at.toISOString(), meta ? JSON.stringify(meta) : null, id);
    },
    /** After a crash, replies that were still streaming are kept and marked partial. */
    recoverInterrupted(at: Date): number {
      return db.prepare("UPDATE messages SET status = 'partial', completed_at = ? WHERE status = 'streaming'").run(at.toISOString()).changes;
    },
    get(id: number): StoredMessage | undefined {
      const row = db.prepare(`SELECT ${selectColumns} FROM messages WHERE id = ?`).get(id) as MessageRow | undefined;
      return row && toMessage(row);
    },
    /** Newest last; `before` pages backwards by message id. */
    list(conversationId: string, options: { limit?: number; before?: number } = {}): StoredMessage[] {
      const rows = db
        .prepare(`SELECT ${selectColumns} FROM messages WHERE conversation_id = ? AND id < ? ORDER BY id DESC LIMIT ?`)
        .all(conversationId, options.before ?? Number.MAX_SAFE_INTEGER, Math.min(Math.max(options.limit ?? 50, 1), 500)) as MessageRow[];
      return rows.reverse().map(toMessage);
    },
    /** Oldest first, after message `afterId`: the export reads every message page by page with this. */
    listAfter(conversationId: string, afterId: number, limit: number): StoredMessage[] {
      const rows = db
        .prepare(`SELECT ${selectColumns} FROM messages WHERE conversation_id = ? AND id > ? ORDER BY id LIMIT ?`)
        .all(conversationId, afterId, Math.min(Math.max(limit, 1), 1000)) as MessageRow[];
      return rows.map(toMessage);
    },
    conversations(): ConversationSummary[] {
      return db
        .prepare(
          `SELECT c.id, c.created_at AS createdAt, c.updated_at AS updatedAt,
                  (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id) AS messageCount,
                  (SELECT text FROM messages m WHERE m.conversation_id = c.id ORDER BY id DESC LIMIT 1) AS lastText
           FROM conversations c ORDER BY c.updated_at DESC`,
        )
        .all() as ConversationSummary[];
    },
    getSummary(conversationId: string): string | null {
      const row = db.prepare("SELECT summary FROM conversations WHERE id = ?").get(conversationId) as { summary: string | null } | undefined;
      return row?.summary ?? null;
    },
    setSummary(conversationId: string, summary: string | null): void {
      db.prepare("UPDATE conversations SET summary = ? WHERE id = ?").run(summary, conversationId);
    },
    deleteMessage(id: number): boolean {
      return db.prepare("DELETE FROM messages WHERE id = ?").run(id).changes > 0;
    },
    deleteConversation(conversationId: string): boolean {
      return db.prepare("DELETE FROM conversations WHERE id = ?").run(conversationId).changes > 0;
    },
    deleteAll(): number {
      const count = (db.prepare("SELECT COUNT(*) AS n FROM messages").get() as { n: number }).n;
      db.transaction(() => {
        db.prepare("DELETE FROM messages").run();
        db.prepare("DELETE FROM conversations").run();
      })();
      return count;
    },
    /** Retention: drops messages older than the cut-off. */
    deleteOlderThan(cutoff: Date): number {
      return db.prepare("DELETE FROM messages WHERE created_at < ?").run(cutoff.toISOString()).changes;
    },
  };
}

export type MessageStore = ReturnType<typeof createMessageStore>;
