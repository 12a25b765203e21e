// guimi bench latency | emotion | memory | all — benchmark code loads only when asked for.
// Each prints JSON lines and writes bench/results/<name>.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import type { CliContext } from "./main.js";
import { projectPath } from "../project-path.js";

function saveResult(name: string, result: unknown): void {
  const dir = projectPath("bench", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), JSON.stringify({ measuredAt: new Date().toISOString(), result }, null, 2) + "\n");
}

export function registerBenchCommands(program: Command, ctx: CliContext): void {
  const bench = program.command("bench").description("benchmarks (npm run bench runs them all)");

  const latency = async (options: { json?: boolean; quick?: boolean }) => {
    const { runLatencyBench } = await import("../bench/latency-bench.js");
    await runLatencyBench({ ...options, dataDir: ctx.dataDir(), output: ctx.stdout, log: ctx.stderr });
  };
  const emotion = async () => {
    const { benchTextEmotion } = await import("../perception/text-emotion/emotion-bench.js");
    const result = { bench: "text-emotion", ...(await benchTextEmotion()) };
    saveResult("emotion", result);
    ctx.stdout.write(JSON.stringify(result) + "\n");
  };
  const memory = async () => {
    const { benchMemorySearch } = await import("../memory/memory-bench.js");
    const { benchMemoryRecall } = await import("../memory/recall-bench.js");
    ctx.stderr.write("memory: filling 100 000 memories…\n");
    const search = { bench: "memory-search", ...(await benchMemorySearch({ count: 100_000 })) };
    const recall = { bench: "memory-recall", ...(await benchMemoryRecall()) };
    saveResult("memory", { search, recall });
    ctx.stdout.write(JSON.stringify(search) + "\n" + JSON.stringify(recall) + "\n");
  };

  const voice = async () => {
    const { benchVoice } = await import("../voice/voice-bench.js");
    ctx.stderr.write("voice: 7 spoken turns (Silero VAD, pocketsphinx, espeak-ng)…\n");
    const result = await benchVoice();
    saveResult("voice", result);
    ctx.stdout.write(JSON.stringify(result) + "\n");
  };
  bench.command("voice").description("voice: end of speech to first reply audio per stage (p50/p95), barge-in reaction").action(voice);
  bench
    .command("latency")
    .description("time to first token and tokens/s at turns 1, 10 and 50 (tiny model and the default model's shape)")
    .option("--json", "print only the JSON result")
    .option("--quick", "the tiny test model only")
    .action(latency);
  bench.command("emotion").description("text emotion: time per utterance (p50/p95, one core)").action(emotion);
  bench.command("memory").description("memory search p50/p95 at 100 000 memories, and recall on the zh/en fixtures").action(memory);
  bench
    .command("all")
    .description("every benchmark")
    .option("--quick", "latency on the tiny test model only")
    .action(async (options: { quick?: boolean }) => {
      await emotion();
      await memory();
      await voice();
      await latency({ quick: options.quick });
    });
}
