// guimi bench latency | emotion | memory | care-voice | all — benchmark code loads only when asked for.
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
    const { benchMemorySearch } = await import("../bench/memory-bench.js");
    const { benchMemoryRecall } = await import("../bench/recall-bench.js");
    ctx.stderr.write("memory: filling 100 000 memories…\n");
    const search = { bench: "memory-search", ...(await benchMemorySearch({ count: 100_000 })) };
    const recall = { bench: "memory-recall", ...(await benchMemoryRecall()) };
    saveResult("memory", { search, recall });
    ctx.stdout.write(JSON.stringify(search) + "\n" + JSON.stringify(recall) + "\n");
  };

  const careVoice = async () => {
    const { benchCareVoice } = await import("../bench/care-voice-bench.js");
    const result = { bench: "care-voice", ...(await benchCareVoice()) };
    saveResult("care-voice", result);
    ctx.stdout.write(JSON.stringify(result) + "\n");
  };
  const vision = async (options: { rounds?: string }) => {
    const { benchVision } = await import("../vision/vision-bench.js");
    const { sharedPath } = await import("../testing/paths.js");
    const imagePaths = [sharedPath("images", "faces", "happy.jpg"), sharedPath("images", "faces", "fearful.jpg"), sharedPath("images", "hands", "fist.jpg"), sharedPath("images", "hands", "index-up.jpg")];
    const result = { bench: "vision", ...(await benchVision({ imagePaths, rounds: options.rounds ? Number(options.rounds) : 5, log: ctx.stderr })) };
    saveResult("vision", result);
    ctx.stdout.write(JSON.stringify(result) + "\n");
  };
  bench.command("vision").description("camera: ms per 320-px frame for faces, hands and presence, and CPU % of one core at 1/2/5 fps").option("--rounds <n>", "passes over the four shared photos (default 5)").action(vision);
  bench.command("care-voice").description("time the persona rephrase adds to a care message, and how often it passes the checks (tiny test model)").action(careVoice);
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
      await careVoice();
      await latency({ quick: options.quick });
    });
}
