// The SQLite side of memory: rows, their sources, the FTS5 index and embeddings. No decisions here.
import type { Db } from "../storage/database.js";
import type { Memory, MemoryKind, MemorySource, MemoryStatus } from "./memory-types.js";

/** Index text for one memory: space-joined terms per FTS column. */
export interface MemoryIndexText {
  body: string;
  tags: string;
  context: string;
}

export interface FtsHit {
  num: number;
  /** bm25 turned positive: higher is better. */
  bm25: number;
  tags: string;
}

interface MemoryRow {
  num: number;
  id: string;
  kind: MemoryKind;
  text: string;
  entities: string;
  subject: string | null;
  speaker: string | null;
  event_at: string | null;
  said_at: string;
  importance: number;
  created_at: string;
  updated_at: string;
  superseded_by: string | null;
  superseded_at: string | null;
  status: MemoryStatus;
}

interface SourceRow {
  memory_id: string;
  ref: string;
  at: string;
  speaker: string | null;
  role: "user" | "assistant" | null;
}

/** A message said near another one, in the same sitting. */
export interface Neighbour {
  ref: string;
  at: string;
  /** Its longest memory text (the whole message, usually). */
  text: string;
  /** Some memory from it has a resolved date. */
  dated: boolean;
  /** Turns away: -1 just before, 1 just after. */
  offset: number;
}

export interface ListOptions {
  kind?: MemoryKind;
  status?: MemoryStatus | "all";
  limit?: number;
  offset?: number;
}

export type MemoryStore = ReturnType<typeof createMemoryStore>;

// Column weights for bm25(): the memory's own words count most, entity/topic tags less, context least.
const bm25Weights = "1.0, 0.6, 0.25";

