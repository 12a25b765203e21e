// The composition root: opens storage, loads the model once, and wires the capabilities together.
// The daemon, the CLI's in-process commands and the tests all build Guimi through here.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { dataPaths, ensureDataDir, loadConfig, systemTimeZone, type DataPaths, type GuimiConfig } from "../config/config.js";
import { openDatabase, type Db, type MigrationSet } from "../storage/database.js";
import { coreMigrations } from "../storage/core-migrations.js";
import { createMessageStore, type MessageStore } from "../conversation/message-store.js";
import { createConversationService, type ConversationService, type IntentHandler } from "../conversation/conversation-service.js";
import { loadPersona, type Persona } from "../conversation/persona.js";
import type { LanguageModel } from "../conversation/language-model.js";
import { loadLlamaLanguageModel } from "../conversation/llama-language-model.js";
import { createOpenAiLanguageModel } from "../conversation/openai-language-model.js";
import { createOutbound, type Outbound } from "../privacy/outbound.js";
import { chooseModel } from "../models/model-catalog.js";
import { readTunedThreads } from "../models/thread-tuning.js";
import { EventBus } from "./event-bus.js";
import { GuimiError } from "../errors.js";
import { createSettingsStore, type SettingsStore } from "../settings/user-settings.js";
import { createDataRegistry, type DataRegistry } from "../privacy/data-registry.js";
import { conversationsCategory, ledgerCategory } from "../privacy/core-data-categories.js";

export interface GuimiAppOptions {
  dataDir: string;
  /** --model / GUIMI_MODEL: a GGUF path or an installed model id. */
  model?: string;
  /** Skip loading the model (commands that never chat). */
  withoutModel?: boolean;
  now?: () => Date;
}

export type ModelState =
  | { state: "none" }
  | { state: "loading"; id: string; path: string }
  | { state: "ready"; id: string; path: string | null; threads: number | null; loadMs: number }
  | { state: "error"; id: string; path: string | null; error: string };

export interface GuimiApp {
  paths: DataPaths;
  config: GuimiConfig;
  db: Db;
  bus: EventBus;
  store: MessageStore;
  outbound: Outbound;
  settings: SettingsStore;
  data: DataRegistry;
  conversation: ConversationService;
  persona(): Persona;
  reloadPersona(): void;
  timeZone(): string;
  now(): Date;
  modelState(): ModelState;
  /** Resolves once the model has loaded or failed (or at once when there is none). */
  modelReady: Promise<void>;
  pairingToken(): string;
  close(): Promise<void>;
}

export const migrationSets: MigrationSet[] = [coreMigrations];

export async function createGuimiApp(options: GuimiAppOptions): Promise<GuimiApp> {
  const paths = dataPaths(options.dataDir);
  ensureDataDir(paths);
  const config = loadConfig(paths);
  let persona = loadPersona(paths.persona);
  const now = options.now ?? (() => new Date());
  const db = openDatabase(paths.database, migrationSets);
  const bus = new EventBus();
  const store = createMessageStore(db);
  store.recoverInterrupted(now());
  const settings = createSettingsStore(db, now);
  // Her switches on the device win over the maker's defaults in config.json.
  const outbound = createOutbound({ db, permissions: () => ({ ...config.outbound, ...settings.get().outbound }), now });
  const data = createDataRegistry(db);
  data.register(conversationsCategory(db, store));
  data.register(ledgerCategory(db));
  const timeZone = () => config.timeZone ?? systemTimeZone();

  let model: LanguageModel | null = null;
  let modelState: ModelState = { state: "none" };
  let modelReady: Promise<void> = Promise.resolve();

  if (!options.withoutModel) {
    if (config.llm.provider === "openai-compatible") {
      if (!config.llm.openai) throw new GuimiError("config: llm.openai is required when llm.provider is openai-compatible", "bad-input");
      model = createOpenAiLanguageModel({ ...config.llm.openai, outbound, apiKey: config.llm.openai.apiKeyEnv ? process.env[config.llm.openai.apiKeyEnv] : undefined });
      modelState = { state: "ready", id: model.id, path: null, threads: null, loadMs: 0 };
    } else {
      const choice = chooseModel(paths, config, options.model);
      if (choice) {
        modelState = { state: "loading", id: choice.id, path: choice.path };
        const started = performance.now();
        modelReady = (async () => {
          try {
            if (!existsSync(choice.path)) throw new Error(`model file not found: ${choice.path}`);
            const loaded = await loadLlamaLanguageModel({
              modelPath: choice.path,
              contextSize: config.model.contextSize,
              threads: config.model.threads ?? readTunedThreads(paths.cache, choice.path),
              gpu: config.model.gpu,
            });
            model = loaded;
            modelState = { state: "ready", id: choice.id, path: choice.path, threads: loaded.threads, loadMs: Math.round(performance.now() - started) };
          } catch (error) {
            modelState = { state: "error", id: choice.id, path: choice.path, error: (error as Error).message };
          }
        })();
      }
    }
  }

  const intents: IntentHandler[] = [];
  const conversation = createConversationService({
    store,
    model: () => model,
    modelReady: () => modelReady,
    persona: () => persona,
    timeZone,
    now,
    bus,
    intents,
    maxReplyTokens: config.model.maxReplyTokens,
  });

  const tokenPath = `${paths.dataDir}/pairing-token`;
  return {
    paths,
    config,
    db,
    bus,
    store,
    outbound,
    settings,
    data,
    conversation,
    persona: () => persona,
    reloadPersona() {
      persona = loadPersona(paths.persona);
      conversation.reset();
    },
    timeZone,
    now,
    modelState: () => modelState,
    modelReady,
    pairingToken() {
      if (!existsSync(tokenPath)) writeFileSync(tokenPath, randomBytes(18).toString("base64url") + "\n", { mode: 0o600 });
      return readFileSync(tokenPath, "utf8").trim();
    },
    async close() {
      conversation.reset();
      await modelReady;
      await model?.dispose();
      db.close();
    },
  };
}
