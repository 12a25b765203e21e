// The earlier turns a text emotion estimate reads: the last few messages of the same sitting, newest
// first, marked by who said them. Pure: the caller passes the messages and `now`.
import type { ContextTurn } from "./features.js";

export interface ConversationMessage {
  /** "user" is her; anything else (Guimi's replies, care messages) is the other side. */
  role: string;
  text: string;
  at: Date;
}

export interface ContextOptions {
  /** How many earlier turns to keep. */
  maxTurns: number;
  /** Messages older than this before `now` belong to an earlier sitting and are left out. */
  maxAgeMs: number;
}

export const DEFAULT_CONTEXT_OPTIONS: ContextOptions = { maxTurns: 2, maxAgeMs: 30 * 60_000 };

/** `earlier`: messages before the one being classified, oldest first (as a message store lists them). */
export function conversationContext(earlier: readonly ConversationMessage[], now: Date, options: ContextOptions = DEFAULT_CONTEXT_OPTIONS): ContextTurn[] {
  const out: ContextTurn[] = [];
  for (let i = earlier.length - 1; i >= 0 && out.length < options.maxTurns; i--) {
    const m = earlier[i]!;
    const age = now.getTime() - m.at.getTime();
    if (!(age <= options.maxAgeMs)) break; // older turns (or a bad date) end the sitting
    if (m.text.trim().length === 0) continue;
    out.push({ text: m.text, self: m.role === "user" });
  }
  return out;
}
