// Hybrid ranking, pure: full-text relevance (bm25) + entity match + time match + recency + importance
// (+ embedding similarity when an Embedder is configured). Takes `now`; reads no clock.
import { isHanChar } from "../kernel/lang.js";
import { resolveTimeRange, type TimeRange } from "./date-resolution.js";
import { extractEntities } from "./rule-extraction.js";
import { containsChinese, entityTokens, relatedTerms, terms, topicTags, uniqueTerms } from "./text-analysis.js";
import type { Memory, MemoryKind } from "./memory-types.js";

export interface AnalyzedQuery {
  text: string;
  /** Content terms (stopwords and question words removed, English stemmed). */
  terms: string[];
  /** Topic tags the terms imply ("topicmusic"). */
  topics: string[];
  /** Related words the question may mean ("instrument" → violin, guitar…), searched alongside the terms. */
  related: string[];
  /** Name-like terms (capitalised words, jieba names, relation words): matched against entities. */
  names: string[];
  range: TimeRange | null;
  /** Known speakers the question names (as terms): "What does Melanie paint?" favours what Melanie said. */
  speakers: string[];
  /** A "when …" question: dated messages are the likelier answers. */
  when: boolean;
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
  /** Said by a speaker the question names. */
  speaker: number;
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
  speaker: 0.08,
  halfLifeDays: 120,
};

const preferenceQuestion = /喜欢|爱听|爱吃|爱看|讨厌|偏好|最爱|口味|\b(like|likes|love|loves|enjoy|enjoys|favou?rite|prefer|prefers|hate|hates|into|fan)\b/i;
const whenQuestion = /什么时候|哪天|几号|几月|哪一天|何时|\bwhen\b|\bwhat (day|date|time)\b/i;
const personQuestion = /叫什么|名字|是谁|\bname\b|\bwho\b/i;
const feelingQuestion = /感觉|心情|紧张|担心|难过|开心|\bfeel|\bfelt\b|\bmood\b/i;

export function analyzeQuery(text: string, now: Date, tzOffsetMinutes = 0, knownSpeakers: ReadonlySet<string> = new Set()): AnalyzedQuery {
  const range = resolveTimeRange(text, now, tzOffsetMinutes);
  // The words that named the period are not content to match ("上周" in "上周我干嘛了").
  const content = range ? text.replace(range.text, " ") : text;
  const allTerms = uniqueTerms(content);
  // A speaker's name says whose words to favour, not words to find: in a two-person log it is in half
  // the messages' tags and in every greeting ("Hi Nadia!"), which would crowd out the content words.
  const speakers = allTerms.filter((t) => knownSpeakers.has(t));
  const queryTerms = speakers.length > 0 && speakers.length < allTerms.length ? allTerms.filter((t) => !knownSpeakers.has(t)) : allTerms;
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
    related: relatedTerms(queryTerms),
    names: entityTokens(extractEntities(text)),
    range,
    speakers,
    when: whenQuestion.test(text),
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
  return orExpression(query.terms.filter((t) => !isHanChar(t)));
}

function orExpression(tokens: string[]): string {
  return [...new Set(tokens)]
    .filter((t) => t.length > 0)
    .map((t) => `"${t.replace(/"/g, '""')}"`)
    .join(" OR ");
}

const dayMs = 86_400_000;

const speakerTermCache = new Map<string, string[]>();
/** A speaker's name as terms ("Nadia" → ["nadia"]), the way questions are analysed. */
export function speakerTerms(speaker: string): string[] {
  let t = speakerTermCache.get(speaker);
  if (!t) {
    t = uniqueTerms(speaker);
    if (speakerTermCache.size < 10_000) speakerTermCache.set(speaker, t);
  }
  return t;
}

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
    score += weights.recency * 0.5 ** (ageDays / weights.halfLifeDays);
    score += weights.importance * m.importance;
    if (query.kindHints.includes(m.kind)) score += weights.kind;
    if (m.subject && query.subjectHints.includes(m.subject)) score += weights.kind * 2;
    // Answer in the language she asks in, other things equal.
    if (containsChinese(m.text) === query.chinese) score += 0.03;
    if (query.speakers.length > 0 && m.speaker !== null && speakerTerms(m.speaker).some((t) => query.speakers.includes(t))) score += weights.speaker;
    if (c.similarity !== undefined) score += weights.embedding * c.similarity;
    // Replaced facts stay findable ("where did I live before?") but below the current ones.
    if (m.status === "superseded") score *= 0.6;
    return { memory: m, score };
  });
  return ranked.sort((a, b) => b.score - a.score || b.memory.saidAt.localeCompare(a.memory.saidAt));
}

