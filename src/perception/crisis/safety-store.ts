// Safety events: when risk was heard, how high, which layer of the detector fired, which reply was given —
// never her words. Kept in the crisis module's own tables, shown in 我的数据, never sent off the device.
// The newest undismissed event is the help-line card the touchscreen shows until she dismisses it.
import type { Db, MigrationSet } from "../../storage/database.js";
import type { CrisisLayer } from "./crisis-detector.js";

export const crisisMigrations: MigrationSet = {
  module: "crisis",
  migrations: [
    {
      version: 1,
      name: "safety events",
      up: `
        CREATE TABLE crisis_safety_events (
          id INTEGER PRIMARY KEY,
          at TEXT NOT NULL,
          risk TEXT NOT NULL CHECK (risk IN ('possible', 'high')),
          layer TEXT NOT NULL CHECK (layer IN ('rules', 'classifier', 'context')),
          reply TEXT NOT NULL CHECK (reply IN ('safety', 'check')),
          conversation_id TEXT NOT NULL,
          dismissed_at TEXT
        );
        CREATE INDEX crisis_safety_events_at ON crisis_safety_events (at);
      `,
    },
  ],
};

export interface SafetyEvent {
  id: number;
  at: Date;
  risk: "possible" | "high";
  layer: CrisisLayer;
  /** "safety" = the high-risk reply, "check" = the gentle question. */
  reply: "safety" | "check";
  conversationId: string;
  dismissedAt: Date | null;
}

interface Row {
  id: number;
  at: string;
  risk: "possible" | "high";
  layer: CrisisLayer;
  reply: "safety" | "check";
  conversation_id: string;
  dismissed_at: string | null;
}

const toEvent = (r: Row): SafetyEvent => ({
  id: r.id,
  at: new Date(r.at),
  risk: r.risk,
  layer: r.layer,
  reply: r.reply,
  conversationId: r.conversation_id,
  dismissedAt: r.dismissed_at ? new Date(r.dismissed_at) : null,
});

export function createSafetyStore(db: Db) {
  const insert = db.prepare("INSERT INTO crisis_safety_events (at, risk, layer, reply, conversation_id) VALUES (?, ?, ?, ?, ?)");
  const latestStmt = db.prepare("SELECT * FROM crisis_safety_events ORDER BY at DESC, id DESC LIMIT 1");
  const latestIn = db.prepare("SELECT * FROM crisis_safety_events WHERE conversation_id = ? ORDER BY at DESC, id DESC LIMIT 1");
  const activeStmt = db.prepare("SELECT * FROM crisis_safety_events WHERE dismissed_at IS NULL ORDER BY at DESC, id DESC LIMIT 1");
  return {
    record(event: Omit<SafetyEvent, "id" | "dismissedAt">): number {
      return Number(insert.run(event.at.toISOString(), event.risk, event.layer, event.reply, event.conversationId).lastInsertRowid);
    },
    latest(conversationId?: string): SafetyEvent | null {
      const row = (conversationId ? latestIn.get(conversationId) : latestStmt.get()) as Row | undefined;
      return row ? toEvent(row) : null;
    },
    /** The newest event she has not dismissed (the help-line card), or null. */
    active(): SafetyEvent | null {
      const row = activeStmt.get() as Row | undefined;
      return row ? toEvent(row) : null;
    },
    /** Dismisses every open card; returns how many. */
    dismissAll(at: Date): number {
      return db.prepare("UPDATE crisis_safety_events SET dismissed_at = ? WHERE dismissed_at IS NULL").run(at.toISOString()).changes;
    },
    list(page: { limit: number; before?: number }): SafetyEvent[] {
      return (
        db.prepare("SELECT * FROM crisis_safety_events WHERE id < ? ORDER BY id DESC LIMIT ?").all(page.before ?? Number.MAX_SAFE_INTEGER, page.limit) as Row[]
      ).map(toEvent);
    },
    count(): number {
      return (db.prepare("SELECT COUNT(*) AS n FROM crisis_safety_events").get() as { n: number }).n;
    },
    remove(id: number): boolean {
      return db.prepare("DELETE FROM crisis_safety_events WHERE id = ?").run(id).changes > 0;
    },
    eraseAll(): number {
      return db.prepare("DELETE FROM crisis_safety_events").run().changes;
    },
  };
}

export type SafetyStore = ReturnType<typeof createSafetyStore>;
