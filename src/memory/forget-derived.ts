// When her words are deleted, what Guimi remembered only from them goes too. Memories that also came from
// other messages stay (they still have a source she has not deleted).
import type { Db } from "../storage/database.js";
import type { MemoryService } from "./memory-service.js";

/** `refs`: the source refs deleted (e.g. "msg:42"), or "all-messages" for every conversation message. */
export function forgetDerivedMemories(db: Db, memory: MemoryService, refs: string[] | "all-messages"): number {
  if (refs !== "all-messages" && refs.length === 0) return 0;
  const marks = refs === "all-messages" ? "" : refs.map(() => "?").join(",");
  const rows = db
    .prepare(
      refs === "all-messages"
        ? "SELECT memory_id AS id FROM memory_sources GROUP BY memory_id HAVING SUM(ref NOT LIKE 'msg:%') = 0"
        : `SELECT memory_id AS id FROM memory_sources GROUP BY memory_id
           HAVING SUM(ref NOT IN (${marks})) = 0 AND SUM(ref IN (${marks})) > 0`,
    )
    .all(...(refs === "all-messages" ? [] : [...refs, ...refs])) as { id: string }[];
  for (const row of rows) memory.forget(row.id);
  return rows.length;
}
