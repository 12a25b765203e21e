// `guimi memory …`: the functions behind the CLI subcommands (the CLI wires argv and stdio to them).
//   import [--json]            JSON lines {ref, speaker, text, at} on stdin → memories (atomic, see below)
//   search "<query>" [--k N] [--json]   best first; without a query: one query per stdin line, one JSON array per line
//   list [--json] [--kind K] [--all]    add "<text>"    edit <id> "<text>"    forget <id>
// Exit codes: 0 ok, 2 bad input (also 1 when an id is not found).
import { z } from "zod";
import type { LanguageModel } from "../conversation/language-model.js";
import type { Db } from "../storage/database.js";
import { createMemoryService, type MemoryService, type SearchResult } from "./memory-service.js";
import { memoryKinds, type ConversationMessage, type Memory, type MemoryKind } from "./memory-types.js";

export interface MemoryCommandIo {
  db: Db;
  now: Date;
  /** stdin: a stream, any async iterable of chunks, or a whole string. */
  input: AsyncIterable<string | Buffer> | string;
  output: { write(chunk: string): unknown };
  /** Where errors go; defaults to `output`. */
  errorOutput?: { write(chunk: string): unknown };
  model?: LanguageModel;
  tzOffsetMinutes?: number;
}

/** One line of an imported conversation log. */
export const importLineSchema = z.object({
  ref: z.string().min(1),
  speaker: z.string().min(1),
  text: z.string(),
  at: z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: "not an ISO-8601 date-time" }),
  role: z.enum(["user", "assistant"]).optional(),
});

export const memoryUsage = `用法 / usage:
  guimi memory import [--json]                  < conversation.jsonl
  guimi memory search "<query>" [--k 10] [--json]   (no query: one per stdin line)
  guimi memory list [--json] [--kind <kind>] [--all]
  guimi memory add "<text>"
  guimi memory edit <id> "<text>"
  guimi memory forget <id>
`;

interface Parsed {
  positional: string[];
  json: boolean;
  all: boolean;
  k: number;
  kind: MemoryKind | undefined;
}

function parseArgs(args: readonly string[]): Parsed | string {
  const out: Parsed = { positional: [], json: false, all: false, k: 10, kind: undefined };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    if (a === "--json") out.json = true;
    else if (a === "--all") out.all = true;
    else if (a === "--k" || a === "-k" || a.startsWith("--k=")) {
      const v = a.startsWith("--k=") ? a.slice(4) : args[++i];
      const k = Number(v);
      if (!Number.isInteger(k) || k < 1 || k > 1000) return `--k 需要 1 到 1000 的整数 / --k needs an integer 1..1000 (got ${v})`;
      out.k = k;
    } else if (a === "--kind") {
      const v = args[++i] as MemoryKind;
      if (!memoryKinds.includes(v)) return `未知类型 / unknown kind: ${v} (${memoryKinds.join(", ")})`;
      out.kind = v;
    } else if (a.startsWith("--")) return `未知选项 / unknown option: ${a}`;
    else out.positional.push(a);
  }
  return out;
}

async function* lines(input: MemoryCommandIo["input"]): AsyncGenerator<string> {
  if (typeof input === "string") {
    const all = input.split(/\r?\n/);
    if (all.at(-1) === "") all.pop();
    yield* all;
    return;
  }
  let rest = "";
  for await (const chunk of input) {
    rest += typeof chunk === "string" ? chunk : chunk.toString("utf8");
    const parts = rest.split(/\r?\n/);
    rest = parts.pop() ?? "";
    yield* parts;
  }
  if (rest) yield rest;
}

function resultJson(r: SearchResult) {
  return { id: r.id, text: r.text, score: r.score, sources: r.sources, at: r.at, kind: r.kind, eventAt: r.eventAt };
}

function memoryJson(m: Memory) {
  return { ...m, sources: m.sources };
}

