// guimi bench latency | tools | emotion | crisis | memory | care-voice | all — benchmark code loads only when asked for.
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
  const recurrence = async () => {
    const { benchRecurrence } = await import("../bench/recurrence-bench.js");
    const result = benchRecurrence();
    saveResult("recurrence", result);
    ctx.stdout.write(JSON.stringify(result) + "\n");
  };
  bench
    .command("recurrence")
    .description("recurring reminders: a minutely rule from a year back, a check with the most frequent ones, the largest .ics import")
    .action(recurrence);

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
  const crisis = async () => {
    const { benchCrisis } = await import("../perception/crisis/crisis-bench.js");
    const result = { bench: "crisis", ...benchCrisis() };
    saveResult("crisis", result);
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
    const imagePaths = {
      face: sharedPath("images", "faces", "happy.jpg"),
      otherFace: sharedPath("images", "faces", "fearful.jpg"),
      hand: sharedPath("images", "hands", "fist.jpg"),
      otherHand: sharedPath("images", "hands", "index-up.jpg"),
    };
    const face = (name: string) => sharedPath("images", "faces", name);
    const expressionCases = [
      { path: face("happy.jpg"), label: "joy" as const, faces: 1 },
      { path: face("fearful.jpg"), label: "fear" as const, faces: 1 },
      { path: face("surprised.jpg"), label: "surprise" as const, faces: 1 },
      { path: face("bbt1.jpg"), label: null, faces: 3 },
    ];
    const rounds = options.rounds ? Number(options.rounds) : 3;
    const result = { bench: "vision", ...(await benchVision({ imagePaths, expressionCases, rounds, log: ctx.stderr })) };
    saveResult("vision", result);
    ctx.stdout.write(JSON.stringify(result) + "\n");
  };
  bench
    .command("vision")
    .description("camera: ms per 320-px frame for the motion gate, presence, hands, faces, all; CPU % of one core per frame-rate policy scene")
    .option("--rounds <n>", "passes over the four shared photos (default 3)")
    .action(vision);
  bench
    .command("care-voice")
    .description("time the persona rephrase adds to a care message, and how often it passes the checks (tiny test model)")
    .action(careVoice);
  const media = async (options: { files?: string } = {}) => {
    const { benchMedia } = await import("../media/media-bench.js");
    const result = { bench: "media", ...(await benchMedia(options.files ? { files: Number(options.files) } : {})) };
    saveResult("media", result);
    ctx.stdout.write(JSON.stringify(result) + "\n");
  };
  bench
    .command("media")
    .description("music library scan rate (files/s) and play command → first sound (real mpv, --ao=null)")
    .option("--files <n>", "how many tagged files to generate and scan (default 300)")
    .action(media);

  const voice = async () => {
    const { benchVoiceAll } = await import("../bench/voice-bench.js");
    const result = await benchVoiceAll((line) => ctx.stderr.write(`${line}\n`));
    saveResult("voice", result);
    ctx.stdout.write(JSON.stringify(result) + "\n");
  };
  bench
    .command("voice")
    .description("voice: end of speech to first reply audio per stage (p50/p95), barge-in reaction, what always listening costs (CPU)")
    .action(voice);
  bench
    .command("latency")
    .description("time to first token and tokens/s at turns 1, 10 and 50 (tiny model and the default model's shape)")
    .option("--json", "print only the JSON result")
    .option("--quick", "the tiny test model only")
    .action(latency);
  const tools = async (options: { quick?: boolean }) => {
    const { runToolsBench } = await import("../bench/tools-bench.js");
    await runToolsBench({ ...options, dataDir: ctx.dataDir(), output: ctx.stdout, log: ctx.stderr });
  };
  bench
    .command("tools")
    .description("tool calling: first token on action turns (tools offered), the chat turn after, and plain chat, vs never offering tools")
    .option("--quick", "the tiny test model only")
    .action(tools);
  bench.command("emotion").description("text emotion: time per utterance (p50/p95, one core)").action(emotion);
  bench.command("crisis").description("crisis detector (rules + classifier + context): time per utterance (p50/p95, one core)").action(crisis);
  bench.command("memory").description("memory search p50/p95 at 100 000 memories, and recall on the zh/en fixtures").action(memory);
  bench
    .command("all")
    .description("every benchmark")
    .option("--quick", "latency on the tiny test model only")
    .action(async (options: { quick?: boolean }) => {
      await recurrence();
      await emotion();
      await crisis();
      await memory();
      await careVoice();
      await media();
      await voice();
      await latency({ quick: options.quick });
      await tools({ quick: options.quick });
    });
}