export interface CitedMemory extends RankedMemory {
  /** The refs this result cites: its own sources, then any neighbouring message that also matches. */
  refs: string[];
}

/**
 * Drops results whose sources all appear in better results (one message, one slot), and lets each
 * result cite, after its own sources, the neighbouring message `neighbourOf` picks for it (the reply or
 * the question around it that also matches the query) — so ten results cover up to twenty messages.
 */
export function diversifyBySources(ranked: readonly RankedMemory[], k: number, neighbourOf: (memory: Memory) => string | null = () => null): CitedMemory[] {
  const out: CitedMemory[] = [];
  const seen = new Set<string>();
  for (const r of ranked) {
    if (out.length >= k) break;
    const own = r.memory.sources.map((s) => s.ref);
    // A superseded memory is her earlier wording, kept as history: it is not a repeat of what replaced it.
    if (own.length > 0 && own.every((ref) => seen.has(ref)) && r.memory.status !== "superseded") continue;
    const refs = [...own];
    const extra = neighbourOf(r.memory);
    if (extra !== null && !refs.includes(extra) && !seen.has(extra)) refs.push(extra);
    for (const ref of refs) seen.add(ref);
    out.push({ ...r, refs });
  }
  return out;
}

/**
 * Which of a memory's neighbouring messages to cite for a query: the one sharing the most query terms
 * (nearest first on ties), or none when none shares any — except the reply to a message that asked
 * something, and a dated neighbour for a "when" question, which count half a term.
 */
export function pickNeighbour(
  queryTerms: ReadonlySet<string>,
  neighbours: readonly { ref: string; text: string; offset: number; dated?: boolean }[],
  context: { asked?: boolean; when?: boolean } = {},
): string | null {
  let best: string | null = null;
  let bestScore = 0;
  // Cheap matching, no segmenting: a Chinese term anywhere in the text, an English stem at a word start.
  const cjk: string[] = [];
  const latin: RegExp[] = [];
  for (const t of queryTerms) {
    if (containsChinese(t)) cjk.push(t);
    else if (/^[a-z0-9]+$/.test(t)) latin.push(new RegExp(`(?:^|[^a-z0-9])${t}`));
  }
  const ordered = [...neighbours].sort((a, b) => Math.abs(a.offset) - Math.abs(b.offset) || a.offset - b.offset);
  for (const n of ordered) {
    let overlap = 0;
    const lower = n.text.toLowerCase().replace(/['’]/g, "");
    for (const t of cjk) if (lower.includes(t)) overlap++;
    for (const re of latin) if (re.test(lower)) overlap++;
    // A question's answer is the next message; a "when" question's answer is the one with a date.
    if (context.asked && n.offset === 1) overlap += 0.5;
    if (context.when && n.dated) overlap += 0.5;
    if (overlap > bestScore) {
      best = n.ref;
      bestScore = overlap;
    }
  }
  return best;
}

/** Index text of a memory: body terms, entity + topic tags, and optional context terms. */
export function indexTextOf(memory: Pick<Memory, "text" | "entities" | "speaker">, context = ""): { body: string; tags: string; context: string } {
  const body = terms(memory.text);
  const tags = new Set([...entityTokens(memory.entities), ...topicTags(body)]);
  return { body: body.join(" "), tags: [...tags].join(" "), context: terms(context).join(" ") };
}
