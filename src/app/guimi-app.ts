// The composition root: opens storage, loads the model once, and wires the capabilities together.
// The daemon, the CLI's in-process commands and the tests all build Guimi through here.
import { existsSync } from "node:fs";
import { dataPaths, ensureDataDir, loadConfig, systemTimeZone, type DataPaths, type GuimiConfig } from "../config/config.js";
import { migrate, openDatabase, type Db, type MigrationSet } from "../storage/database.js";
import type { Capability, CapabilityModule } from "../kernel/capability.js";
import { coreMigrations } from "../storage/core-migrations.js";
import { createMessageStore, type MessageStore } from "../conversation/message-store.js";
import { createTurnTools, looksLikeActionRequest } from "../conversation/tool-calling.js";
import { conversationTools } from "./core-tools.js";
import { createConversationService, type ConversationService, type IntentHandler } from "../conversation/conversation-service.js";
import { loadPersona, type Persona } from "../conversation/persona.js";
import type { LanguageModel } from "../conversation/language-model.js";
import { loadConversationModel, type ModelState } from "../conversation/model-loader.js";
import { createOutbound, type Outbound } from "../privacy/outbound.js";
import { embeddingModelPath } from "../models/model-catalog.js";
import { createBackgroundEmbedder, type EmbedderState } from "../memory/llama-embedder.js";
import { EventBus } from "../kernel/event-bus.js";
import { createSettingsStore, type SettingsStore } from "../settings/user-settings.js";
import { createDataRegistry, type DataRegistry } from "../privacy/data-registry.js";
import { conversationsCategory } from "../conversation/conversation-data-category.js";
import { ledgerCategory } from "../privacy/ledger-data-category.js";
import { createReminderStore, reminderMigrations } from "../reminders/reminder-store.js";
import { createReminderActions, type ReminderActions } from "../reminders/reminder-actions.js";
import { createReminderIntent, type LastFired } from "../reminders/reminder-intent.js";
import { parseReminderCommand } from "../reminders/parse-reminder-command.js";
import { createEspeakTextToSpeech, type TextToSpeech } from "../voice/text-to-speech.js";
import { voiceCapability, type VoiceCapability } from "../voice/index.js";
import { createReminderScheduler, type ReminderScheduler, type TimerFunctions } from "../reminders/reminder-scheduler.js";
import { careCapability, type CareOptions } from "../care/care-capability.js";
import type { CareEngine } from "../care/care-engine.js";
import { createCareVoice } from "../care/care-voice.js";
import { visionCapability, v4l2Input, type Vision } from "../vision/index.js";
import { remindersCategory } from "../reminders/reminder-data-category.js";
import { DEFAULT_CONVERSATION } from "../conversation/conversation-service.js";
import type { GuimiEvents } from "../kernel/event-bus.js";
import { createMemoryService, type MemoryService } from "../memory/memory-service.js";
import { memoryMigrations } from "../memory/memory-migrations.js";
import { memoriesCategory } from "../memory/memory-data-category.js";
import { createRecallIntent } from "../memory/recall-intent.js";
import { forgetDerivedMemories } from "../memory/forget-derived.js";
import { createMoodService, type MoodService } from "../mood/mood-service.js";
import { moodMigrations } from "../mood/mood-migrations.js";
import { moodPromptLine } from "../mood/mood-prompt-line.js";
import { expressionForMood } from "../mood/expression-for-mood.js";
import { conversationContext, DEFAULT_CONTEXT_OPTIONS } from "../perception/text-emotion/conversation-context.js";
import type { ContextTurn } from "../perception/text-emotion/features.js";
import { moodCategory } from "../mood/mood-data-category.js";
import { crisisCapability } from "../perception/crisis/crisis-capability.js";
import { timeZoneOffsetMinutes } from "../kernel/time-zone-offset.js";
import type { MoodEstimate } from "../mood/mood-estimate.js";
import type { RelationshipStore } from "../relationship/relationship-store.js";
import { relationshipCapability } from "../relationship/relationship-capability.js";
import { createDeviceRegistry, type DeviceRegistry } from "../pairing/device-registry.js";
import { homeCapability } from "../home/index.js";
import { audioOutSchema, isAcceptance, mediaCapability, type MediaCapability } from "../media/index.js";
import type { CareOffers } from "../care/care-offers.js";
import type { OfferedAction } from "../kernel/offered-action.js";

