// The composition root: opens storage, loads the model once, and wires the capabilities together.
// The daemon, the CLI's in-process commands and the tests all build Guimi through here.
import { existsSync } from "node:fs";
import { dataPaths, ensureDataDir, loadConfig, systemTimeZone, type DataPaths, type GuimiConfig } from "../config/config.js";
import { migrate, openDatabase, type Db, type MigrationSet } from "../storage/database.js";
import type { Capability, CapabilityModule } from "../kernel/capability.js";
import { coreMigrations } from "../storage/core-migrations.js";
import type { MessageStore } from "../conversation/message-store.js";
import { createTurnTools, looksLikeActionRequest } from "../conversation/tool-calling.js";
import { conversationTools } from "./core-tools.js";
import type { ConversationService, IntentHandler } from "../conversation/conversation-service.js";
import { loadPersona, type Persona } from "../conversation/persona.js";
import type { LanguageModel } from "../conversation/language-model.js";
import type { ModelState } from "../conversation/model-loader.js";
import { conversationCapability, type ConversationCapability } from "../conversation/conversation-capability.js";
import { createOutbound, type Outbound } from "../privacy/outbound.js";
import { embeddingModelPath } from "../models/model-catalog.js";
import type { EmbedderState } from "../memory/llama-embedder.js";
import { EventBus } from "../kernel/event-bus.js";
import { createSettingsStore, type SettingsStore } from "../settings/user-settings.js";
import { createDataRegistry, type DataRegistry } from "../privacy/data-registry.js";
import { ledgerCategory } from "../privacy/ledger-data-category.js";
import { reminderMigrations } from "../reminders/reminder-store.js";
import type { ReminderActions } from "../reminders/reminder-actions.js";
import { remindersCapability } from "../reminders/reminders-capability.js";
import type { TextToSpeech } from "../voice/text-to-speech.js";
import { voiceCapability, type VoiceCapability } from "../voice/index.js";
import { speechOutCapability } from "../voice/speech-out.js";
import type { TimerFunctions } from "../reminders/reminder-scheduler.js";
import { careCapability, type CareOptions } from "../care/care-capability.js";
import type { CareEngine } from "../care/care-engine.js";
import { createCareVoice } from "../care/care-voice.js";
import { visionCapability, v4l2Input, greetingMessage, type GreetingKind, type Vision, type VisionDeps } from "../vision/index.js";
import { DEFAULT_CONVERSATION } from "../conversation/conversation-service.js";
import { OFFER_OPEN_MS } from "../kernel/offered-action.js";
import type { GuimiEvents } from "../kernel/event-bus.js";
import type { MemoryService } from "../memory/memory-service.js";
import { memoryMigrations } from "../memory/memory-migrations.js";
import { memoryCapability } from "../memory/memory-capability.js";
import type { MoodService } from "../mood/mood-service.js";
import { moodMigrations } from "../mood/mood-migrations.js";
import { moodCapability } from "../mood/mood-capability.js";
import { crisisCapability } from "../perception/crisis/crisis-capability.js";
import { timeZoneOffsetMinutes } from "../kernel/time-zone-offset.js";
import type { MoodEstimate } from "../mood/mood-estimate.js";
import type { RelationshipStore } from "../relationship/relationship-store.js";
import { relationshipCapability } from "../relationship/relationship-capability.js";
import { createDeviceRegistry, type DeviceRegistry } from "../pairing/device-registry.js";
import { homeCapability } from "../home/index.js";
import { audioOutSchema, mediaCapability, type MediaCapability } from "../media/index.js";
import type { CareOffers } from "../care/care-offers.js";

