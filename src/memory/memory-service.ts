// The memory service the conversation, care engine, CLI and API use: ingest → extract → consolidate →
// store; hybrid search; recall lines for the next prompt turn; view, correct and erase.
import { randomUUID } from "node:crypto";
import type { LanguageModel } from "../conversation/language-model.js";
import type { Db } from "../storage/database.js";
import { vacuum } from "../storage/database.js";
import { decideConsolidation } from "./consolidation.js";
import { cosineSimilarity, type Embedder } from "./embedder.js";
import {
  analyzeQuery,
  diversifyBySources,
  indexTextOf,
  matchExpression,
  pickNeighbour,
  rankMemories,
  speakerTerms,
  wordExpression,
  type RankCandidate,
} from "./memory-ranking.js";
import { createMemoryStore, type ListOptions } from "./memory-store.js";
import type { ConversationMessage, Memory, MemoryCandidate, MemoryKind } from "./memory-types.js";
import { extractWithModel } from "./model-extraction.js";
import { extractByRules, isForgetRequest } from "./rule-extraction.js";
import { containsChinese, uniqueTerms } from "./text-analysis.js";

export interface MemoryServiceOptions {
  db: Db;
  model?: LanguageModel;
  embedder?: Embedder;
  /** The user's zone, minutes east of UTC (480 for China), or a function of the time; defaults to this machine's zone. */
  tzOffsetMinutes?: number | ((at: Date) => number);
  /** Clock for the few operations whose signature takes no `now` (forget, update). */
  clock?: () => Date;
  /** Id generator, replaceable in tests. */
  newId?: () => string;
}

export interface IngestResult {
  added: string[];
  merged: string[];
  superseded: string[];
  ignored: number;
}

export interface SearchResult {
  id: string;
  kind: MemoryKind;
  text: string;
  score: number;
  /** Refs of the messages it came from (oldest first), then at most one neighbouring message of the same sitting that also matches the query. */
  sources: string[];
  /** When it was first said. */
  at: string;
  eventAt: string | null;
  status: Memory["status"];
}

export interface SearchOptions {
  k?: number;
  now: Date;
  /** Also return replaced memories (ranked lower). Default true: history is useful. */
  includeSuperseded?: boolean;
}

export interface MemoryUpdate {
  text?: string;
  importance?: number;
  eventAt?: string | null;
}

export interface ForgetOutcome {
  forgotten: string[];
  reply: string;
}

export interface MemoryExport {
  format: "guimi-memory";
  version: 1;
  memories: Memory[];
}

export type MemoryService = ReturnType<typeof createMemoryService>;

const candidatePool = 100;
const recentPool = 600;
const contextMessages = 2;
/** Weight of a related word's match against the question's own words. */
const relatedWeight = 0.5;
const relatedPool = 300;
/** Messages at most this far apart are one sitting. */
const sittingMs = 3 * 3_600_000;

