// The composition root: opens storage, loads the model once, and wires the capabilities together.
// The daemon, the CLI's in-process commands and the tests all build Guimi through here.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { dataPaths, ensureDataDir, loadConfig, systemTimeZone, type DataPaths, type GuimiConfig } from "../config/config.js";
import { migrate, openDatabase, type Db, type MigrationSet } from "../storage/database.js";
import type { Capability, CapabilityModule } from "../kernel/capability.js";
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
import { parseReminderCommand } from "../reminders/parse-reminder-command.js";
import { createEspeakTextToSpeech, type TextToSpeech } from "../voice/text-to-speech.js";
import { voiceCapability, type VoiceCapability } from "../voice/index.js";
import { createReminderScheduler, type ReminderScheduler, type TimerFunctions } from "../reminders/reminder-scheduler.js";
import { attachCareEngine, detachCareEngine, type AttachOptions } from "../care/care-app.js";
import { careMigrations } from "../care/care-store.js";
import { remindersCategory } from "../reminders/reminder-data-category.js";
import { DEFAULT_CONVERSATION } from "../conversation/conversation-service.js";
import type { GuimiEvents } from "./event-bus.js";
import { createMemoryService, type MemoryService } from "../memory/memory-service.js";
import { memoryMigrations } from "../memory/memory-migrations.js";
import { memoriesCategory } from "../memory/memory-data-category.js";
import { createRecallIntent } from "../memory/recall-intent.js";
import { forgetDerivedMemories } from "../memory/forget-derived.js";
import { createMoodService, type MoodService } from "../mood/mood-service.js";
import { moodMigrations } from "../mood/mood-migrations.js";
import { moodPromptLine } from "../mood/mood-prompt-line.js";
import { expressionForMood } from "../mood/expression-for-mood.js";
import { moodCategory } from "../mood/mood-data-category.js";
import { createCrisisIntent } from "../perception/crisis/crisis-intent.js";
import { timeZoneOffsetMinutes } from "./time-zone-offset.js";
import type { MoodEstimate } from "../mood/mood-estimate.js";
import { createRelationshipStore, type RelationshipStore } from "../relationship/relationship-store.js";
import { relationshipCategory } from "../relationship/relationship-data-category.js";
import { applyTalkPreference, parseTalkPreference, relationshipPromptLines, talkPreferenceReply } from "../relationship/relationship.js";

export interface GuimiAppOptions {
  dataDir: string;
  /** --model / GUIMI_MODEL: a GGUF path or an installed model id. */
  model?: string;
  /** Skip loading the model (commands that never chat). */
  withoutModel?: boolean;
  /** How the care engine is attached (the simulation feeds it by hand, with a fixed seed). */
  care?: AttachOptions;
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
  memory: MemoryService;
  mood: MoodService;
  relationship: RelationshipStore;
  /** The capabilities mounted on this app, in order: the server mounts their routes, /status reads their status. */
  capabilities: Capability[];
  /** Listening and speaking (the page's microphone, `guimi listen`). */
  voice: VoiceCapability;
  /** Records a perception estimate and tells every screen when the mood visibly changed. */
  observeMood(estimate: MoodEstimate): void;
  /** When words of crisis were last heard (the care engine's override), or null. */
  lastCrisis(): { risk: "possible" | "high"; at: Date } | null;
  /** Says something first (a reminder, care): stored with its rule and reason, sent to every screen. */
  deliver(message: Omit<GuimiEvents["care-message"], "messageId" | "at">): number;
  /**
   * Background work of a running device: reminders firing, proactive care. The daemon and in-process
   * chat start it on real timers; the simulation passes inert timers and drives it with tickBackground().
   */
  startBackground(options?: { timers?: TimerFunctions; speech?: TextToSpeech }): void;
  /** Loads what the first message would otherwise wait for (jieba dictionary, emotion weights, date parsers). */
  warmUp(): Promise<void>;
  /** One check of reminders and care at the clock's now. */
  tickBackground(): Promise<void>;
  /** Stops background work (the device is switched off, or Guimi stops). */
  stopBackground(): void;
  /** She is somewhere else now: times of day, reminders and memory dates follow. */
  setTimeZone(timeZone: string): void;
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

export const migrationSets: MigrationSet[] = [coreMigrations, reminderMigrations, memoryMigrations, moodMigrations, careMigrations];

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
  // Deleting her words also deletes memories that came only from them (filled in once memory exists).
  let forgetDerived: (messageIds: number[] | "all") => void = () => undefined;
  data.register(conversationsCategory(db, store, (ids) => forgetDerived(ids), () => persona.name.zh));
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

