// Hybrid ranking, pure: full-text relevance (bm25) + entity match + time match + recency + importance
// (+ embedding similarity when an Embedder is configured). Takes `now`; reads no clock.
import { resolveTimeRange, type TimeRange } from "./date-resolution.js";
import { extractEntities } from "./rule-extraction.js";
import { containsChinese, entityTokens, terms, topicTags, uniqueTerms } from "./text-analysis.js";
import type { Memory, MemoryKind } from "./memory-types.js";

export interface AnalyzedQuery {
  text: string;
  /** Content terms (stopwords and question words removed, English stemmed). */
  terms: string[];
  /** Topic tags the terms imply ("topicmusic"). */
  topics: string[];
  /** Name-like terms (capitalised words, jieba names, relation words): matched against entities. */
  names: string[];
  range: TimeRange | null;
  /** Kinds the question is about ("what do I like" → preference). */
  kindHints: MemoryKind[];
  /** Slots the question is about ("where do I live" → residence). */
  subjectHints: string[];
  chinese: boolean;
}

export interface RankCandidate {
  memory: Memory;
  /** Positive bm25 from the full-text index, or 0 when the candidate came from another route. */
  bm25: number;
  /** Entity/topic tokens as indexed. */
  tags: string[];
  /** Cosine similarity to the query, when embeddings are on. */
  similarity?: number;
}

export interface RankedMemory {
  memory: Memory;
  score: number;
}

export interface RankWeights {
  text: number;
  entity: number;
  time: number;
  recency: number;
  importance: number;
  kind: number;
  embedding: number;
  /** Recency half-life in days. */
  halfLifeDays: number;
}

export const defaultRankWeights: RankWeights = {
  text: 1,
  entity: 0.3,
  time: 0.45,
  recency: 0.06,
  importance: 0.12,
  kind: 0.15,
  embedding: 0.5,
  halfLifeDays: 120,
};

const preferenceQuestion = /喜欢|爱听|爱吃|爱看|讨厌|偏好|最爱|口味|\b(like|likes|love|loves|enjoy|enjoys|favou?rite|prefer|prefers|hate|hates|into|fan)\b/i;
const whenQuestion = /什么时候|哪天|几号|几月|哪一天|何时|\bwhen\b|\bwhat (day|date|time)\b/i;
const personQuestion = /叫什么|名字|是谁|\bname\b|\bwho\b/i;
const feelingQuestion = /感觉|心情|紧张|担心|难过|开心|\bfeel|\bfelt\b|\bmood\b/i;

export function analyzeQuery(text: string, now: Date, tzOffsetMinutes = 0): AnalyzedQuery {
  const range = resolveTimeRange(text, now, tzOffsetMinutes);
  // The words that named the period are not content to match ("上周" in "上周我干嘛了").
  const content = range ? text.replace(range.text, " ") : text;
  const queryTerms = uniqueTerms(content);
  const kindHints: MemoryKind[] = [];
  if (preferenceQuestion.test(text)) kindHints.push("preference");
  if (whenQuestion.test(text)) kindHints.push("event");
  if (personQuestion.test(text)) kindHints.push("person");
  if (feelingQuestion.test(text)) kindHints.push("feeling");
  const subjectHints: string[] = [];
  if (/住在|住哪|搬到|搬家|\b(live|lives|living|moved|move)\b/i.test(text)) subjectHints.push("residence");
  if (/工作|上班|职业|做什么的|\b(job|work|works|career)\b/i.test(text)) subjectHints.push("job");
  if (/我叫什么|我的名字|\bmy name\b/i.test(text)) subjectHints.push("name");
  return {
    text,
    subjectHints,
    chinese: containsChinese(text),
    terms: queryTerms,
    topics: topicTags(queryTerms),
    names: entityTokens(extractEntities(text)),
    range,
    kindHints,
  };
}

/** The FTS5 MATCH expression for a query: any term or topic, each quoted. */
export function matchExpression(query: Pick<AnalyzedQuery, "terms" | "topics">): string {
  return orExpression([...query.terms, ...query.topics]);
}

/**
 * Only the words (no lone CJK characters, no topic tags): selective enough to rank every match by
 * bm25 even at 100 000 memories. The broad expression is searched over recent memories only.
 */
export function wordExpression(query: Pick<AnalyzedQuery, "terms">): string {
  return orExpression(query.terms.filter((t) => !/^[\u3400-\u9fff]$/.test(t)));
}

function orExpression(tokens: string[]): string {
  return [...new Set(tokens)]
    .filter((t) => t.length > 0)
    .map((t) => `"${t.replace(/"/g, '""')}"`)
    .join(" OR ");
}

const dayMs = 86_400_000;

export function rankMemories(candidates: readonly RankCandidate[], query: AnalyzedQuery, now: Date, weights: RankWeights = defaultRankWeights): RankedMemory[] {
  const best = Math.max(0, ...candidates.map((c) => c.bm25));
  const nowMs = now.getTime();
  const names = new Set(query.names);
  const ranked = candidates.map((c) => {
    const m = c.memory;
    let score = best > 0 ? (weights.text * c.bm25) / best : 0;
    if (names.size > 0) {
      const tagSet = new Set(c.tags);
      let hits = 0;
      for (const n of names) if (tagSet.has(n)) hits++;
      score += (weights.entity * hits) / names.size;
    }
    if (query.range) {
      const start = query.range.start.getTime();
      const end = query.range.end.getTime();
      const inRange = (iso: string | null) => iso !== null && Date.parse(iso) >= start && Date.parse(iso) < end;
      if (inRange(m.eventAt)) score += weights.time;
      else if (inRange(m.saidAt)) score += weights.time * 0.7;
    }
    const ageDays = Math.max(0, (nowMs - Date.parse(m.saidAt)) / dayMs);
    score += weights.recency * Math.pow(0.5, ageDays / weights.halfLifeDays);
    score += weights.importance * m.importance;
    if (query.kindHints.includes(m.kind)) score += weights.kind;
    if (m.subject && query.subjectHints.includes(m.subject)) score += weights.kind * 2;
    // Answer in the language she asks in, other things equal.
    if (containsChinese(m.text) === query.chinese) score += 0.03;
    if (c.similarity !== undefined) score += weights.embedding * c.similarity;
    // Replaced facts stay findable ("where did I live before?") but below the current ones.
    if (m.status === "superseded") score *= 0.6;
    return { memory: m, score };
  });
  return ranked.sort((a, b) => b.score - a.score || b.memory.saidAt.localeCompare(a.memory.saidAt));
}

/** Drops results whose sources all appear in better results: one message, one slot. */
export function diversifyBySources(ranked: readonly RankedMemory[], k: number): RankedMemory[] {
  const out: RankedMemory[] = [];
  const seen = new Set<string>();
  for (const r of ranked) {
    if (out.length >= k) break;
    const refs = r.memory.sources.map((s) => s.ref);
    if (refs.length > 0 && refs.every((ref) => seen.has(ref))) continue;
    for (const ref of refs) seen.add(ref);
    out.push(r);
  }
  return out;
}

/** Index text of a memory: body terms, entity + topic tags, and optional context terms. */
export function indexTextOf(memory: Pick<Memory, "text" | "entities" | "speaker">, context = ""): { body: string; tags: string; context: string } {
  const body = terms(memory.text);
  const tags = new Set([...entityTokens(memory.entities), ...topicTags(body)]);
  return { body: body.join(" "), tags: [...tags].join(" "), context: terms(context).join(" ") };
}
