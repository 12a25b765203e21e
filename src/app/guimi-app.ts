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
import { createReminderStore, reminderMigrations } from "../reminders/reminder-store.js";
import { createReminderActions, type ReminderActions } from "../reminders/reminder-actions.js";
import { createReminderIntent, type LastFired } from "../reminders/reminder-intent.js";
import { createReminderScheduler, type ReminderScheduler } from "../reminders/reminder-scheduler.js";
import { remindersCategory } from "../reminders/reminder-data-category.js";
import { DEFAULT_CONVERSATION } from "../conversation/conversation-service.js";
import type { GuimiEvents } from "./event-bus.js";

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
  reminders: ReminderActions;
  /** Says something first (a reminder, care): stored with its rule and reason, sent to every screen. */
  deliver(message: Omit<GuimiEvents["care-message"], "messageId" | "at">): number;
  /** Background work of a running device: reminders firing. The daemon and in-process chat start it. */
  startBackground(): void;
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

export const migrationSets: MigrationSet[] = [coreMigrations, reminderMigrations];

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

  function deliver(message: Omit<GuimiEvents["care-message"], "messageId" | "at">): number {
    const at = now();
    const messageId = store.add(DEFAULT_CONVERSATION, "care", message.text, at, message.lang === "en" ? "en" : "zh", {
      kind: message.kind,
      rule: message.rule,
      reason: message.reason,
      ...(message.reminderId ? { reminderId: message.reminderId } : {}),
    });
    bus.emit("message-created", { conversationId: DEFAULT_CONVERSATION, messageId, role: "care", text: message.text, at: at.toISOString() });
    bus.emit("care-message", { ...message, messageId, at: at.toISOString() });
    return messageId;
  }

  const reminderStore = createReminderStore(db);
  let scheduler: ReminderScheduler | null = null;
  let lastFired: LastFired | null = null;
  const reminders = createReminderActions(reminderStore, { timeZone, onChange: () => scheduler?.reschedule() });
  data.register(remindersCategory(reminderStore));

  const intents: IntentHandler[] = [createReminderIntent({ actions: reminders, timeZone, lastFired: () => lastFired })];
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
    reminders,
    deliver,
    startBackground() {
      if (scheduler) return;
      scheduler = createReminderScheduler({
        store: reminderStore,
        clock: { now },
        timeZone: timeZone(),
        onFire: (event) => {
          lastFired = { reminderId: event.reminder.id, at: now() };
          const zh = event.reminder.lang === "zh";
          deliver({
            kind: "reminder",
            rule: "reminder",
            reason: zh ? `你设的提醒：${event.reminder.title}` : `the reminder you set: ${event.reminder.title}`,
            text: event.message,
            lang: event.reminder.lang,
            reminderId: event.reminder.id,
          });
        },
        onMissed: (event) => {
          const first = event.items[0]?.reminder;
          deliver({
            kind: "missed-reminder",
            rule: "reminder-missed",
            reason: first?.lang === "en" ? "reminders that came due while I was off or asleep" : "在我关机或休眠时到点的提醒",
            text: event.message,
            lang: first?.lang ?? "zh",
          });
        },
        onError: (error) => console.error("reminder scheduler:", error),
      });
      scheduler.start();
    },
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
      scheduler?.stop();
      conversation.reset();
      await modelReady;
      await model?.dispose();
      db.close();
    },
  };
}
