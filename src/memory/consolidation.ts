// Consolidation, pure: a new candidate against similar existing memories → add, merge, supersede or
// ignore. Nothing is silently lost: a superseded memory stays, marked with what replaced it and when;
// a duplicate adds its provenance to the memory it repeats.
import { uniqueTerms } from "./text-analysis.js";
import type { Memory, MemoryCandidate } from "./memory-types.js";

export type ConsolidationDecision =
  | { action: "add"; supersedes: string[] }
  | { action: "ignore"; targetId: string; reason: "same-source" | "duplicate" }
  | { action: "merge"; targetId: string; text: string; entities: string[]; importance: number; eventAt: string | null };

/** Jaccard similarity of two texts' search terms, 0..1. */
export function textSimilarity(a: string, b: string): number {
  const ta = new Set(uniqueTerms(a));
  const tb = new Set(uniqueTerms(b));
  if (ta.size === 0 && tb.size === 0) return a.trim() === b.trim() ? 1 : 0;
  let shared = 0;
  for (const t of ta) if (tb.has(t)) shared++;
  return shared / (ta.size + tb.size - shared);
}

export const duplicateThreshold = 0.85;
export const mergeThreshold = 0.6;
const dayMs = 86_400_000;

export function decideConsolidation(candidate: MemoryCandidate, existing: readonly Memory[]): ConsolidationDecision {
  const refs = new Set(candidate.sources.map((s) => s.ref));
  const sameKind = existing.filter((m) => m.kind === candidate.kind && m.speaker === candidate.speaker && m.status === "active");
  // Re-importing a message (or re-extracting it) is a no-op.
  const sameSource = sameKind.find(
    (m) => m.sources.some((s) => refs.has(s.ref)) && (candidate.kind === "message" || textSimilarity(m.text, candidate.text) >= mergeThreshold),
  );
  if (sameSource) return { action: "ignore", targetId: sameSource.id, reason: "same-source" };
  // Each message is its own episode: never merged with another.
  if (candidate.kind === "message") return { action: "add", supersedes: [] };

  const scored = sameKind.map((m) => ({ m, sim: m.text === candidate.text ? 1 : textSimilarity(m.text, candidate.text) })).sort((a, b) => b.sim - a.sim);
  const best = scored[0];
  const eventsApart = (m: Memory) =>
    candidate.kind === "event" && m.eventAt !== null && candidate.eventAt !== null && Math.abs(Date.parse(m.eventAt) - Date.parse(candidate.eventAt)) > dayMs;

  if (best && best.sim >= duplicateThreshold && !eventsApart(best.m)) return { action: "ignore", targetId: best.m.id, reason: "duplicate" };

  if (candidate.subject) {
    const holders = sameKind.filter((m) => m.subject === candidate.subject);
    const same = holders.find((m) => textSimilarity(m.text, candidate.text) >= mergeThreshold || sharesKeyEntity(m, candidate));
    if (same) return merge(same, candidate);
    // "I moved to Shanghai" replaces "I live in Beijing": the old one is kept, marked superseded.
    if (holders.length > 0) return { action: "add", supersedes: holders.map((m) => m.id) };
  }

  if (best && best.sim >= mergeThreshold && !eventsApart(best.m)) return merge(best.m, candidate);
  return { action: "add", supersedes: [] };
}

function sharesKeyEntity(m: Memory, c: MemoryCandidate): boolean {
  // The named value of a slot (the mother's name, the city) decides whether it is the same fact.
  const key = c.entities.filter((e) => e !== c.speaker).at(-1);
  return key !== undefined && m.entities.includes(key);
}

function merge(target: Memory, candidate: MemoryCandidate): ConsolidationDecision {
  return {
    action: "merge",
    targetId: target.id,
    // The newer wording wins unless it says less.
    text: candidate.text.length >= target.text.length * 0.6 ? candidate.text : target.text,
    entities: [...new Set([...target.entities, ...candidate.entities])],
    importance: Math.max(target.importance, candidate.importance),
    eventAt: candidate.eventAt ?? target.eventAt,
  };
}
