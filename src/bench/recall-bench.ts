// Long-conversation recall benchmark (LoCoMo-style): import multi-session dialogues as conversation
// logs, ask questions, and check whether the messages holding each answer are among the sources of the
// top-k results (counting at most the first 20 distinct sources). Compared in the same run with plain
// BM25 over the raw messages.
import type { Lang } from "../kernel/lang.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { openDatabase } from "../storage/database.js";
import { makeTempDir, projectRoot } from "../testing/paths.js";
import { memoryMigrations } from "../memory/memory-migrations.js";
import { createMemoryService } from "../memory/memory-service.js";
import type { ConversationMessage } from "../memory/memory-types.js";
import { words } from "../memory/text-analysis.js";

export interface RecallQuestion {
  question: string;
  refs: string[];
  /** single-hop, multi-hop, temporal, open-domain, adversarial (optional). */
  kind?: string;
}

/** A fixture: `<name>-dialogue.jsonl` + `<name>-questions.jsonl` in one language. */
export interface RecallFixture {
  name: string;
  language: Lang;
}

/** The small zh/en fixtures, and the long LoCoMo-like English one (19 sessions, ~100 questions). */
export const recallFixtures: readonly RecallFixture[] = [
  { name: "zh", language: "zh" },
  { name: "en", language: "en" },
  { name: "en-long", language: "en" },
];

export interface RecallLanguageResult {
  fixture: string;
  language: Lang;
  messages: number;
  questions: number;
  /** Mean share of each question's gold refs found (0..1). */
  hitRate: number;
  baselineHitRate: number;
  /** Hit rates per question kind, when the fixture labels them. */
  byKind: Record<string, { questions: number; hitRate: number; baselineHitRate: number }>;
  misses: { question: string; refs: string[]; sources: string[] }[];
}

export interface RecallBenchResult {
  k: number;
  hitRate: number;
  baselineHitRate: number;
  languages: RecallLanguageResult[];
}

export const recallFixturesDir = join(projectRoot, "src", "memory", "recall-fixtures");
const maxSources = 20;

function readJsonLines<T>(path: string): T[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

function score(refs: string[], sources: string[]): number {
  const top = new Set(sources.slice(0, maxSources));
  return refs.filter((r) => top.has(r)).length / refs.length;
}

function distinctSources(lists: string[][]): string[] {
  const out: string[] = [];
  for (const list of lists) for (const s of list) if (!out.includes(s)) out.push(s);
  return out;
}

/** Plain BM25 over the raw messages: one FTS5 row per message, the question's words OR-ed. */
function baselineSearch(messages: ConversationMessage[], language: Lang) {
  const db = new Database(":memory:");
  db.exec("CREATE VIRTUAL TABLE m USING fts5(ref UNINDEXED, body)");
  // unicode61 cannot split Chinese, so the baseline gets jieba words (and nothing else) there.
  const prepare = (text: string) => (language === "zh" ? words(text).join(" ") : text);
  const insert = db.prepare("INSERT INTO m (ref, body) VALUES (?, ?)");
  for (const msg of messages) insert.run(msg.ref, prepare(msg.text));
  const query = db.prepare("SELECT ref FROM m WHERE m MATCH ? ORDER BY bm25(m) LIMIT ?");
  return {
    search(question: string, k: number): string[] {
      const tokens = [
        ...new Set((language === "zh" ? words(question) : (question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])).filter((t) => /[\p{L}\p{N}]/u.test(t))),
      ];
      if (tokens.length === 0) return [];
      return (query.all(tokens.map((t) => `"${t.replace(/"/g, '""')}"`).join(" OR "), k) as { ref: string }[]).map((r) => r.ref);
    },
    close: () => db.close(),
  };
}

export async function benchRecallLanguage(language: Lang, k = 10, dir = recallFixturesDir, name: string = language): Promise<RecallLanguageResult> {
  const lines = readJsonLines<{ ref: string; speaker: string; text: string; at: string }>(join(dir, `${name}-dialogue.jsonl`));
  const questions = readJsonLines<RecallQuestion>(join(dir, `${name}-questions.jsonl`));
  const messages: ConversationMessage[] = lines.map((l) => ({ ...l, role: "user" }));
  const last = messages.at(-1);
  const now = new Date(Date.parse(String(last?.at ?? "2024-01-01T00:00:00Z")) + 86_400_000);
  const { dir: tmp, cleanup } = makeTempDir("guimi-recall-");
  const db = openDatabase(join(tmp, "guimi.db"), [memoryMigrations]);
  const baseline = baselineSearch(messages, language);
  try {
    const memory = createMemoryService({ db, tzOffsetMinutes: language === "zh" ? 480 : 0 });
    await memory.ingest(messages, now);
    let hits = 0;
    let baselineHits = 0;
    const misses: RecallLanguageResult["misses"] = [];
    const byKind: RecallLanguageResult["byKind"] = {};
    for (const q of questions) {
      const results = await memory.search(q.question, { k, now });
      const sources = distinctSources(results.map((r) => r.sources));
      const s = score(q.refs, sources);
      const b = score(q.refs, baseline.search(q.question, k));
      hits += s;
      baselineHits += b;
      if (s < 1) misses.push({ question: q.question, refs: q.refs, sources: sources.slice(0, maxSources) });
      if (q.kind) {
        const entry = (byKind[q.kind] ??= { questions: 0, hitRate: 0, baselineHitRate: 0 });
        entry.questions++;
        entry.hitRate += s;
        entry.baselineHitRate += b;
      }
    }
    for (const entry of Object.values(byKind)) {
      entry.hitRate /= entry.questions;
      entry.baselineHitRate /= entry.questions;
    }
    return {
      fixture: name,
      language,
      messages: messages.length,
      questions: questions.length,
      hitRate: hits / questions.length,
      baselineHitRate: baselineHits / questions.length,
      byKind,
      misses,
    };
  } finally {
    baseline.close();
    db.close();
    cleanup();
  }
}

/** Runs the recall fixtures (all by default); hit rates are means over all questions of the fixtures run. */
export async function benchMemoryRecall(options: { k?: number; languages?: Lang[]; fixtures?: string[] } = {}): Promise<RecallBenchResult> {
  const k = options.k ?? 10;
  const languages: RecallLanguageResult[] = [];
  const chosen = recallFixtures.filter(
    (f) => (!options.languages || options.languages.includes(f.language)) && (!options.fixtures || options.fixtures.includes(f.name)),
  );
  for (const fixture of chosen) languages.push(await benchRecallLanguage(fixture.language, k, recallFixturesDir, fixture.name));
  const total = languages.reduce((n, l) => n + l.questions, 0);
  const weighted = (f: (l: RecallLanguageResult) => number) => languages.reduce((s, l) => s + f(l) * l.questions, 0) / total;
  return { k, hitRate: weighted((l) => l.hitRate), baselineHitRate: weighted((l) => l.baselineHitRate), languages };
}