export interface GuimiAppOptions {
  dataDir: string;
  /** --model / GUIMI_MODEL: a GGUF path or an installed model id. */
  model?: string;
  /** Skip loading the model (commands that never chat). */
  withoutModel?: boolean;
  /** How the care engine is attached (the simulation feeds it by hand, with a fixed seed). */
  care?: CareOptions;
  /** The camera's analyzer (tests script what a frame shows); Human and face-api, loaded on first use, otherwise. */
  vision?: Pick<VisionDeps, "analyzer">;
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
  const settings = createSettingsStore(db, now);
  // Her switches on the device win over the maker's defaults in config.json.
  const outbound = createOutbound({ db, permissions: () => ({ ...config.outbound, ...settings.get().outbound }), now });
  const data = createDataRegistry(db);
  const timeZone = () => config.timeZone ?? systemTimeZone();

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
  // The conversation: the model, her messages, the turn. What the others add to a turn is read when a turn runs.
  const conversationCap: ConversationCapability = mount(conversationCapability, {
    db,
    bus,
    paths,
    config,
    outbound,
    modelFlag: options.model,
    withoutModel: options.withoutModel,
    // Deleting her words also deletes memories that came only from them.
    onErased: (ids) => memory.forgetDerived(ids),
    removeMessage: (id) => data.remove("conversations", id),
    guimiName: () => persona.name.zh,
    persona: () => persona,
    systemExtras: () => relationship.promptLines(),
    timeZone,
    now,
    intents,
    maxReplyTokens: config.model.maxReplyTokens,
    // Open requests no fast path took ("把客厅弄暗一点好吗"): the model may call the registry's tools.
    // Not in care mode (risk heard in the last hours): then the model only talks with her.
    tools: (turn) => (crisis.careModeLine(turn.now, turn.lang) || !looksLikeActionRequest(turn.text) ? null : createTurnTools(conversationTools(app))),
    expression: (at, source) => (source === "crisis" ? "concerned" : mood.expression(at)),
    context: {
      // In care mode (risk heard in the last hours) the model is asked for gentle, careful handling.
      mood: (at, lang) => [mood.promptLine(at, lang), crisis.careModeLine(at, lang)].filter(Boolean).join("\n") || undefined,
      memories: (text, at) => memory.recallForTurn(text, at),
    },
    // After-turn work of each capability, once she has her answer (memory learns from it).
    onTurnComplete: (turn, result) => {
      for (const capability of capabilities) capability.afterTurn?.(turn, result);
    },
    // Perception: each capability reads her stored words before the fast path (text emotion into the mood).
    onUserMessage: async (turn) => {
      for (const capability of capabilities) await capability.perceive?.(turn);
    },
  });
  const { store, deliver, model, service: conversation } = conversationCap;
  data.register(ledgerCategory(db));

