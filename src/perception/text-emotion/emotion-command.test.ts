import { test } from "node:test";
import assert from "node:assert/strict";
import { PassThrough, Readable } from "node:stream";
import { EMOTION_LABELS } from "../emotion-labels.js";
import { runEmotionCommand } from "./emotion-command.js";
import { benchTextEmotion } from "./emotion-bench.js";

async function run(opts: { text?: string; json: boolean; stdin?: string }): Promise<{ code: number; lines: string[] }> {
  const output = new PassThrough();
  let out = "";
  output.on("data", (d: Buffer) => (out += d.toString("utf8")));
  const code = await runEmotionCommand({ text: opts.text, json: opts.json, input: Readable.from([opts.stdin ?? ""]), output });
  return { code, lines: out.split("\n").filter((l) => l.length > 0) };
}

test("--text --json prints exactly the documented shape", async () => {
  const { code, lines } = await run({ text: "我好难过[泪]", json: true });
  assert.equal(code, 0);
  assert.equal(lines.length, 1);
  const obj = JSON.parse(lines[0]!) as Record<string, unknown>;
  assert.deepEqual(Object.keys(obj), ["label", "scores", "valence", "arousal", "crisis", "crisisRisk", "crisisLayer"]);
  assert.equal(obj.label, "sadness");
  assert.deepEqual(Object.keys(obj.scores as object), [...EMOTION_LABELS]);
  assert.equal(obj.crisis, false);
  assert.equal(obj.crisisRisk, "none");
  assert.equal(obj.crisisLayer, null);
});

test("stdin: one result per line, crisis flagged from the detector", async () => {
  const { code, lines } = await run({ json: true, stdin: "今天好开心[哈哈]\n我不想活了\nI want to kill myself\n笑死我了\n" });
  assert.equal(code, 0);
  assert.deepEqual(
    lines.map((l) => (JSON.parse(l) as { crisis: boolean }).crisis),
    [false, true, true, false],
  );
});

test("human-readable line is zh-CN and marks crisis; empty --text is bad input", async () => {
  const ok = await run({ text: "我不想活了", json: false });
  assert.equal(ok.code, 0);
  assert.match(ok.lines[0]!, /效价/);
  assert.match(ok.lines[0]!, /危机风险/);
  const bad = await run({ text: "  ", json: true });
  assert.equal(bad.code, 2);
});

test("benchmark runs and reports sane numbers (no timing assertion)", async () => {
  const r = await benchTextEmotion({ limit: 300 });
  console.log(`text emotion bench (300 utterances): p50 ${r.p50_us} µs, p95 ${r.p95_us} µs`);
  assert.ok(r.utterances > 0);
  assert.ok(r.p50_us >= 0 && r.p95_us >= r.p50_us);
});