export function createMemoryService(options: MemoryServiceOptions) {
  const store = createMemoryStore(options.db);
  // A function, so the offset follows her when she travels (and across DST).
  const offsetOption = options.tzOffsetMinutes;
  const tzAt = (now: Date): number => (typeof offsetOption === "function" ? offsetOption(now) : (offsetOption ?? -now.getTimezoneOffset()));
  const clock = options.clock ?? (() => new Date());
  const newId = options.newId ?? (() => "mem_" + randomUUID().replace(/-/g, "").slice(0, 16));

  // Names of the people in the conversations, as terms: read once, then kept up to date by ingest.
  let speakerSet: Set<string> | null = null;
  const knownSpeakers = (): Set<string> => {
    speakerSet ??= new Set(store.speakers().flatMap((name) => speakerTerms(name)));
    return speakerSet;
  };

  function similarExisting(candidate: MemoryCandidate): Memory[] {
    const found = new Map<string, Memory>();
    for (const src of candidate.sources)
      for (const id of store.idsByRef(src.ref)) {
        const m = store.get(id);
        if (m) found.set(m.id, m);
      }
    if (candidate.kind !== "message") {
      const expr = matchExpression({ terms: uniqueTerms(candidate.text), topics: [] });
      for (const hit of store.search(expr, 12)) {
        const m = store.getByNum(hit.num);
        if (m && m.kind === candidate.kind) found.set(m.id, m);
      }
      if (candidate.subject) for (const m of store.activeBySubject(candidate.subject, candidate.speaker)) found.set(m.id, m);
    }
    return [...found.values()];
  }

  function apply(candidate: MemoryCandidate, now: Date, context: string, result: IngestResult): void {
    const decision = decideConsolidation(candidate, similarExisting(candidate));
    const at = now.toISOString();
    if (decision.action === "ignore") {
      store.addSources(decision.targetId, candidate.sources);
      result.ignored++;
      return;
    }
    if (decision.action === "merge") {
      const target = store.get(decision.targetId);
      if (!target) return;
      if (decision.text === target.text) {
        // Her earlier wording stays: only entities, sources and weight grow.
        const merged: Memory = {
          ...target,
          entities: decision.entities,
          importance: decision.importance,
          eventAt: decision.eventAt,
          updatedAt: at,
          sources: [...target.sources, ...candidate.sources],
        };
        store.update(merged, indexTextOf(merged));
        result.merged.push(target.id);
        return;
      }
      // A new wording never overwrites the old one: the merged memory is new, and the earlier one is kept,
      // superseded by it, with its own text and sources, still found by search (and back if the new one is forgotten).
      const merged: Memory = {
        ...target,
        id: newId(),
        text: decision.text,
        entities: decision.entities,
        importance: decision.importance,
        eventAt: decision.eventAt,
        createdAt: at,
        updatedAt: at,
        sources: [...target.sources, ...candidate.sources],
      };
      store.insert(merged, indexTextOf(merged, context));
      store.supersede(target.id, merged.id, at);
      result.merged.push(merged.id);
      result.superseded.push(target.id);
      return;
    }
    const saidAt = candidate.sources.map((s) => s.at).sort()[0] ?? at;
    const memory: Memory = {
      id: newId(),
      kind: candidate.kind,
      text: candidate.text,
      entities: candidate.entities,
      subject: candidate.subject,
      speaker: candidate.speaker,
      eventAt: candidate.eventAt,
      saidAt,
      importance: candidate.importance,
      createdAt: at,
      updatedAt: at,
      status: "active",
      supersededBy: null,
      supersededAt: null,
      sources: candidate.sources,
    };
    store.insert(memory, indexTextOf(memory, context));
    if (speakerSet && memory.speaker) for (const t of speakerTerms(memory.speaker)) speakerSet.add(t);
    result.added.push(memory.id);
    for (const old of decision.supersedes) {
      store.supersede(old, memory.id, at);
      result.superseded.push(old);
    }
  }

  async function embedNew(ids: string[]): Promise<void> {
    const embedder = options.embedder;
    if (!embedder || ids.length === 0) return;
    const memories = ids.map((id) => store.get(id)).filter((m): m is Memory => m !== null);
    const vectors = await embedder.embed(memories.map((m) => m.text));
    store.transaction(() => memories.forEach((m, i) => vectors[i] && store.putEmbedding(m.id, embedder.id, vectors[i])));
  }

  const service = {
    /**
     * Learns from messages (oldest first): each message with content becomes a "message" memory citing
     * it, plus the facts extracted from it. All-or-nothing: one transaction.
     */
    async ingest(messages: readonly ConversationMessage[], now: Date): Promise<IngestResult> {
      const fromModel = options.model ? await extractWithModel(options.model, messages, now, { tzOffsetMinutes: tzAt(now) }) : [];
      const result: IngestResult = { added: [], merged: [], superseded: [], ignored: 0 };
      store.transaction(() => {
        // The two messages before, in the same sitting: a reply ("Amazing, the injera!") is about them.
        let recent: ConversationMessage[] = [];
        for (const [i, message] of messages.entries()) {
          const candidates = extractByRules(message, now, { tzOffsetMinutes: tzAt(now) });
          candidates.push(...fromModel.filter((c) => c.sources.some((s) => s.ref === message.ref)));
          recent = recent.filter((p) => sameSession(p, message));
          // …and, when it came in the same batch, the reply after it (what "Which one?" was answered with).
          const next = messages[i + 1];
          const reply = next && sameSession(message, next) && !isForgetRequest(next.text) ? [next] : [];
          const context = [...recent, ...reply].map((p) => p.text).join("\n");
          for (const c of candidates) apply(c, now, c.wholeMessage ? context : "", result);
          if (!isForgetRequest(message.text)) recent = [...recent, message].slice(-contextMessages);
        }
      });
      await embedNew([...new Set([...result.added, ...result.merged])]);
      return result;
    },

    async search(query: string, searchOptions: SearchOptions): Promise<SearchResult[]> {
      const k = searchOptions.k ?? 10;
      const now = searchOptions.now;
      const analyzed = analyzeQuery(query, now, tzAt(now), knownSpeakers());
      const pool = new Map<number, { bm25: number; tags: string }>();
      // Exhaustive bm25 over the selective words; the broad expression (characters, topics) over the
      // most recent matches only. A memory found by both keeps its better (fuller) score.
      for (const hit of store.search(wordExpression(analyzed), candidatePool)) pool.set(hit.num, hit);
      // Speaker names left out of the words still find something when nothing else does.
      for (const hit of store.searchRecent(matchExpression({ terms: [...analyzed.terms, ...analyzed.speakers], topics: analyzed.topics }), recentPool)) {
        const seen = pool.get(hit.num);
        if (!seen || seen.bm25 < hit.bm25) pool.set(hit.num, hit);
      }
      // Related words ("instrument" → violin) count, at a discount, on top of the question's own words.
      if (analyzed.related.length > 0) {
        // Over the most recent matches only: related words are broad ("food" → eat, dinner, lunch…).
        for (const hit of store.searchRecent(wordExpression({ terms: analyzed.related }), relatedPool)) {
          const seen = pool.get(hit.num);
          if (seen) seen.bm25 += relatedWeight * hit.bm25;
          else pool.set(hit.num, { ...hit, bm25: relatedWeight * hit.bm25 });
        }
      }
      // Keep the text pool small before loading rows: the best by bm25.
      const nums = new Set(
        [...pool.entries()]
          .sort((a, b) => b[1].bm25 - a[1].bm25)
          .slice(0, candidatePool)
          .map(([num]) => num),
      );
      const other = (num: number) => {
        nums.add(num);
        if (!pool.has(num)) pool.set(num, { bm25: 0, tags: store.tagsOf(num) });
      };
      for (const subject of analyzed.subjectHints) for (const num of store.numsBySubject(subject, 20)) other(num);
      if (analyzed.range) {
        for (const num of store.numsInRange(analyzed.range.start.toISOString(), analyzed.range.end.toISOString(), candidatePool)) other(num);
      }
      const byId = new Map<string, RankCandidate>();
      const inherited = new Map<string, number>();
      for (const { num, memory } of store.getManyByNum([...nums])) {
        const hit = pool.get(num) ?? { bm25: 0, tags: "" };
        // What replaced a matching memory answers the same question: "where do I live" → Shanghai, not Beijing.
        if (memory.supersededBy) inherited.set(memory.supersededBy, Math.max(inherited.get(memory.supersededBy) ?? 0, hit.bm25));
        if (memory.status === "superseded" && searchOptions.includeSuperseded === false) continue;
        byId.set(memory.id, { memory, bm25: hit.bm25, tags: hit.tags ? hit.tags.split(" ") : [] });
      }
      for (const [id, bm25] of inherited) {
        const existing = byId.get(id);
        if (existing) existing.bm25 = Math.max(existing.bm25, bm25);
        else {
          const memory = store.get(id);
          if (memory) byId.set(id, { memory, bm25, tags: memory.entities.flatMap((e) => uniqueTerms(e)) });
        }
      }
      const candidates = [...byId.values()];
      if (options.embedder && candidates.length > 0) {
        const [q] = await options.embedder.embed([query]);
        if (q)
          for (const c of candidates) {
            const v = store.embedding(c.memory.id);
            if (v) c.similarity = cosineSimilarity(q, v);
          }
      }
      // A one-message memory also cites the neighbour (two turns before, one after, same sitting) that
      // matches the question too: the answer to "what instrument…" is often the reply around the hit.
      const queryTerms = new Set([...analyzed.terms, ...analyzed.related]);
      const neighbourOf = (memory: Memory): string | null => {
        const own = memory.sources[0];
        if (memory.sources.length !== 1 || !own) return null;
        return pickNeighbour(queryTerms, store.neighbours(own.at, contextMessages, 1, sittingMs), {
          asked: /[?？]\s*$/.test(memory.text),
          when: analyzed.when,
        });
      };
      return diversifyBySources(rankMemories(candidates, analyzed, now), k, neighbourOf).map(({ memory, score, refs }) => ({
        id: memory.id,
        kind: memory.kind,
        text: memory.text,
        score: Math.round(score * 1000) / 1000,
        sources: refs,
        at: memory.saidAt,
        eventAt: memory.eventAt,
        status: memory.status,
      }));
    },

    /** A few short lines about what she said before, for the newest prompt turn (not the system prompt). */
    async recallForTurn(userText: string, now: Date, k = 3): Promise<string[]> {
      if (isForgetRequest(userText)) return [];
      const results = await service.search(userText, { k: k * 2, now, includeSuperseded: false });
      const zh = containsChinese(userText);
      const best = results[0]?.score ?? 0;
      return results
        .filter((r) => r.score >= 0.45 && r.score >= best * 0.5)
        .slice(0, k)
        .map((r) => formatRecall(r, zh, tzAt(now)));
    },

    list(listOptions: ListOptions = {}): Memory[] {
      return store.list(listOptions);
    },
    get(id: string): Memory | null {
      return store.get(id);
    },
    /** Her correction: new text (re-extracted entities are kept), importance or event date. */
    update(id: string, change: MemoryUpdate, now: Date = clock()): Memory | null {
      const memory = store.get(id);
      if (!memory) return null;
      const updated: Memory = {
        ...memory,
        text: change.text?.trim() || memory.text,
        importance: change.importance ?? memory.importance,
        eventAt: change.eventAt === undefined ? memory.eventAt : change.eventAt,
        updatedAt: now.toISOString(),
      };
      store.transaction(() => store.update(updated, indexTextOf(updated)));
      return store.get(id);
    },
    /** Real deletion of one memory, its sources, embedding and index entry. */
    forget(id: string): boolean {
      return store.transaction(() => store.delete(id, clock().toISOString()));
    },
    /** Erases every memory, then rewrites the file so nothing lingers on disk. */
    forgetAll(): number {
      const n = store.transaction(() => store.deleteAll());
      options.db.exec("INSERT INTO memory_fts(memory_fts) VALUES ('optimize')");
      vacuum(options.db);
      return n;
    },
    exportAll(): MemoryExport {
      return { format: "guimi-memory", version: 1, memories: store.list({ status: "all" }) };
    },
    /**
     * Events between now and `horizonDays` ahead, soonest first; `pastDays` also returns recent past
     * ones, for follow-ups like "面试怎么样？" after the day.
     */
    upcomingEvents(now: Date, horizonDays: number, upcomingOptions: { pastDays?: number } = {}): Memory[] {
      const start = new Date(now.getTime() - (upcomingOptions.pastDays ?? 0) * 86_400_000);
      const end = new Date(now.getTime() + horizonDays * 86_400_000);
      return store.eventsBetween(start.toISOString(), end.toISOString());
    },
    /** "别记这个" / "forget that": erases what came from her most recent message(s). Null if not such a request. */
    handleForgetRequest(text: string): ForgetOutcome | null {
      if (!isForgetRequest(text)) return null;
      const zh = containsChinese(text) || !/[a-z]/i.test(text);
      const forgotten = store.transaction(() => {
        const ids = new Set<string>();
        for (const ref of store.latestUserRefs()) for (const id of store.idsByRef(ref)) ids.add(id);
        const at = clock().toISOString();
        for (const id of ids) store.delete(id, at);
        return [...ids];
      });
      const reply =
        forgotten.length > 0
          ? zh
            ? "好，刚才那句我已经忘掉了，不会再记着。"
            : "Okay, I've forgotten what you just said."
          : zh
            ? "好的，刚才那句我本来就没有记下来。"
            : "Okay — I hadn't kept anything from that.";
      return { forgotten, reply };
    },
  };
  return service;
}

