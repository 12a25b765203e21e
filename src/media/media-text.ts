// Index and query tokens for song titles, artists and albums. Chinese: jieba words plus every Han
// character, so "晴天" finds 《晴天》 and "周杰伦" finds 周杰倫-less spellings cut differently; Latin:
// lowercase words (diacritics folded by FTS). No stopwords: in a title every word counts.
import { hanRuns, hasHan } from "../kernel/lang.js";
import { segmenter } from "../memory/text-analysis.js";

/** Tokens of one field, space-joined, for the FTS column. */
export function indexTokens(text: string | null | undefined): string {
  return [...new Set(tokens(text ?? ""))].join(" ");
}

export function tokens(text: string): string[] {
  const out: string[] = [];
  let last = 0;
  const latin = (chunk: string) => {
    for (const m of chunk
      .normalize("NFKC")
      .toLowerCase()
      .replace(/['’]/g, "")
      .matchAll(/[\p{L}\p{N}]+/gu))
      if (!hasHan(m[0])) out.push(m[0]);
  };
  for (const match of hanRuns(text.normalize("NFKC"))) {
    const index = match.index ?? 0;
    latin(text.slice(last, index));
    const run = match[0];
    if (run.length > 1) for (const w of segmenter().cutForSearch(run, true)) if (w.trim() && w.length > 1) out.push(w);
    for (const ch of run) out.push(ch);
    last = index + run.length;
  }
  latin(text.slice(last));
  return out;
}

/**
 * An FTS5 MATCH expression requiring every character / word of the query (in any column), Latin words
 * as prefixes ("jay" finds "Jay Chou"). Null when the query has nothing searchable.
 */
export function matchExpression(query: string): string | null {
  const parts: string[] = [];
  const seen = new Set<string>();
  for (const t of tokens(query)) {
    // Han words are implied by their characters; requiring the characters tolerates other cuts.
    if (hasHan(t) && t.length > 1) continue;
    if (seen.has(t)) continue;
    seen.add(t);
    parts.push(hasHan(t) ? `"${t}"` : `"${t.replace(/"/g, "")}"*`);
  }
  return parts.length > 0 ? parts.join(" AND ") : null;
}
