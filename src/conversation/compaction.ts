// When a conversation's context fills up, older turns are folded into a short summary so the live
// context keeps room for what comes next. Pure and instant: no model call, so no pause she would notice.
import type { ChatTurn } from "./language-model.js";

export interface Compaction {
  summary: string;
  kept: ChatTurn[];
}

const MAX_SUMMARY_CHARS = 600;

function firstClause(text: string, max = 40): string {
  const clean = text
    .replace(/^\[[^\]\n]*\]\n/, "")
    .replace(/\s+/g, " ")
    .trim();
  const cut = clean.split(/(?<=[。！？!?.;；])\s*/u)[0] ?? clean;
  return cut.length > max ? cut.slice(0, max) + "…" : cut;
}

/** Keeps the last `keepTurns` turns verbatim and summarises the ones before, after any earlier summary. */
export function compactTurns(previousSummary: string | null, turns: ChatTurn[], keepTurns = 6): Compaction | null {
  // Keep whole exchanges: cut only before a user turn.
  let cut = Math.max(0, turns.length - keepTurns);
  while (cut > 0 && turns[cut]?.role !== "user") cut -= 1;
  if (cut === 0) return null;
  const folded = turns
    .slice(0, cut)
    .filter((t) => t.role === "user")
    .map((t) => firstClause(t.text))
    .filter((t) => t.length > 0);
  let summary = [previousSummary, folded.length ? `她说过：${folded.join("；")}` : null].filter(Boolean).join(" ");
  if (summary.length > MAX_SUMMARY_CHARS) summary = "…" + summary.slice(summary.length - MAX_SUMMARY_CHARS);
  return { summary, kept: turns.slice(cut) };
}