export interface GuimiAppOptions {
  dataDir: string;
  /** --model / GUIMI_MODEL: a GGUF path or an installed model id. */
  model?: string;
  /** Skip loading the model (commands that never chat). */
  withoutModel?: boolean;
  /** How the care engine is attached (the simulation feeds it by hand, with a fixed seed). */
  care?: CareOptions;
  now?: () => Date;
  /** The home bus, for the daemon (`guimi start --mqtt-port/--mqtt-url`); absent: no bus. */
  mqtt?: { port?: number; url?: string };
}

export type { ModelState };

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
  /** Proactive care: rules over her signals, with restraint. */
  care: CareEngine;
  /** Camera perception: one frame at a time, while the camera switch is on. */
  vision: Vision;
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
  /** Stops what the speaker is saying (a button in Home Assistant, "stop"). */
  stopSpeaking(): void;
  /** She is somewhere else now: times of day, reminders and memory dates follow. */
  setTimeZone(timeZone: string): void;
  persona(): Persona;
  reloadPersona(): void;
  timeZone(): string;
  now(): Date;
  modelState(): ModelState;
  /** The loaded conversation model, or null (none installed, still loading, or failed). */
  languageModel(): LanguageModel | null;
  /** The memory-search embedding model, when one is configured. */
  embedderState(): EmbedderState;
  /** Resolves once the model has loaded or failed (or at once when there is none). */
  modelReady: Promise<void>;
  /** Paired devices (phone, tablet), each with its own revocable token. */
  devices: DeviceRegistry;
  /** The token of the device "default" (the pairing-token file of earlier versions). */
  pairingToken(): string;
  close(): Promise<void>;
}

