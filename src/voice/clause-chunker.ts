// Reply text as it streams from the model, cut into pieces worth speaking. The first piece ends at the
// first clause (a comma is enough), so the first sound comes as early as possible; later pieces end at
// sentences, or at a comma once long enough, so the voice does not stutter. Pure.
import { HAN_CHARS } from "../kernel/lang.js";

const CJK_BREAK = /[，、；：。！？…\n]/u;
const CJK_SENTENCE = /[。！？；…\n]/u;
const LATIN_BREAK = /[,;:.!?]/;
const LATIN_SENTENCE = /[.!?;]/;

export interface ChunkerOptions {
  /** A later piece may end at a comma once it has this many characters. */
  commaAfterChars: number;
  /** A piece with no punctuation is cut at a space past this length. */
  maxChars: number;
}

const defaults: ChunkerOptions = { commaAfterChars: 24, maxChars: 140 };

export class ClauseChunker {
  private buffer = "";
  private emitted = 0;
  private readonly options: ChunkerOptions;

  constructor(options: Partial<ChunkerOptions> = {}) {
    this.options = { ...defaults, ...options };
  }

  /** Feeds a delta; returns the pieces now complete. */
  push(delta: string): string[] {
    this.buffer += delta;
    const out: string[] = [];
    for (let cut = this.nextCut(); cut > 0; cut = this.nextCut()) {
      const piece = this.buffer.slice(0, cut).trim();
      this.buffer = this.buffer.slice(cut);
      if (/[\p{L}\p{N}]/u.test(piece)) {
        out.push(piece);
        this.emitted += 1;
      } else if (out.length > 0) out[out.length - 1] += piece; // stray punctuation joins the piece before
    }
    return out;
  }

  /** The reply ended: whatever is left. */
  flush(): string[] {
    const rest = this.buffer.trim();
    this.buffer = "";
    return /[\p{L}\p{N}]/u.test(rest) ? [rest] : [];
  }

  /** Index just past where the next piece ends, or 0 when it has not ended yet. */
  private nextCut(): number {
    const text = this.buffer;
    const first = this.emitted === 0;
    let lastSpace = -1;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      const length = i + 1;
      if (ch === " ") lastSpace = i;
      if (CJK_BREAK.test(ch)) {
        if (CJK_SENTENCE.test(ch) || first || length >= this.options.commaAfterChars) return this.extend(i + 1);
      } else if (LATIN_BREAK.test(ch)) {
        // "3.5", "e.g." and "1,000": a Latin mark ends a clause only when a space follows it.
        const next = text[i + 1];
        if (next === undefined) return 0;
        if (!/\s/.test(next)) continue;
        if (LATIN_SENTENCE.test(ch) || first || length >= this.options.commaAfterChars) return i + 1;
      }
      if (length >= this.options.maxChars && lastSpace > 0) return lastSpace + 1;
    }
    return 0;
  }

  /** Keeps closing quotes and repeated marks ("！！", "。」") with the piece they end. */
  private extend(cut: number): number {
    while (cut < this.buffer.length && /[」』”’）)！？。!?～~]/u.test(this.buffer[cut]!)) cut += 1;
    return cut;
  }
}

/** Pieces spoken so far, with how long each plays: what she heard by `elapsedMs` after playback began. */
export function heardText(pieces: readonly { text: string; durationMs: number }[], elapsedMs: number): string {
  let at = 0;
  const heard: string[] = [];
  for (const piece of pieces) {
    at += piece.durationMs;
    if (at > elapsedMs) break;
    heard.push(piece.text);
  }
  return joinPieces(heard);
}

const ENDS_CHINESE = new RegExp(`[${HAN_CHARS}，。！？；：、]$`, "u");
const STARTS_HAN = new RegExp(`^[${HAN_CHARS}]`, "u");

/** Pieces back into one text: no space between Chinese pieces, one between Latin ones. */
export function joinPieces(pieces: readonly string[]): string {
  let out = "";
  for (const piece of pieces) {
    if (out && !ENDS_CHINESE.test(out) && !STARTS_HAN.test(piece)) out += " ";
    out += piece;
  }
  return out;
}
