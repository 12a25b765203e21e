// The LanguageModel contract against every adapter: the real tiny GGUF through node-llama-cpp, the
// OpenAI-compatible client against a loopback chat-completions server, and the shipped mock.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { languageModelContract } from "./language-model.contract.js";
import { loadLlamaLanguageModel } from "./llama-language-model.js";
import { createOpenAiLanguageModel } from "./openai-language-model.js";
import type { LanguageModel } from "./language-model.js";
import { createMockLanguageModel } from "../testing/mock-language-model.js";
import { makeTempDir, tinyModelPath } from "../testing/paths.js";
import { openDatabase, type Db } from "../storage/database.js";
import { coreMigrations } from "../storage/core-migrations.js";
import { createOutbound } from "../privacy/outbound.js";

let llama: LanguageModel | null = null;
languageModelContract(
  "node-llama-cpp",
  async () => {
    llama ??= await loadLlamaLanguageModel({ modelPath: tinyModelPath, contextSize: 1024, gpu: "off" });
    return { model: llama, streamsLong: true };
  },
  async () => undefined,
);

languageModelContract(
  "mock",
  async () => ({
    model: createMockLanguageModel({
      reply: () => "a fairly long scripted reply that streams in many small pieces",
      toolCalls: (_text, specs) => [{ name: specs[0]!.name, args: { text: "from the mock" } }],
    }),
    streamsLong: true,
  }),
  async () => undefined,
);

// A chat-completions server that streams one word every few milliseconds and honours max_tokens.
let server: Server | null = null;
let db: Db | null = null;
const temp = makeTempDir();
languageModelContract(
  "openai-compatible",
  async () => {
    server = createServer((req, res) => {
      let raw = "";
      req.on("data", (c) => (raw += c));
      req.on("end", async () => {
        const body = JSON.parse(raw) as {
          max_tokens?: number;
          tool_choice?: string;
          tools?: { function: { name: string } }[];
          messages: { role: string }[];
        };
        res.writeHead(200, { "content-type": "text/event-stream" });
        if (body.tool_choice === "required") {
          const toolCall = { index: 0, id: "call_0", type: "function", function: { name: body.tools![0]!.function.name, arguments: '{"text":"milk"}' } };
          res.write(`data: ${JSON.stringify({ choices: [{ delta: { tool_calls: [toolCall] }, finish_reason: "tool_calls" }] })}\n\n`);
          res.end("data: [DONE]\n\n");
          return;
        }
        const words = "once upon a time there was a small cat who lived by the sea and loved the waves every single day".split(" ");
        for (const word of words.slice(0, body.max_tokens ?? words.length)) {
          if (res.destroyed) return;
          res.write(`data: ${JSON.stringify({ choices: [{ delta: { content: `${word} ` } }] })}\n\n`);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        res.end("data: [DONE]\n\n");
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    db = openDatabase(join(temp.dir, `contract-${Date.now()}.db`), [coreMigrations]);
    const outbound = createOutbound({
      db,
      permissions: () => ({ modelDownload: false, remoteLlm: true, weather: false, homeAssistant: false, mqttBroker: false, radio: false }),
      now: () => new Date(),
    });
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    return { model: createOpenAiLanguageModel({ baseUrl, model: "contract", outbound }), streamsLong: true };
  },
  async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    db?.close();
  },
);

process.on("exit", () => {
  void llama?.dispose();
  temp.cleanup();
});