  const memory = createMemoryService({ db, tzOffsetMinutes: (at) => timeZoneOffsetMinutes(timeZone(), at), clock: now });
  data.register(memoriesCategory(memory));
  forgetDerived = (ids) => void forgetDerivedMemories(db, memory, ids === "all" ? "all-messages" : ids.map((id) => `msg:${id}`));
  const mood = createMoodService({ db });
  data.register(moodCategory(mood, db));
  let crisis: { risk: "possible" | "high"; at: Date } | null = null;
  const pendingIngests = new Set<Promise<void>>();

  function observeMood(estimate: MoodEstimate): void {
    const result = mood.observe(estimate);
    if (result.snapshot) bus.emit("mood-changed", { mood: { ...result.mood, at: result.mood.at.toISOString() }, expression: expressionForMood(result.mood) });
  }

  // Loaded on first use: the jieba dictionary takes a moment, and commands that never chat skip it.
  let textEmotion: import("../perception/text-emotion/text-emotion-classifier.js").TextEmotionClassifier | null = null;
  async function classifyText(text: string) {
    if (!textEmotion) {
      const { loadTextEmotionClassifier } = await import("../perception/text-emotion/text-emotion-classifier.js");
      textEmotion = await loadTextEmotionClassifier();
    }
    return textEmotion.classify(text);
  }

  const relationship = createRelationshipStore(db, { offsetMinutes: () => timeZoneOffsetMinutes(timeZone(), now()) });
  // The stage moves over weeks; reading it once an hour keeps the system prompt (and its cache) steady.
  let relationshipLines: { at: number; lines: string[] } | null = null;
  const systemExtras = () => {
    const at = now().getTime();
    if (!relationshipLines || at - relationshipLines.at > 3_600_000) relationshipLines = { at, lines: relationshipPromptLines(relationship.state(now())) };
    return relationshipLines.lines;
  };

  data.register(relationshipCategory(relationship, now, () => (relationshipLines = null)));

  const intents: IntentHandler[] = [
    createCrisisIntent({ timeZone, onCrisis: (risk, at) => (crisis = { risk, at }) }),
    (turn) => {
      const change = parseTalkPreference(turn.text, turn.lang);
      if (!change) return null;
      relationship.savePreferences(applyTalkPreference(relationship.preferences(), change), turn.now);
      relationshipLines = null; // the next turn opens the model context with her wish in the system prompt
      return { text: talkPreferenceReply(change, turn.lang), source: "relationship" };
    },
    (turn) => {
      const forgotten = memory.handleForgetRequest(turn.text);
      return forgotten ? { text: forgotten.reply, source: "memory", meta: { forgotten: forgotten.forgotten } } : null;
    },
    createReminderIntent({ actions: reminders, timeZone, lastFired: () => lastFired }),
    createRecallIntent(memory),
  ];
  const capabilities: Capability[] = [];
  /** Mounts one capability: its migrations run, its intents join the fast path, its data joins 我的数据. */
  function mount<Deps, C extends Capability>(module: CapabilityModule<Deps, C>, deps: Deps): C {
    if (module.migrations) migrate(db, [module.migrations]);
    const capability = module.create(deps);
    capabilities.push(capability);
    intents.push(...(capability.intents ?? []));
    for (const category of capability.dataCategories ?? []) data.register(category);
    return capability;
  }
  const conversation = createConversationService({
    store,
    model: () => model,
    modelReady: () => modelReady,
    persona: () => persona,
    systemExtras,
    timeZone,
    now,
    bus,
    intents,
    maxReplyTokens: config.model.maxReplyTokens,
    expression: (at, source) => (source === "crisis" ? "concerned" : expressionForMood(mood.current(at))),
    context: {
      mood: (at, lang) => moodPromptLine(mood.current(at), lang) || undefined,
      memories: (text, at) => memory.recallForTurn(text, at, 3),
    },
    onTurnComplete: (turn, result) => {
      // Remembering waits until she has her answer; "forget that" and crisis turns are not remembered.
      if (result.source === "memory" || result.source === "crisis") return;
      const ingesting = memory
        .ingest([{ ref: `msg:${turn.userMessageId}`, speaker: "user", text: turn.text, at: turn.now.toISOString(), role: "user" }], turn.now)
        .then(() => undefined, (error: unknown) => console.error("memory:", error))
        .finally(() => pendingIngests.delete(ingesting));
      pendingIngests.add(ingesting);
    },
    onUserMessage: async (turn) => {
      // Her words move the mood before the reply is written (41 µs to classify), so the reply can show it.
      const estimate = await classifyText(turn.text);
      observeMood({ modality: "text", at: turn.now, scores: estimate.scores, valence: estimate.valence, arousal: estimate.arousal, confidence: estimate.confidence });

    },
  });