export const migrationSets: MigrationSet[] = [coreMigrations, reminderMigrations, memoryMigrations, moodMigrations];

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
  data.register(
    conversationsCategory(
      db,
      store,
      (ids) => forgetDerived(ids),
      () => persona.name.zh,
    ),
  );
  data.register(ledgerCategory(db));
  const timeZone = () => config.timeZone ?? systemTimeZone();

  const conversationModel = loadConversationModel({ paths, config, outbound, flag: options.model, skip: options.withoutModel });
  const model = () => conversationModel.current();

  function deliver(message: Omit<GuimiEvents["care-message"], "messageId" | "at">): number {
    const at = now();
    const messageId = store.add(DEFAULT_CONVERSATION, "care", message.text, at, message.lang === "en" ? "en" : "zh", {
      kind: message.kind,
      rule: message.rule,
      reason: message.reason,
      ...(message.reminderId ? { reminderId: message.reminderId } : {}),
      // Something she can accept with 好 / yes (media plays it): see src/media/media-offer.ts.
      ...(message.offer ? { offer: message.offer } : {}),
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

  // Sentence embeddings for memory search, when she configured a model (words alone otherwise).
  const embeddingPath = options.withoutModel ? null : embeddingModelPath(paths, config);
  const embedder = embeddingPath ? createBackgroundEmbedder({ modelPath: embeddingPath, gpu: config.model.gpu }) : null;
  const memory = createMemoryService({ db, tzOffsetMinutes: (at) => timeZoneOffsetMinutes(timeZone(), at), clock: now, ...(embedder ? { embedder } : {}) });
  data.register(memoriesCategory(memory));
  forgetDerived = (ids) => void forgetDerivedMemories(db, memory, ids === "all" ? "all-messages" : ids.map((id) => `msg:${id}`));
  const mood = createMoodService({ db });
  data.register(moodCategory(mood, db));
  const pendingIngests = new Set<Promise<void>>();

  const intents: IntentHandler[] = [];
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
  // The crisis safety net answers first, always, never the model; its layers read the last turns and her mood trend.
  const crisis = mount(crisisCapability, {
    db,
    now,
    timeZone,
    preference: () => settings.get().safety,
    lang: () => settings.get().lang,
    recentTurns: (conversationId, before) =>
      store
        .list(conversationId, { limit: 8, before })
        .filter((m) => m.role === "user" || m.role === "assistant")
        .map((m) => {
          const c = m.meta?.source === "crisis" ? m.meta.crisis : undefined;
          return { role: m.role as "user" | "assistant", text: m.text, at: new Date(m.createdAt), ...(c === "possible" || c === "high" ? { crisis: c } : {}) };
        }),
    lowMoodDays: (at) => mood.lowMoodStreak({ now: at, timeZone: timeZone() }).days,
  });
  const relationship = mount(relationshipCapability, { db, now, offsetMinutes: () => timeZoneOffsetMinutes(timeZone(), now()) });
  intents.push(
    (turn) => {
      const forgotten = memory.handleForgetRequest(turn.text);
      return forgotten ? { text: forgotten.reply, source: "memory", meta: { forgotten: forgotten.forgotten } } : null;
    },
    createReminderIntent({ actions: reminders, timeZone, lastFired: () => lastFired }),
    createRecallIntent(memory),
  );

  function observeMood(estimate: MoodEstimate): void {
    const result = mood.observe(estimate);
    if (result.snapshot) bus.emit("mood-changed", { mood: { ...result.mood, at: result.mood.at.toISOString() }, expression: expressionForMood(result.mood) });
  }

  // Loaded on first use: the jieba dictionary takes a moment, and commands that never chat skip it.
  let textEmotion: import("../perception/text-emotion/text-emotion-classifier.js").TextEmotionClassifier | null = null;
  async function textClassifier() {
    if (!textEmotion) {
      const { loadTextEmotionClassifier } = await import("../perception/text-emotion/text-emotion-classifier.js");
      textEmotion = loadTextEmotionClassifier();
    }
    return textEmotion;
  }
  async function classifyText(text: string, context: readonly ContextTurn[] = []) {
    return (await textClassifier()).classify(text, context);
  }

  /** The last messages of this sitting, for weights that read earlier turns (none read otherwise). */
  async function textContext(turn: { conversationId: string; userMessageId: number; now: Date }): Promise<ContextTurn[]> {
    const { contextTurns } = await textClassifier();
    if (contextTurns === 0) return [];
    const earlier = store.list(turn.conversationId, { before: turn.userMessageId, limit: contextTurns });
    return conversationContext(
      earlier.map((m) => ({ role: m.role, text: m.text, at: new Date(m.createdAt) })),
      turn.now,
      { ...DEFAULT_CONTEXT_OPTIONS, maxTurns: contextTurns },
    );
  }

  const conversation = createConversationService({
    store,
    model,
    modelReady: () => conversationModel.ready,
    persona: () => persona,
    systemExtras: () => relationship.promptLines(),
    timeZone,
    now,
    bus,
    intents,
    maxReplyTokens: config.model.maxReplyTokens,
    // Open requests no fast path took ("把客厅弄暗一点好吗"): the model may call the registry's tools.
    // Not in care mode (risk heard in the last hours): then the model only talks with her.
    tools: (turn) => (crisis.careModeLine(turn.now, turn.lang) || !looksLikeActionRequest(turn.text) ? null : createTurnTools(conversationTools(app))),
    expression: (at, source) => (source === "crisis" ? "concerned" : expressionForMood(mood.current(at))),
    context: {
      // In care mode (risk heard in the last hours) the model is asked for gentle, careful handling.
      mood: (at, lang) => [moodPromptLine(mood.current(at), lang), crisis.careModeLine(at, lang)].filter(Boolean).join("\n") || undefined,
      memories: (text, at) => memory.recallForTurn(text, at, 3),
    },
    onTurnComplete: (turn, result) => {
      // Remembering waits until she has her answer; "forget that" and crisis turns are not remembered.
      if (result.source === "memory" || result.source === "crisis") return;
      const ingesting = memory
        .ingest([{ ref: `msg:${turn.userMessageId}`, speaker: "user", text: turn.text, at: turn.now.toISOString(), role: "user" }], turn.now)
        .then(
          () => undefined,
          (error: unknown) => console.error("memory:", error),
        )
        .finally(() => pendingIngests.delete(ingesting));
      pendingIngests.add(ingesting);
    },
    onUserMessage: async (turn) => {
      // Her words move the mood before the reply is written (41 µs to classify), so the reply can show it.
      // What "还好吧" means depends on the turns before it. The mood fusion reads her earlier estimates
      // anyway (measured: that carries most of it); weights trained to read earlier turns get them too.
      const estimate = await classifyText(turn.text, await textContext(turn));
      observeMood({
        modality: "text",
        at: turn.now,
        scores: estimate.scores,
        valence: estimate.valence,
        arousal: estimate.arousal,
        confidence: estimate.confidence,
      });
    },
  });

  // Speaking on the device's speaker, when she turned it on: what Guimi says first, and replies.
  const speechListeners: (() => void)[] = [];
  let speaker: TextToSpeech | null = null;
  let speaking = 0;
  function startSpeech(tts: TextToSpeech): void {
    speaker = tts;
    const say = (text: string, lang: string) => {
      if (!settings.get().speech.enabled) return;
      if (speaking++ === 0) bus.emit("speech", { speaking: true });
      // Music goes quieter while Guimi speaks, and comes back after.
      void media.controller.duck(true);
      void tts
        .speak(text, lang === "en" ? "en" : "zh")
        .catch((error: unknown) => console.error("speech:", error))
        .finally(() => {
          void media.controller.duck(false);
          if (--speaking === 0) bus.emit("speech", { speaking: false });
        });
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
  const care = mount(careCapability, {
    db,
    bus,
    outbound,
    now,
    deliver,
    settings,
    mood,
    memory,
    lastCrisis: () => crisis.lastCrisis(),
    timeZone,
    onDataChange: (listener) => data.onChange(listener),
    // Care speaks in the persona's voice when a model is loaded (the template otherwise); it offers only what the
    // device reports available (`offers`: nothing until media and home report theirs).
    options: { voice: createCareVoice({ model, persona: () => persona }), offers: () => deviceOffers(), ...options.care },
  }).engine;
  const devices = createDeviceRegistry({ db, tokenFile: `${paths.dataDir}/pairing-token`, now });
  const home = mount(homeCapability, {
    db,
    events: bus,
    config,
    settings,
    outbound,
    now,
    dataDir: paths.dataDir,
    deliver,
    reminders,
    mood,
    signal: (signal) => care.signal(signal),
    stopSpeaking: () => app.stopSpeaking(),
    devices,
    personaName: () => persona.name.zh,
    onDataChange: (listener) => data.onChange(listener),
    mqtt: options.mqtt,
  });
  const media = mount(mediaCapability, {
    db,
    now,
    outbound,
    cacheDir: paths.cache,
    audioOut: audioOutSchema.catch(config.media.audioOut).parse(process.env.GUIMI_AUDIO_OUT ?? config.media.audioOut),
    speech: createEspeakTextToSpeech(),
    musicDirs: config.media.musicDirs,
    emit: (status) => bus.emit("media-changed", { ...status }),
    recentMessages: (id, before, limit) => store.list(id, { before, limit }),
    likes: () => memory.list({ kind: "preference", limit: 200 }).map((m) => m.text),
  }) as MediaCapability;
  // What care may offer is what media and home report right now: a song she has (by title), sleep sounds, a light.
  function deviceOffers(): CareOffers {
    const can = media.available();
    const top = can.music ? media.suggestOffer("music") : null;
    const control = (home.status?.() as { control?: { available?: boolean; lights?: number | null } } | undefined)?.control;
    return {
      music: top && top.kind === "music" ? { titles: [top.title] } : false,
      sleepSounds: can.sleepSounds,
      lamp: Boolean(control?.available && (control.lights ?? 0) > 0),
    };
  }
  // "好" after an offer to dim the lamp: said to the home capability as the words it understands.
  intents.push(async (turn) => {
    if (!isAcceptance(turn.text)) return null;
    const previous = store.list(turn.conversationId, { before: turn.userMessageId, limit: 1 }).at(-1);
    const offer = previous?.role === "care" ? (previous.meta?.offer as Partial<OfferedAction> | undefined) : undefined;
    if (offer?.kind !== "lamp") return null;
    const words = offer.action === "off" ? (turn.lang === "en" ? "turn off the light" : "把灯关了") : turn.lang === "en" ? "dim the lights" : "灯调暗一点";
    for (const intent of home.intents ?? []) {
      const reply = await intent({ ...turn, text: words });
      if (reply) return reply;
    }
    return null;
  });
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
  // A wave, or her coming back to the camera: a short hello, never while she asked not to be disturbed.
  function greet(kind: "wave" | "arrived"): void {
    const current = settings.get();
    if (current.doNotDisturb) return;
    const zh = current.lang !== "en";
    deliver({
      kind: "care",
      rule: kind === "wave" ? "camera-wave" : "camera-welcome",
      reason:
        kind === "wave"
          ? zh
            ? "你向我挥手（摄像头是你开的）"
            : "you waved at me (you turned the camera on)"
          : zh
            ? "你回来了（摄像头看到有人，不认人脸）"
            : "you came back (the camera saw someone; it does not recognise faces)",
      text: kind === "wave" ? (zh ? "嗨！我在呢～" : "Hi! I'm here.") : zh ? "欢迎回来！" : "Welcome back!",
      lang: zh ? "zh" : "en",
    });
  }
  const vision = mount(visionCapability, {
    settings,
    now,
    observeMood,
    care,
    stopSpeaking: () => (conversation.stop(), app.stopSpeaking()),
    greet,
    captureInput: () => {
      const device = process.env.GUIMI_CAMERA_DEVICE ?? "/dev/video0";
      return existsSync(device) ? v4l2Input(device) : null;
    },
  });
  // The switch off stops all capture at once; what the last frames left (a hand's track) is dropped too.
  let cameraOn = settings.get().sensors.camera;
  settings.onChange((next) => {
    if (next.sensors.camera !== cameraOn) vision.cameraSwitched((cameraOn = next.sensors.camera));
  });

  let capabilitiesStarted = false;
  let capabilityStops: Promise<unknown>[] = [];
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
    relationship: relationship.store,
    care,
    capabilities,
    voice,
    vision,
    observeMood,
    lastCrisis: () => crisis.lastCrisis(),
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
        capabilitiesStarted = true;
        for (const capability of capabilities)
          void Promise.resolve(capability.start?.()).catch((error: unknown) => console.error(`${capability.name}:`, error));
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
      for (const off of speechListeners.splice(0)) off();
      speaker = null;
      if (capabilitiesStarted) {
        capabilitiesStarted = false;
        capabilityStops = [...capabilities]
          .reverse()
          .map((capability) => Promise.resolve(capability.stop?.()).catch((error: unknown) => console.error(`${capability.name}:`, error)));
      }
    },
    stopSpeaking() {
      speaker?.interrupt();
    },
    setTimeZone(zone) {
      config.timeZone = zone;
      relationship.refresh();
    },
    persona: () => persona,
    reloadPersona() {
      persona = loadPersona(paths.persona);
      conversation.reset();
    },
    timeZone,
    now,
    modelState: () => conversationModel.state(),
    languageModel: model,
    embedderState: () => embedder?.state() ?? { state: "none" },
    modelReady: conversationModel.ready,
    devices,
    pairingToken: () => devices.defaultToken(),
    async close() {
      app.stopBackground();
      await Promise.all(capabilityStops);
      for (const capability of [...capabilities].reverse())
        await Promise.resolve(capability.close?.()).catch((error: unknown) => console.error(`${capability.name}:`, error));
      await Promise.all(pendingIngests);
      conversation.reset();
      await conversationModel.dispose();
      await embedder?.dispose();
      db.close();
    },
  };
  return app;
}