export function createMemoryStore(db: Db) {
  const s = {
    insert: db.prepare(`INSERT INTO memories (id, kind, text, normalized, entities, subject, speaker, event_at, said_at, importance,
      created_at, updated_at, superseded_by, superseded_at, status)
      VALUES (@id, @kind, @text, @normalized, @entities, @subject, @speaker, @event_at, @said_at, @importance,
      @created_at, @updated_at, @superseded_by, @superseded_at, @status)`),
    insertFts: db.prepare("INSERT INTO memory_fts (rowid, body, tags, context) VALUES (?, ?, ?, ?)"),
    deleteFts: db.prepare("DELETE FROM memory_fts WHERE rowid = ?"),
    insertSource: db.prepare("INSERT OR IGNORE INTO memory_sources (memory_id, ref, at, speaker, role) VALUES (?, ?, ?, ?, ?)"),
    byId: db.prepare("SELECT * FROM memories WHERE id = ?"),
    byNum: db.prepare("SELECT * FROM memories WHERE num = ?"),
    sourcesOf: db.prepare("SELECT * FROM memory_sources WHERE memory_id = ? ORDER BY at, ref"),
    update: db.prepare(`UPDATE memories SET text = @text, normalized = @normalized, entities = @entities, subject = @subject,
      event_at = @event_at, said_at = @said_at, importance = @importance, updated_at = @updated_at WHERE id = @id`),
    supersede: db.prepare("UPDATE memories SET status = 'superseded', superseded_by = ?, superseded_at = ?, updated_at = ? WHERE id = ?"),
    reactivate: db.prepare("UPDATE memories SET status = 'active', superseded_by = NULL, superseded_at = NULL, updated_at = ? WHERE superseded_by = ?"),
    delete: db.prepare("DELETE FROM memories WHERE id = ?"),
    bySubject: db.prepare("SELECT * FROM memories WHERE subject = ? AND status = 'active' AND (speaker IS ? OR speaker = ?)"),
    numsBySubject: db.prepare("SELECT num FROM memories WHERE subject = ? ORDER BY said_at DESC LIMIT ?"),
    idsByRef: db.prepare("SELECT memory_id FROM memory_sources WHERE ref = ?"),
    // WITHOUT ROWID: ties at the same instant are all "the latest message(s)".
    latestUserRefs: db.prepare("SELECT ref, at FROM memory_sources WHERE role = 'user' ORDER BY at DESC LIMIT 1"),
    refsAt: db.prepare("SELECT DISTINCT ref FROM memory_sources WHERE role = 'user' AND at = ?"),
    inRange: db.prepare(`SELECT m.num FROM memories m WHERE (m.event_at >= @start AND m.event_at < @end)
      UNION SELECT m.num FROM memories m WHERE (m.said_at >= @start AND m.said_at < @end) LIMIT @limit`),
    eventsBetween: db.prepare("SELECT * FROM memories WHERE event_at >= ? AND event_at < ? AND status = 'active' ORDER BY event_at"),
    tagsOf: db.prepare("SELECT tags FROM memory_fts WHERE rowid = ?"),
    count: db.prepare("SELECT count(*) AS n FROM memories"),
    search: db.prepare(`SELECT rowid AS num, bm25(memory_fts, ${bm25Weights}) AS score, tags FROM memory_fts WHERE memory_fts MATCH ? ORDER BY score LIMIT ?`),
    recent: db.prepare(
      `SELECT rowid AS num, bm25(memory_fts, ${bm25Weights}) AS score, tags FROM memory_fts WHERE memory_fts MATCH ? ORDER BY rowid DESC LIMIT ?`,
    ),
    manyByNum: db.prepare("SELECT * FROM memories WHERE num IN (SELECT value FROM json_each(?))"),
    sourcesOfMany: db.prepare("SELECT * FROM memory_sources WHERE memory_id IN (SELECT value FROM json_each(?)) ORDER BY at, ref"),
    // Messages said just before / after an instant (by said_at, indexed): the sitting around a memory.
    around: db.prepare(`SELECT * FROM (SELECT -1 AS side, s.ref AS ref, s.at AS at, m.text AS text, m.event_at AS eventAt FROM memories m
        JOIN memory_sources s ON s.memory_id = m.id AND s.at = m.said_at
        WHERE m.said_at < @at AND m.said_at >= @from ORDER BY m.said_at DESC LIMIT @before)
      UNION ALL SELECT * FROM (SELECT 1 AS side, s.ref AS ref, s.at AS at, m.text AS text, m.event_at AS eventAt FROM memories m
        JOIN memory_sources s ON s.memory_id = m.id AND s.at = m.said_at
        WHERE m.said_at > @at AND m.said_at <= @to ORDER BY m.said_at LIMIT @after)`),
    speakers: db.prepare("SELECT DISTINCT speaker FROM memories WHERE speaker IS NOT NULL"),
    embedding: db.prepare("SELECT vector FROM memory_embeddings WHERE memory_id = ?"),
    putEmbedding: db.prepare("INSERT OR REPLACE INTO memory_embeddings (memory_id, model, vector) VALUES (?, ?, ?)"),
  };

  function hydrate(row: MemoryRow, known?: MemorySource[]): Memory {
    const sources = known ?? (s.sourcesOf.all(row.id) as SourceRow[]).map((r) => ({ ref: r.ref, at: r.at, speaker: r.speaker, role: r.role }));
    return {
      id: row.id,
      kind: row.kind,
      text: row.text,
      entities: JSON.parse(row.entities) as string[],
      subject: row.subject,
      speaker: row.speaker,
      eventAt: row.event_at,
      saidAt: row.said_at,
      importance: row.importance,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      status: row.status,
      supersededBy: row.superseded_by,
      supersededAt: row.superseded_at,
      sources,
    };
  }

  function rowOf(memory: Memory, normalized: string) {
    return {
      id: memory.id,
      kind: memory.kind,
      text: memory.text,
      normalized,
      entities: JSON.stringify(memory.entities),
      subject: memory.subject,
      speaker: memory.speaker,
      event_at: memory.eventAt,
      said_at: memory.saidAt,
      importance: memory.importance,
      created_at: memory.createdAt,
      updated_at: memory.updatedAt,
      superseded_by: memory.supersededBy,
      superseded_at: memory.supersededAt,
      status: memory.status,
    };
  }

  return {
    transaction<T>(fn: () => T): T {
      return db.transaction(fn)();
    },
    insert(memory: Memory, index: MemoryIndexText): void {
      const info = s.insert.run(rowOf(memory, index.body));
      s.insertFts.run(info.lastInsertRowid, index.body, index.tags, index.context);
      for (const src of memory.sources) s.insertSource.run(memory.id, src.ref, src.at, src.speaker, src.role);
    },
    /** Rewrites a memory's fields (text, entities, dates, importance) and its index row. */
    update(memory: Memory, index: MemoryIndexText): void {
      s.update.run(rowOf(memory, index.body));
      const row = s.byId.get(memory.id) as MemoryRow | undefined;
      if (!row) return;
      const old = s.tagsOf.get(row.num) as { tags: string } | undefined;
      s.deleteFts.run(row.num);
      s.insertFts.run(row.num, index.body, index.tags || old?.tags || "", index.context);
      for (const src of memory.sources) s.insertSource.run(memory.id, src.ref, src.at, src.speaker, src.role);
    },
    addSources(id: string, sources: MemorySource[]): void {
      for (const src of sources) s.insertSource.run(id, src.ref, src.at, src.speaker, src.role);
    },
    supersede(oldId: string, newId: string, at: string): void {
      s.supersede.run(newId, at, at, oldId);
    },
    /** Real deletion: the row, its sources and embedding (cascade) and its FTS entry (secure-delete). */
    delete(id: string, at: string): boolean {
      const row = s.byId.get(id) as MemoryRow | undefined;
      if (!row) return false;
      s.deleteFts.run(row.num);
      s.delete.run(id);
      // What this memory had replaced is the latest word again.
      s.reactivate.run(at, id);
      return true;
    },
    deleteAll(): number {
      const n = (s.count.get() as { n: number }).n;
      db.exec("DELETE FROM memory_embeddings; DELETE FROM memory_sources; DELETE FROM memories; DELETE FROM memory_fts;");
      return n;
    },
    get(id: string): Memory | null {
      const row = s.byId.get(id) as MemoryRow | undefined;
      return row ? hydrate(row) : null;
    },
    getByNum(num: number): Memory | null {
      const row = s.byNum.get(num) as MemoryRow | undefined;
      return row ? hydrate(row) : null;
    },
    tagsOf(num: number): string {
      return (s.tagsOf.get(num) as { tags: string } | undefined)?.tags ?? "";
    },
    list(options: ListOptions = {}): Memory[] {
      const where: string[] = [];
      const params: unknown[] = [];
      if (options.kind) {
        where.push("kind = ?");
        params.push(options.kind);
      }
      const status = options.status ?? "active";
      if (status !== "all") {
        where.push("status = ?");
        params.push(status);
      }
      const sql = `SELECT * FROM memories ${where.length ? "WHERE " + where.join(" AND ") : ""} ORDER BY said_at DESC, num DESC LIMIT ? OFFSET ?`;
      params.push(options.limit ?? -1, options.offset ?? 0);
      return (db.prepare(sql).all(...params) as MemoryRow[]).map((row) => hydrate(row));
    },
    count(): number {
      return (s.count.get() as { n: number }).n;
    },
    /** Full-text candidates for an FTS5 MATCH expression, best first. */
    search(match: string, limit: number): FtsHit[] {
      if (!match) return [];
      const rows = s.search.all(match, limit) as { num: number; score: number; tags: string }[];
      return rows.map((r) => ({ num: r.num, bm25: -r.score, tags: r.tags }));
    },
    /**
     * The most recent `limit` matches (by insertion order), scored: bm25 is computed only for the rows
     * returned, so broad expressions (single characters, topic tags) stay cheap at any size.
     */
    searchRecent(match: string, limit: number): FtsHit[] {
      if (!match) return [];
      const rows = s.recent.all(match, limit) as { num: number; score: number; tags: string }[];
      return rows.map((r) => ({ num: r.num, bm25: -r.score, tags: r.tags }));
    },
    /** Many memories in one round trip each for rows and sources. */
    getManyByNum(nums: number[]): { num: number; memory: Memory }[] {
      if (nums.length === 0) return [];
      const rows = s.manyByNum.all(JSON.stringify(nums)) as MemoryRow[];
      const sources = new Map<string, MemorySource[]>();
      for (const r of s.sourcesOfMany.all(JSON.stringify(rows.map((row) => row.id))) as SourceRow[]) {
        const list = sources.get(r.memory_id) ?? [];
        list.push({ ref: r.ref, at: r.at, speaker: r.speaker, role: r.role });
        sources.set(r.memory_id, list);
      }
      return rows.map((row) => ({ num: row.num, memory: hydrate(row, sources.get(row.id) ?? []) }));
    },
    numsInRange(start: string, end: string, limit: number): number[] {
      return (s.inRange.all({ start, end, limit }) as { num: number }[]).map((r) => r.num);
    },
    activeBySubject(subject: string, speaker: string | null): Memory[] {
      return (s.bySubject.all(subject, speaker, speaker) as MemoryRow[]).map((row) => hydrate(row));
    },
    /** Everyone who said something (a full scan: call once and keep it). */
    speakers(): string[] {
      return (s.speakers.all() as { speaker: string }[]).map((r) => r.speaker);
    },
    numsBySubject(subject: string, limit: number): number[] {
      return (s.numsBySubject.all(subject, limit) as { num: number }[]).map((r) => r.num);
    },
    idsByRef(ref: string): string[] {
      return (s.idsByRef.all(ref) as { memory_id: string }[]).map((r) => r.memory_id);
    },
    /** Refs of the most recent user message(s): those said at the latest time. */
    latestUserRefs(): string[] {
      const latest = s.latestUserRefs.get() as { at: string } | undefined;
      return latest ? (s.refsAt.all(latest.at) as { ref: string }[]).map((r) => r.ref) : [];
    },
    /**
     * The messages said up to `before` turns before and `after` turns after an instant, within
     * `windowMs` of it (the same sitting): one entry per ref (its longest memory text), nearest first.
     */
    neighbours(at: string, before: number, after: number, windowMs: number): Neighbour[] {
      const t = Date.parse(at);
      if (!Number.isFinite(t)) return [];
      type Row = { side: number; ref: string; at: string; text: string; eventAt: string | null };
      const collect = (rows: Row[], n: number, sign: number) => {
        const byRef = new Map<string, Neighbour>();
        for (const r of rows) {
          if (r.side !== sign) continue;
          const seen = byRef.get(r.ref);
          if (seen) {
            if (r.text.length > seen.text.length) seen.text = r.text;
            if (r.eventAt) seen.dated = true;
          } else if (byRef.size < n) byRef.set(r.ref, { ref: r.ref, at: r.at, text: r.text, dated: r.eventAt !== null, offset: sign * (byRef.size + 1) });
        }
        return [...byRef.values()];
      };
      // A message can stand behind several memories (the episode and facts drawn from it): read a few more rows.
      const rows = s.around.all({
        at,
        from: new Date(t - windowMs).toISOString(),
        to: new Date(t + windowMs).toISOString(),
        before: before * 3,
        after: after * 3,
      }) as Row[];
      const prev = collect(rows, before, -1);
      const next = collect(rows, after, 1);
      return [...prev, ...next];
    },
    eventsBetween(start: string, end: string): Memory[] {
      return (s.eventsBetween.all(start, end) as MemoryRow[]).map((row) => hydrate(row));
    },
    embedding(id: string): Float32Array | null {
      const row = s.embedding.get(id) as { vector: Buffer } | undefined;
      return row ? new Float32Array(row.vector.buffer.slice(row.vector.byteOffset, row.vector.byteOffset + row.vector.byteLength)) : null;
    },
    putEmbedding(id: string, model: string, vector: Float32Array): void {
      s.putEmbedding.run(id, model, Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength));
    },
  };
}