function sameSession(a: ConversationMessage, b: ConversationMessage): boolean {
  const gap = Math.abs(
    Date.parse(String(b.at instanceof Date ? b.at.toISOString() : b.at)) - Date.parse(String(a.at instanceof Date ? a.at.toISOString() : a.at)),
  );
  return Number.isFinite(gap) && gap <= sittingMs;
}

function localDate(iso: string, tz: number): string {
  return new Date(Date.parse(iso) + tz * 60_000).toISOString().slice(0, 10);
}

const kindLabel: Record<MemoryKind, [string, string]> = {
  message: ["说过", "said"],
  fact: ["事实", "fact"],
  preference: ["喜好", "likes"],
  person: ["人物", "person"],
  event: ["事件", "event"],
  feeling: ["感受", "felt"],
};

export function formatRecall(r: SearchResult, zh: boolean, tz: number): string {
  const [zhLabel, enLabel] = kindLabel[r.kind];
  const when = localDate(r.at, tz);
  const event = r.eventAt ? (zh ? `（日期：${localDate(r.eventAt, tz)}）` : ` (on ${localDate(r.eventAt, tz)})`) : "";
  return zh ? `${when} ${zhLabel}：${r.text}${event}` : `${when} ${enLabel}: ${r.text}${event}`;
}