  // Speaking on the device's speaker, when she turned it on: what Guimi says first, and replies.
  const speechListeners: (() => void)[] = [];
  function startSpeech(tts: TextToSpeech): void {
    const say = (text: string, lang: string) => {
      if (settings.get().speech.enabled) void tts.speak(text, lang === "en" ? "en" : "zh").catch((error: unknown) => console.error("speech:", error));
    };
    speechListeners.push(
      bus.on("care-message", (message) => say(message.text, message.lang)),
      bus.on("reply-start", () => tts.interrupt()),
      bus.on("reply-end", (reply) => {
        if (settings.get().speech.replies && reply.finish !== "cancelled") say(reply.text, /[\u3400-\u9fff]/u.test(reply.text) ? "zh" : "en");
      }),
    );
  }

  // Capabilities, one line each (dependencies passed explicitly). Started with the device's background work.
  const voice = mount(voiceCapability, {
    modelsDir: paths.models,
    microphoneOn: () => settings.get().sensors.microphone,
    conversation,
    observeMood,
    now,
    // A whole reminder command ends her turn on a shorter pause (a "clarify" still waits for more words).
    looksComplete: (text) => {
      const command = parseReminderCommand(text, { now: now(), timeZone: timeZone() });
      return command !== null && command.kind !== "clarify";
    },
  });

  let capabilitiesStarted = false;
  let capabilityStops: Promise<unknown>[] = [];
  const tokenPath = `${paths.dataDir}/pairing-token`;
  const app: GuimiApp = {
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
    memory,
    mood,
    relationship,
    capabilities,
    voice,
    observeMood,
    lastCrisis: () => crisis,
    deliver,
    startBackground(options = {}) {
      if (scheduler) return;
      scheduler = createReminderScheduler({
        store: reminderStore,
        clock: { now },
        timeZone: timeZone(),
        ...(options.timers ? { timers: options.timers } : {}),
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
      if (!options.timers) {
        care.start();
        capabilitiesStarted = true;
        for (const capability of capabilities) void Promise.resolve(capability.start?.()).catch((error: unknown) => console.error(`${capability.name}:`, error));
        startSpeech(options.speech ?? createEspeakTextToSpeech());
      }
    },
    async warmUp() {
      await classifyText("你好呀");
      parseReminderCommand("明天下午三点提醒我喝水", { now: now(), timeZone: timeZone(), lang: "zh" });
      parseReminderCommand("remind me in 20 minutes to stretch", { now: now(), timeZone: timeZone(), lang: "en" });
      await memory.search("warm up", { k: 1, now: now() });
    },
    async tickBackground() {
      if (!scheduler) return;
      scheduler.tick();
      await care.tick();
    },
    stopBackground() {
      scheduler?.stop();
      scheduler = null;
      care.stop();
      for (const off of speechListeners.splice(0)) off();
      if (capabilitiesStarted) {
        capabilitiesStarted = false;
        capabilityStops = [...capabilities].reverse().map((capability) => Promise.resolve(capability.stop?.()).catch((error: unknown) => console.error(`${capability.name}:`, error)));
      }
    },
    setTimeZone(zone) {
      config.timeZone = zone;
      relationshipLines = null;
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
      app.stopBackground();
      await Promise.all(capabilityStops);
      detachCareEngine(app);
      await Promise.all(pendingIngests);
      conversation.reset();
      await modelReady;
      await model?.dispose();
      db.close();
    },
  };
  // Care is attached once the app exists (it listens on the bus and lists its data in 我的数据).
  const care = attachCareEngine(app, options.care);
  return app;
}