  // Her mood, from every sensor; her words are perceived before each reply. No intents: crisis still answers first.
  const mood = mount(moodCapability, {
    db,
    bus,
    now,
    timeZone,
    earlierMessages: (conversationId, before, limit) => store.list(conversationId, { before, limit }),
  });
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
    lowMoodDays: (at) => mood.service.lowMoodStreak({ now: at, timeZone: timeZone() }).days,
  });
  const relationship = mount(relationshipCapability, { db, now, offsetMinutes: () => timeZoneOffsetMinutes(timeZone(), now()) });
  const reminders = mount(remindersCapability, { db, now, timeZone, deliver });
  // Sentence embeddings for memory search, when she configured a model (words alone otherwise).
  const embeddingPath = options.withoutModel ? null : embeddingModelPath(paths, config);
  const memory = mount(memoryCapability, { db, now, timeZone, embeddingModel: embeddingPath ? { path: embeddingPath, gpu: config.model.gpu } : null });

  // Capabilities, one line each (dependencies passed explicitly). Started with the device's background work.
  const care = mount(careCapability, {
    db,
    bus,
    outbound,
    now,
    deliver,
    settings,
    mood: mood.service,
    memory: memory.service,
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
    reminders: reminders.actions,
    mood: mood.service,
    signal: (signal) => care.signal(signal),
    stopSpeaking: () => app.stopSpeaking(),
    devices,
    personaName: () => persona.name.zh,
    onDataChange: (listener) => data.onChange(listener),
    recentMessages: (id, before, limit) => store.list(id, { before, limit }),
    mqtt: options.mqtt,
  });
  // Voice first: the voice it chose (a sherpa voice when installed, else espeak-ng) is the device speaker's too.
  const voice = mount(voiceCapability, {
    modelsDir: paths.models,
    microphoneOn: () => settings.get().sensors.microphone,
    wakeWord: () => settings.get().wakeWord,
    personaName: () => persona.name.zh,
    conversation,
    observeMood: mood.observe,
    now,
    // A whole reminder command ends her turn on a shorter pause (a "clarify" still waits for more words).
    looksComplete: (text) => reminders.looksComplete(text),
  });
  const media = mount(mediaCapability, {
    db,
    now,
    outbound,
    cacheDir: paths.cache,
    audioOut: audioOutSchema.catch(config.media.audioOut).parse(process.env.GUIMI_AUDIO_OUT ?? config.media.audioOut),
    speech: voice.speech(),
    musicDirs: config.media.musicDirs,
    emit: (status) => bus.emit("media-changed", { ...status }),
    recentMessages: (id, before, limit) => store.list(id, { before, limit }),
    likes: () => memory.service.list({ kind: "preference", limit: 200 }).map((m) => m.text),
  }) as MediaCapability;
  // Speaking on the device's speaker when she turned it on (what Guimi says first, and replies); music ducks under it.
  const speech = mount(speechOutCapability, { bus, speech: () => settings.get().speech, duck: (on) => media.controller.duck(on) });
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
  // A wave, or her coming back to the camera: a short hello, never while she asked not to be disturbed.
  function greet(kind: GreetingKind): void {
    const current = settings.get();
    if (!current.doNotDisturb) deliver(greetingMessage(kind, current.lang === "en" ? "en" : "zh"));
  }
  const vision = mount(visionCapability, {
    settings,
    now,
    observeMood: mood.observe,
    care,
    stopSpeaking: () => (conversation.stop(), app.stopSpeaking()),
    pauseMedia: () => media.controller.pause(),
    // A thumbs-up is her 好: the same turn, through the same acceptance intents (media, lamp, care's offers).
    offers: {
      pending: () => {
        const last = store.list(DEFAULT_CONVERSATION, { limit: 1 }).at(-1);
        if (last?.role !== "care" || last.meta?.offer === undefined) return null;
        const at = new Date(last.createdAt);
        const age = now().getTime() - at.getTime();
        return age >= 0 && age <= OFFER_OPEN_MS ? { offer: last.meta.offer, at } : null;
      },
      yes: async () => {
        const en = settings.get().lang === "en";
        const reply = await conversation.turn({ text: en ? "yes" : "好", lang: en ? "en" : "zh" });
        return { text: reply.text, source: reply.source };
      },
    },
    greet,
    captureInput: () => {
      const device = process.env.GUIMI_CAMERA_DEVICE ?? "/dev/video0";
      return existsSync(device) ? v4l2Input(device) : null;
    },
    ...options.vision,
  });
  // Talk makes a gesture likely (a palm to stop, a thumbs-up in reply): the camera looks closely meanwhile.
  bus.on("message-created", (m) => m.role === "user" && vision.noteTalking(false));
  bus.on("reply-start", () => vision.noteTalking(true));
  bus.on("reply-end", () => vision.noteTalking(false));
  bus.on("speech", (s) => vision.noteTalking(s.speaking));
  // The switch off stops all capture at once; what the last frames left (a hand's track) is dropped too.
  let cameraOn = settings.get().sensors.camera;
  settings.onChange((next) => {
    if (next.sensors.camera !== cameraOn) vision.cameraSwitched((cameraOn = next.sensors.camera));
  });

  let backgroundStarted = false;
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
    reminders: reminders.actions,
    memory: memory.service,
    mood: mood.service,
    relationship: relationship.store,
    care,
    capabilities,
    voice,
    vision,
    observeMood: mood.observe,
    lastCrisis: () => crisis.lastCrisis(),
    deliver,
    startBackground(options = {}) {
      if (backgroundStarted) return;
      backgroundStarted = true;
      reminders.startScheduler(options.timers);
      if (!options.timers) {
        capabilitiesStarted = true;
        for (const capability of capabilities)
          void Promise.resolve(capability.start?.()).catch((error: unknown) => console.error(`${capability.name}:`, error));
        speech.speakWith(options.speech ?? voice.speech());
      }
    },
    async warmUp() {
      await mood.warmUp();
      reminders.warmUp();
      await memory.warmUp();
    },
    async tickBackground() {
      if (!backgroundStarted) return;
      reminders.tick();
      await care.tick();
    },
    stopBackground() {
      backgroundStarted = false;
      reminders.stopScheduler();
      speech.stopSpeaking();
      if (capabilitiesStarted) {
        capabilitiesStarted = false;
        capabilityStops = [...capabilities]
          .reverse()
          .map((capability) => Promise.resolve(capability.stop?.()).catch((error: unknown) => console.error(`${capability.name}:`, error)));
      }
    },
    stopSpeaking() {
      speech.interrupt();
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
    modelState: () => conversationCap.modelState(),
    languageModel: model,
    embedderState: () => memory.embedderState(),
    modelReady: conversationCap.ready,
    devices,
    pairingToken: () => devices.defaultToken(),
    async close() {
      app.stopBackground();
      await Promise.all(capabilityStops);
      for (const capability of [...capabilities].reverse())
        await Promise.resolve(capability.close?.()).catch((error: unknown) => console.error(`${capability.name}:`, error));
      db.close();
    },
  };
  return app;
}
