// Which conversation model Guimi talks with, loaded once in the background: the on-device GGUF she chose
// (node-llama-cpp) or, when she configured one, an OpenAI-compatible server through the outbound gate.
import { existsSync } from "node:fs";
import type { DataPaths, GuimiConfig } from "../config/config.js";
import { GuimiError } from "../errors.js";
import { chooseModel } from "../models/model-catalog.js";
import { readTunedThreads } from "../models/thread-tuning.js";
import type { Outbound } from "../privacy/outbound.js";
import type { LanguageModel } from "./language-model.js";
import { loadLlamaLanguageModel } from "./llama-language-model.js";
import { createOpenAiLanguageModel } from "./openai-language-model.js";

export type ModelState =
  | { state: "none" }
  | { state: "loading"; id: string; path: string }
  | { state: "ready"; id: string; path: string | null; threads: number | null; loadMs: number }
  | { state: "error"; id: string; path: string | null; error: string };

export interface ConversationModel {
  /** The model, once loaded; null when none is installed, while loading, or after a failure. */
  current(): LanguageModel | null;
  state(): ModelState;
  /** Resolves once the model has loaded or failed (at once when there is none). */
  ready: Promise<void>;
  dispose(): Promise<void>;
}

export function loadConversationModel(options: {
  paths: DataPaths;
  config: GuimiConfig;
  outbound: Outbound;
  flag?: string;
  skip?: boolean;
}): ConversationModel {
  const { paths, config } = options;
  let model: LanguageModel | null = null;
  let state: ModelState = { state: "none" };
  let ready: Promise<void> = Promise.resolve();

  if (!options.skip) {
    if (config.llm.provider === "openai-compatible") {
      if (!config.llm.openai) throw new GuimiError("config: llm.openai is required when llm.provider is openai-compatible", "bad-input");
      const { apiKeyEnv } = config.llm.openai;
      model = createOpenAiLanguageModel({ ...config.llm.openai, outbound: options.outbound, apiKey: apiKeyEnv ? process.env[apiKeyEnv] : undefined });
      state = { state: "ready", id: model.id, path: null, threads: null, loadMs: 0 };
    } else {
      const choice = chooseModel(paths, config, options.flag);
      if (choice) {
        state = { state: "loading", id: choice.id, path: choice.path };
        const started = performance.now();
        ready = (async () => {
          try {
            if (!existsSync(choice.path)) throw new Error(`model file not found: ${choice.path}`);
            const loaded = await loadLlamaLanguageModel({
              modelPath: choice.path,
              contextSize: config.model.contextSize,
              threads: config.model.threads ?? readTunedThreads(paths.cache, choice.path),
              gpu: config.model.gpu,
            });
            model = loaded;
            state = { state: "ready", id: choice.id, path: choice.path, threads: loaded.threads, loadMs: Math.round(performance.now() - started) };
          } catch (error) {
            state = { state: "error", id: choice.id, path: choice.path, error: (error as Error).message };
          }
        })();
      }
    }
  }

  return {
    current: () => model,
    state: () => state,
    ready,
    async dispose() {
      await ready;
      await model?.dispose();
    },
  };
}