export async function runMemoryCommand(args: string[], io: MemoryCommandIo): Promise<number> {
  const err = io.errorOutput ?? io.output;
  const [sub, ...rest] = args;
  const parsed = parseArgs(rest);
  if (typeof parsed === "string") {
    err.write(parsed + "\n");
    return 2;
  }
  const service = createMemoryService({
    db: io.db,
    ...(io.model ? { model: io.model } : {}),
    ...(io.tzOffsetMinutes !== undefined ? { tzOffsetMinutes: io.tzOffsetMinutes } : {}),
    clock: () => io.now,
  });
  const out = io.output;
  switch (sub) {
    case "import":
      return importLog(service, io, parsed);
    case "search": {
      const query = parsed.positional.join(" ").trim();
      if (query) {
        const results = await service.search(query, { k: parsed.k, now: io.now });
        if (parsed.json) out.write(JSON.stringify(results.map(resultJson)) + "\n");
        else if (results.length === 0) out.write("没有找到相关的记忆 / no matching memories\n");
        else for (const r of results) out.write(`${r.score.toFixed(3)}  ${r.id}  ${r.text}  [${r.sources.join(", ")}]\n`);
        return 0;
      }
      // Batch: one query per line, one JSON array per line, in order (empty line → empty array).
      for await (const line of lines(io.input)) {
        const q = line.trim();
        out.write(JSON.stringify(q ? (await service.search(q, { k: parsed.k, now: io.now })).map(resultJson) : []) + "\n");
      }
      return 0;
    }
    case "list": {
      const memories = service.list({ ...(parsed.kind ? { kind: parsed.kind } : {}), status: parsed.all ? "all" : "active" });
      if (parsed.json) out.write(JSON.stringify(memories.map(memoryJson)) + "\n");
      else if (memories.length === 0) out.write("还没有任何记忆 / no memories yet\n");
      else for (const m of memories) out.write(`${m.id}  ${m.saidAt.slice(0, 10)}  ${m.kind}${m.status === "superseded" ? " (superseded)" : ""}  ${m.text}\n`);
      return 0;
    }
    case "add": {
      const text = parsed.positional.join(" ").trim();
      if (!text) {
        err.write("请给出要记住的内容 / add needs the text to remember\n");
        return 2;
      }
      const ref = "manual:" + io.now.toISOString();
      const result = await service.ingest([{ ref, speaker: "user", text, at: io.now, role: "user" }], io.now);
      const ids = [...result.added, ...result.merged];
      if (parsed.json) out.write(JSON.stringify({ ids, ...result }) + "\n");
      else out.write(`记住了 / remembered: ${ids.join(", ") || "(已有 / already known)"}\n`);
      return 0;
    }
    case "edit": {
      const [id, ...words] = parsed.positional;
      const text = words.join(" ").trim();
      if (!id || !text) {
        err.write('用法 / usage: guimi memory edit <id> "<text>"\n');
        return 2;
      }
      const updated = service.update(id, { text }, io.now);
      if (!updated) {
        err.write(`没有这条记忆 / no memory with id ${id}\n`);
        return 1;
      }
      out.write(parsed.json ? JSON.stringify(memoryJson(updated)) + "\n" : `已更新 / updated: ${updated.id}  ${updated.text}\n`);
      return 0;
    }
    case "forget": {
      const [id] = parsed.positional;
      if (!id) {
        err.write("用法 / usage: guimi memory forget <id>\n");
        return 2;
      }
      const ok = service.forget(id);
      if (parsed.json) out.write(JSON.stringify({ id, forgotten: ok }) + "\n");
      else out.write(ok ? `已删除 / forgotten: ${id}\n` : `没有这条记忆 / no memory with id ${id}\n`);
      return ok ? 0 : 1;
    }
    default:
      err.write(memoryUsage);
      return 2;
  }
}

/**
 * Import is atomic: every line is validated first; if any is bad, each bad line is reported (line
 * number and field) and nothing is imported (exit 2), so a fixed file can simply be imported again.
 * Re-importing the same refs is a no-op, so a retried import never duplicates.
 */
async function importLog(service: MemoryService, io: MemoryCommandIo, parsed: Parsed): Promise<number> {
  const err = io.errorOutput ?? io.output;
  const messages: ConversationMessage[] = [];
  const problems: string[] = [];
  let lineNo = 0;
  for await (const line of lines(io.input)) {
    lineNo++;
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push(`第 ${lineNo} 行 / line ${lineNo}: 不是合法的 JSON / not valid JSON`);
      continue;
    }
    const result = importLineSchema.safeParse(value);
    if (!result.success) {
      for (const issue of result.error.issues) {
        problems.push(`第 ${lineNo} 行 / line ${lineNo}: 字段 / field "${issue.path.join(".") || "(line)"}": ${issue.message}`);
      }
      continue;
    }
    const { ref, speaker, text, at, role } = result.data;
    messages.push({ ref, speaker, text, at: new Date(at).toISOString(), role: role ?? "user" });
  }
  if (problems.length > 0) {
    err.write(problems.join("\n") + "\n未导入任何内容 / nothing imported\n");
    return 2;
  }
  const result = await service.ingest(messages, io.now);
  const summary = {
    messages: messages.length,
    added: result.added.length,
    merged: result.merged.length,
    superseded: result.superseded.length,
    ignored: result.ignored,
  };
  io.output.write(
    parsed.json
      ? JSON.stringify(summary) + "\n"
      : `导入 ${summary.messages} 条消息，新增 ${summary.added} 条记忆 / imported ${summary.messages} messages, ${summary.added} new memories\n`,
  );
  return 0;
}
