import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { openDatabase, type Db } from "../storage/database.js";
import { makeTempDir } from "../testing/paths.js";
import { memoryMigrations } from "./memory-migrations.js";
import { runMemoryCommand } from "./memory-command.js";

async function withDb(fn: (db: Db) => Promise<void>): Promise<void> {
  const { dir, cleanup } = makeTempDir();
  const db = openDatabase(join(dir, "guimi.db"), [memoryMigrations]);
  try {
    await fn(db);
  } finally {
    db.close();
    cleanup();
  }
}

const now = new Date("2023-06-01T00:00:00Z");
async function run(db: Db, args: string[], input = "") {
  let out = "";
  let err = "";
  const code = await runMemoryCommand(args, {
    db,
    now,
    input,
    output: { write: (s: string) => (out += s) },
    errorOutput: { write: (s: string) => (err += s) },
    tzOffsetMinutes: 0,
  });
  return { code, out, err };
}

const log = [
  { ref: "D1:1", speaker: "Caroline", text: "I went to a LGBTQ support group yesterday and it was so powerful.", at: "2023-05-08T13:56:00Z" },
  { ref: "D1:2", speaker: "Melanie", text: "That's wonderful! I've been painting sunsets lately, it relaxes me.", at: "2023-05-08T13:57:00Z" },
  { ref: "D1:3", speaker: "Caroline", text: "I'm thinking about studying counseling to help trans youth.", at: "2023-05-08T13:58:00Z" },
]
  .map((l) => JSON.stringify(l))
  .join("\n");

test("import then search: JSON results best first, citing the message refs", () =>
  withDb(async (db) => {
    const imported = await run(db, ["import", "--json"], log);
    assert.equal(imported.code, 0, imported.err);
    assert.equal(JSON.parse(imported.out).messages, 3);
    const found = await run(db, ["search", "What does Melanie like to paint?", "--k", "10", "--json"]);
    const results = JSON.parse(found.out) as { id: string; text: string; score: number; sources: string[]; at: string }[];
    assert.deepEqual(results[0]!.sources, ["D1:2"]);
    assert.ok(results.every((r, i) => i === 0 || r.score <= results[i - 1]!.score));
    assert.equal(typeof results[0]!.at, "string");
    // Batch mode: one array per stdin line, in order.
    const batch = await run(db, ["search", "--json"], "When did Caroline go to the LGBTQ support group?\nWhat is Caroline thinking of studying?\n");
    const arrays = batch.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { sources: string[] }[]);
    assert.equal(arrays.length, 2);
    assert.equal(arrays[0]![0]!.sources[0], "D1:1");
    assert.equal(arrays[1]![0]!.sources[0], "D1:3");
  }));

test("a bad line names its line number and field, exits 2 and imports nothing (atomic)", () =>
  withDb(async (db) => {
    const bad = log + '\n{"ref":"D1:4","speaker":"Melanie","text":"hi"}\nnot json\n';
    const r = await run(db, ["import"], bad);
    assert.equal(r.code, 2);
    assert.match(r.err, /line 4.*"at"/);
    assert.match(r.err, /line 5.*JSON/);
    const list = await run(db, ["list", "--json"]);
    assert.deepEqual(JSON.parse(list.out), []);
  }));

test("add, list, edit and forget", () =>
  withDb(async (db) => {
    const added = await run(db, ["add", "我喜欢周杰伦的《晴天》", "--json"]);
    assert.equal(added.code, 0);
    const [id] = JSON.parse(added.out).ids as string[];
    const listed = JSON.parse((await run(db, ["list", "--json"])).out) as { id: string; text: string }[];
    assert.equal(listed[0]!.id, id);
    assert.equal((await run(db, ["edit", id!, "我喜欢周杰伦的《稻香》"])).code, 0);
    const found = JSON.parse((await run(db, ["search", "稻香", "--json"])).out) as { id: string }[];
    assert.equal(found[0]!.id, id);
    assert.equal((await run(db, ["forget", id!])).code, 0);
    assert.deepEqual(JSON.parse((await run(db, ["list", "--json"])).out), []);
    assert.equal((await run(db, ["forget", id!])).code, 1);
    assert.equal((await run(db, ["search", "--k", "zero"])).code, 2);
    assert.equal((await run(db, ["nope"])).code, 2);
  }));
