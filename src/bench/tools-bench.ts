// `guimi bench tools`: what offering tools costs the first word of a reply, through the real conversation
// service and node-llama-cpp. Tools are offered only on turns that read like a request for an action; this
// measures those turns, the chat turn right after one (the context without the tools' documentation is
// evaluated again), and plain chat, against the same conversation with tools never offered. The tools
// here have the home tools' names and schemas but act on nothing (no Home Assistant in a benchmark).
import { availableParallelism, cpus } from "node:os";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { openDatabase } from "../storage/database.js";
import { coreMigrations } from "../storage/core-migrations.js";
import { createMessageStore } from "../conversation/message-store.js";
import { createConversationService } from "../conversation/conversation-service.js";
import { loadLlamaLanguageModel } from "../conversation/llama-language-model.js";
import { defaultPersona } from "../conversation/persona.js";
import { createTurnTools, looksLikeActionRequest } from "../conversation/tool-calling.js";
import type { Tool } from "../kernel/capability.js";
import { DEFAULT_MODEL_ID } from "../models/model-catalog.js";
import { dataPaths, ensureDataDir } from "../config/config.js";
import { projectPath } from "../project-path.js";
import { ensureRandomGguf } from "./random-gguf.js";
import { tinyModelPath } from "../testing/paths.js";

const nameInput = z.object({ name: z.string().trim().min(1).max(200).describe("the device's name or area") }).strict();
const standIns: Tool[] = [
  { name: "home_list_devices", description: "List the devices and scenes in her Home Assistant.", input: z.object({}).strict(), run: () => [] },
  {
    name: "home_turn_on",
    description: "Turn on a light, switch, media player or climate device, or activate a scene.",
    input: nameInput,
    run: () => ({ ok: true }),
  },
  { name: "home_turn_off", description: "Turn off a light, switch, media player or climate device.", input: nameInput, run: () => ({ ok: true }) },
  {
    name: "home_set_brightness",
    description: "Set a light's brightness in percent (1–100).",
    input: nameInput.extend({ percent: z.number().int().min(1).max(100) }),
    run: () => ({ ok: true }),
  },
];

/** chat, chat, action, chat, action, action, … — what each turn is, in order. */
const script: { text: string; kind: "chat" | "action" }[] = [
  { text: "今天好累啊", kind: "chat" },
  { text: "我明天有个面试", kind: "chat" },
  { text: "帮我把客厅弄得舒服一点", kind: "action" },
  { text: "tell me something nice", kind: "chat" },
  { text: "can you make the bedroom cozy", kind: "action" },
  { text: "帮我把卧室弄暗一点吧", kind: "action" },
  { text: "嗯嗯", kind: "chat" },
  { text: "你在干嘛呀", kind: "chat" },
  { text: "能不能帮我把灯弄得柔和一点", kind: "action" },
  { text: "what should I eat tonight?", kind: "chat" },
  { text: "谢谢你", kind: "chat" },
  { text: "please make it warmer in here", kind: "action" },
  { text: "好的", kind: "chat" },
];

export interface ToolsBenchResult {
  model: string;
  /** Median first-delta milliseconds, by kind of turn. */
  with_tools: { chat: number; action: number; chat_after_action: number };
  without_tools: { chat: number; action: number; chat_after_action: number };
  /** Tool calls the model made on the action turns (a random-weight model rarely makes any). */
  tool_calls: number;
  machine: { cpus: number; cpu: string };
}

const median = (values: number[]) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return Math.round((sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2) * 10) / 10;
};

async function runScript(modelPath: string, offerTools: boolean): Promise<{ chat: number; action: number; chat_after_action: number; calls: number }> {
  const model = await loadLlamaLanguageModel({ modelPath, contextSize: 4096, gpu: "off" });
  try {
    const service = createConversationService({
      store: createMessageStore(openDatabase(":memory:", [coreMigrations])),
      model: () => model,
      persona: () => defaultPersona,
      timeZone: () => "Asia/Shanghai",
      now: () => new Date(),
      maxReplyTokens: 24,
      compactAt: 0.95,
      tools: (turn) => (offerTools && looksLikeActionRequest(turn.text) ? createTurnTools(standIns) : null),
    });
    await service.warm("bench");
    const times = { chat: [] as number[], action: [] as number[], chat_after_action: [] as number[] };
    let calls = 0;
    let previous: "chat" | "action" = "chat";
    for (let round = 0; round < 2; round++) {
      for (const { text, kind } of script) {
        await service.whenIdle("bench");
        const result = await service.turn({ conversationId: "bench", text });
        calls += result.toolCalls?.length ?? 0;
        const bucket = kind === "action" ? "action" : previous === "action" ? "chat_after_action" : "chat";
        times[bucket].push(result.firstDeltaMs ?? NaN);
        previous = kind;
      }
    }
    return { chat: median(times.chat), action: median(times.action), chat_after_action: median(times.chat_after_action), calls };
  } finally {
    await model.dispose();
  }
}

export async function measureTools(name: string, modelPath: string, log: NodeJS.WritableStream): Promise<ToolsBenchResult> {
  for (const [text, kind] of script.map((s) => [s.text, s.kind] as const))
    if (looksLikeActionRequest(text) !== (kind === "action")) throw new Error(`bench script: "${text}" is not read as ${kind}`);
  const without = await runScript(modelPath, false);
  log.write(`  ${name}: without tools ${JSON.stringify(without)}\n`);
  const withTools = await runScript(modelPath, true);
  log.write(`  ${name}: with tools ${JSON.stringify(withTools)}\n`);
  return {
    model: name,
    with_tools: { chat: withTools.chat, action: withTools.action, chat_after_action: withTools.chat_after_action },
    without_tools: { chat: without.chat, action: without.action, chat_after_action: without.chat_after_action },
    tool_calls: withTools.calls,
    machine: { cpus: availableParallelism(), cpu: cpus()[0]?.model ?? "unknown" },
  };
}

export async function runToolsBench(options: {
  quick?: boolean;
  dataDir: string;
  output: NodeJS.WritableStream;
  log: NodeJS.WritableStream;
}): Promise<ToolsBenchResult[]> {
  const paths = dataPaths(options.dataDir);
  ensureDataDir(paths);
  const results: ToolsBenchResult[] = [];
  options.log.write("tools: tiny test model (../shared)\n");
  results.push(await measureTools("llama-2-tiny-random", tinyModelPath, options.log));
  if (!options.quick) {
    options.log.write(`tools: random weights in the shapes of ${DEFAULT_MODEL_ID}\n`);
    const random = await ensureRandomGguf(DEFAULT_MODEL_ID, join(paths.cache, "bench"), { padTokens: "visible" });
    results.push(await measureTools(`${DEFAULT_MODEL_ID} (random weights)`, random.path, options.log));
  }
  const dir = projectPath("bench", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "tools.json"), JSON.stringify({ measuredAt: new Date().toISOString(), results }, null, 2) + "\n");
  for (const r of results) options.output.write(JSON.stringify(r) + "\n");
  return results;
}
