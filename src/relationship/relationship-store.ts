// Relationship facts read from what is stored (her messages, memories), and her talk preferences
// kept in the settings table.
import type { Db } from "../storage/database.js";
import { emptyPreferences, relationshipState, type RelationshipFacts, type RelationshipState, type TalkPreferences } from "./relationship.js";

export function createRelationshipStore(db: Db, options: { offsetMinutes: () => number }) {
  const readPrefs = db.prepare("SELECT value FROM settings WHERE key = 'relationship'");
  const writePrefs = db.prepare(
    "INSERT INTO settings (key, value, updated_at) VALUES ('relationship', ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
  );

  function facts(): RelationshipFacts {
    const offset = `${options.offsetMinutes() >= 0 ? "+" : ""}${options.offsetMinutes()} minutes`;
    const row = db
      .prepare(
        `SELECT MIN(created_at) AS first, COUNT(*) AS messages, COUNT(DISTINCT date(created_at, ?)) AS days
         FROM messages WHERE role = 'user'`,
      )
      .get(offset) as { first: string | null; messages: number; days: number };
    const memories = (db.prepare("SELECT COUNT(*) AS n FROM memories WHERE kind <> 'message' AND status = 'active'").get() as { n: number }).n;
    return { firstMetAt: row.first ? new Date(row.first) : null, activeDays: row.days, userMessages: row.messages, memories };
  }

  function preferences(): TalkPreferences {
    const row = readPrefs.get() as { value: string } | undefined;
    if (!row) return emptyPreferences;
    try {
      const parsed = JSON.parse(row.value) as Partial<TalkPreferences>;
      return {
        nickname: typeof parsed.nickname === "string" ? parsed.nickname : null,
        notes: Array.isArray(parsed.notes) ? parsed.notes.filter((n): n is string => typeof n === "string") : [],
      };
    } catch {
      return emptyPreferences;
    }
  }

  return {
    state: (now: Date): RelationshipState => relationshipState(facts(), preferences(), now),
    preferences,
    savePreferences(next: TalkPreferences, now: Date): void {
      writePrefs.run(JSON.stringify(next), now.toISOString());
    },
  };
}

export type RelationshipStore = ReturnType<typeof createRelationshipStore>;
