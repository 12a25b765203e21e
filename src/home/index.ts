// Guimi in the home: the MQTT bus (embedded broker or hers), Home Assistant discovery both ways, and
// the phone's signals reaching the care engine. One exported value, mounted by the root.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { defineCapability } from "../kernel/capability.js";
import type { Db } from "../storage/database.js";
import type { GuimiConfig } from "../config/config.js";
import type { Outbound } from "../privacy/outbound.js";
import type { UserSettings } from "../settings/user-settings.js";
import type { CareSignal } from "../care/care-signal.js";
import type { GuimiEvents } from "../kernel/event-bus.js";
import { VERSION } from "../version.js";
import { homeMigrations } from "./home-migrations.js";
import { connectMqttBus, createEmbeddedMqttBus, type MqttBus } from "./mqtt-bus.js";
import { createHomeBridge, type HomeActions, type HomeBridge, type HomeEvents } from "./home-bridge.js";
import { homeTopics, parseInput, SENSOR_NAMES, type SensorName } from "./topics.js";
import { toCareSignal } from "../care/care-signal.js";
import { detectLanguage, type Lang } from "../kernel/lang.js";
import { discoveryPayload, discoveryTopic, haStatusTopic } from "./ha-discovery.js";
import { z } from "zod";
import { readJson } from "../kernel/http.js";
import type { IntentHandler } from "../kernel/intent.js";
import type { Tool } from "../kernel/capability.js";
import { GuimiError } from "../errors.js";
import { createHomeSettingsStore, homeAssistantPatchSchema } from "./home-settings.js";
import { describeApiPaths, jsonBody } from "../kernel/openapi-paths.js";
import { isAcceptance, OFFER_OPEN_MS, type OfferedAction } from "../kernel/offered-action.js";
import { mqttLogin } from "./mqtt-login.js";
import { homeBusCategory } from "./home-data-category.js";
import { connectHomeAssistantMcp, connectHomeAssistantRest, type HomeController, type HomeEntity } from "./home-controller.js";
import { homeWording, isGoodNight, nextBrightness, parseHomeRequest, resolveEntities, type HomeRequest } from "./home-intents.js";

export interface HomeDeps {
  db: Db;
  events: HomeEvents;
  config: Pick<GuimiConfig, "mqtt" | "homeAssistant" | "outbound">;
  settings: { get(): UserSettings; update(patch: unknown): UserSettings; onChange(listener: (settings: UserSettings) => void): void };
  outbound: Outbound;
  now: () => Date;
  dataDir: string;
  /** Says something first: stored, shown, spoken when speech is on. */
  deliver(message: Omit<GuimiEvents["care-message"], "messageId" | "at">): number;
  reminders: {
    create(body: { text: string; lang?: Lang }, now: Date): { confirmation: string };
    list(): { title: string; dueAt: Date; snoozedUntil?: Date | undefined }[];
  };
  mood: { current(now: Date): { label: string; valence: number } };
  /** The care engine's door for signals (phone alarm, calendar, location, activity). */
  signal(signal: CareSignal): Promise<unknown>;
  stopSpeaking(): void;
  /**
   * Paired devices (`guimi pair`): a LAN client of the embedded broker logs in with its own token as the
   * password; revoking the device ends its MQTT login at once.
   */
  devices: {
    list(): { id: string; name: string }[];
    authenticate(token: string): { id: string; name: string } | null;
    onRevoke(listener: (deviceId: string) => void): () => void;
  };
  personaName(): string;
  /** The conversation's messages before one (newest last): a "好" answers the lamp offer just before it. */
  recentMessages?: (
    conversationId: string,
    beforeId: number,
    limit: number,
  ) => { role: string; createdAt: string; meta?: Record<string, unknown> | null | undefined }[];
  /** Called when she erases or deletes anything in 我的数据. */
  onDataChange(listener: (categoryId: string) => void): void;
  /** Set by `guimi start` (flags win over config); absent: no bus (one-shot commands, tests). */
  mqtt?: { port?: number | undefined; url?: string | undefined } | false | undefined;
  log?: (message: string) => void;
}

describeApiPaths({
  "/home": {
    get: {
      summary: "The home bus and Home Assistant: device id, topics under guimi/<device-id>/, her HA settings (never the token), whether control is available",
      responses: { "200": { description: "{deviceId, topics, homeAssistant, control: {available, error}}" } },
    },
  },
  "/home/assistant": {
    put: {
      summary: "Her Home Assistant: url, long-lived token (write-only), good-night scene, her phone's next-alarm sensor; null clears a field",
      requestBody: jsonBody(homeAssistantPatchSchema),
      responses: {
        "200": { description: "{homeAssistant, control: {available}}" },
        "400": { description: "a bad field (the message names it)" },
      },
    },
  },
  "/home/assistant/check": {
    post: {
      summary: "Connects to Home Assistant now (MCP, else REST) and counts its devices and lights; reads her phone's next alarm",
      responses: {
        "200": { description: "{ok, via, devices, lights}" },
        "403": { description: "her switch for the Home Assistant connection is off" },
        "409": { description: "no Home Assistant set" },
        "503": { description: "Home Assistant did not answer, or refused the token" },
      },
    },
  },
});

/** The device id in topics: config, else one generated once and kept in the data dir. */
export function deviceId(dataDir: string, configured?: string): string {
  if (configured) return configured;
  const path = join(dataDir, "device-id");
  if (existsSync(path)) {
    const stored = readFileSync(path, "utf8").trim();
    if (/^[A-Za-z0-9_-]{1,64}$/.test(stored)) return stored;
  }
  const id = `guimi-${randomBytes(4).toString("hex")}`;
  writeFileSync(path, id + "\n", { mode: 0o600 });
  return id;
}

const isLoopbackUrl = (url: string) => {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
    return host === "localhost" || host === "::1" || host.startsWith("127.");
  } catch {
    return false;
  }
};

export const homeCapability = defineCapability<HomeDeps>({
  name: "home",
  migrations: homeMigrations,
  create(deps) {
    const log = deps.log ?? ((message: string) => console.error(message));
    const id = deviceId(deps.dataDir, deps.config.mqtt.deviceId);
    const topics = homeTopics(id);
    let bus: MqttBus | null = null;
    let bridge: HomeBridge | null = null;
    let busError: string | null = null;
    let refreshTimer: ReturnType<typeof setInterval> | null = null;

    const actions: HomeActions = {
      say(text, lang, via) {
        const reason =
          via === "notify"
            ? lang === "en"
              ? "a Home Assistant automation asked me to say this"
              : "Home Assistant 的自动化让我转告你"
            : via === "check-in"
              ? lang === "en"
                ? "you pressed check in"
                : "你按了「问候一下」"
              : lang === "en"
                ? "sent to me over the home bus"
                : "通过家里的 MQTT 发给我的";
        deps.deliver({ kind: "care", rule: via === "check-in" ? "home-check-in" : `home-${via}`, reason, text, lang });
      },
      remind(text, lang) {
        return deps.reminders.create({ text, lang }, deps.now()).confirmation;
      },
      setSwitch(name, on) {
        if (name === "dnd") deps.settings.update({ doNotDisturb: on });
        else if (name === "quiet") deps.settings.update({ speech: { enabled: !on } });
        else deps.settings.update({ sensors: { [name]: on } });
      },
      stopSpeaking: () => deps.stopSpeaking(),
      signal: (signal) => deps.signal(signal),
      snapshot(now) {
        const settings = deps.settings.get();
        const mood = deps.mood.current(now);
        const next = deps.reminders
          .list()
          .map((r) => ({ title: r.title, at: r.snoozedUntil ?? r.dueAt }))
          .filter((r) => r.at.getTime() >= now.getTime())
          .sort((a, b) => a.at.getTime() - b.at.getTime())[0];
        return {
          mood: mood.label,
          moodValence: Math.round(mood.valence * 100) / 100,
          doNotDisturb: settings.doNotDisturb,
          quietMode: !settings.speech.enabled,
          sensors: Object.fromEntries(SENSOR_NAMES.map((s) => [s, settings.sensors[s]])) as Record<SensorName, boolean>,
          nextReminder: next ? next.at.toISOString() : null,
          nextReminderTitle: next ? next.title : null,
        };
      },
    };

    async function announce(): Promise<void> {
      if (!bus) return;
      const payload = discoveryPayload({ deviceId: id, topics, name: `${deps.personaName()} Guimi`, version: VERSION });
      await bus.publish(discoveryTopic(id, deps.config.mqtt.discoveryPrefix), JSON.stringify(payload), { retain: true, qos: 1 });
    }

    async function openBus(options: { port?: number | undefined; url?: string | undefined }): Promise<MqttBus> {
      const config = deps.config.mqtt;
      const will = { topic: topics.availability, payload: "offline", retain: true, qos: 1 as const };
      const url = options.url ?? config.url;
      if (url) {
        // A broker elsewhere is an outbound connection: her switch, and a line in the ledger.
        if (!isLoopbackUrl(url)) deps.outbound.openConnection({ purpose: "mqttBroker", dataCategory: "mood, presence and care messages", url });
        return connectMqttBus({
          url,
          clientId: `guimi-${id}`,
          clean: false,
          will,
          ...(config.username ? { username: config.username } : {}),
          ...(config.passwordEnv && process.env[config.passwordEnv] ? { password: process.env[config.passwordEnv] } : {}),
          onError: (error) => log(`mqtt: ${error.message}`),
        });
      }
      const created = await createEmbeddedMqttBus({
        db: deps.db,
        host: config.lan ? "0.0.0.0" : "127.0.0.1",
        port: options.port ?? config.port,
        identify: (username, password) => mqttLogin(deps.devices, username, password),
        clientId: `guimi-${id}`,
        clean: false,
        will,
        onError: (error) => log(`mqtt: ${error.message}`),
      });
      embedded = created.broker;
      return created;
    }

    deps.settings.onChange(() => void bridge?.refresh());
    // Her words (and what Guimi said) erased: the last care message in the retained state goes too.
    deps.onDataChange((category) => {
      if (category === "conversations" || category === "care" || category === "home-bus") bridge?.forget();
    });
    let embedded: { eraseQueued(): number; disconnectDevice(deviceId: string): number } | null = null;
    // A revoked device's MQTT sessions end now; its token no longer logs in (identify asks the registry each time).
    const stopRevokeWatch = deps.devices.onRevoke((deviceId) => {
      const ended = embedded?.disconnectDevice(deviceId) ?? 0;
      if (ended > 0) log(`mqtt: ${ended} session(s) of revoked device ${deviceId} closed`);
    });

    // ── Controlling her home through Home Assistant ──
    const haSettings = createHomeSettingsStore(deps.db, deps.now, {
      url: deps.config.homeAssistant.url,
      token: deps.config.homeAssistant.tokenEnv ? process.env[deps.config.homeAssistant.tokenEnv] : undefined,
    });
    let controller: Promise<HomeController> | null = null;
    let controlError: string | null = null;
    let controlKind: HomeController["kind"] | null = null;
    const gatedFetch = (url: string | URL, init?: RequestInit) =>
      deps.outbound.fetch({ purpose: "homeAssistant", dataCategory: "home control (device names and states)", url: String(url), ...(init ? { init } : {}) });

    /** True when she set up Home Assistant and allowed the connection: only then are home actions offered. */
    function available(): boolean {
      const ha = haSettings.get();
      const permissions = { ...deps.config.outbound, ...deps.settings.get().outbound } as { homeAssistant?: boolean };
      return ha.url !== null && ha.token !== null && permissions.homeAssistant === true;
    }

    function connectController(): Promise<HomeController> {
      if (!controller) {
        const { url, token } = haSettings.get();
        if (!url || !token) throw new GuimiError("Home Assistant is not set up (PUT /api/v1/home/assistant) / 还没有连接 Home Assistant", "unavailable");
        const options = { url, token, fetch: gatedFetch };
        // Its MCP server first (the Assist tools know areas and aliases); the REST API when it has none.
        controller = connectHomeAssistantMcp(options)
          .catch((mcpError: unknown) =>
            connectHomeAssistantRest(options).catch((restError: unknown) => {
              throw new Error(`MCP: ${(mcpError as Error).message}; REST: ${(restError as Error).message}`);
            }),
          )
          .then(
            (connected) => {
              controlError = null;
              controlKind = connected.kind;
              return connected;
            },
            (error: unknown) => {
              controller = null;
              controlKind = null;
              controlError = (error as Error).message;
              throw error;
            },
          );
      }
      return controller;
    }

    async function resetController(): Promise<void> {
      const previous = controller;
      controller = null;
      await previous?.then((c) => c.close()).catch(() => undefined);
    }

    async function act(request: HomeRequest): Promise<{ text: string; entities: HomeEntity[] }> {
      const home = await connectController();
      const resolution = resolveEntities(await home.entities(), request);
      if (resolution.kind === "none") return { text: homeWording.none(request), entities: [] };
      if (resolution.kind === "ambiguous") return { text: homeWording.ambiguous(request, resolution.entities), entities: [] };
      for (const entity of resolution.entities) {
        if (request.action === "on") await home.turnOn(entity);
        else if (request.action === "off") await home.turnOff(entity);
        else if (request.action === "pause") await home.pause(entity);
        else if (request.action === "resume") await home.resume(entity);
        else if (request.action === "temperature") await home.setTemperature(entity, request.temperature!);
        else await home.setBrightness(entity, nextBrightness(request.action, entity.brightness));
      }
      return { text: homeWording.done(request, resolution.entities.length), entities: resolution.entities };
    }

    const homeIntent: IntentHandler = async (turn) => {
      if (isGoodNight(turn.text)) {
        const scene = haSettings.get().goodNightScene;
        if (!scene || !available()) return null;
        try {
          const home = await connectController();
          const entities = await home.entities();
          const found = entities.find((e) => e.domain === "scene" && (e.entityId === scene || e.aliases.some((a) => a.toLowerCase() === scene.toLowerCase())));
          await home.turnOn(found ?? { name: scene, aliases: [scene], domain: "scene", areas: [], state: null, brightness: null });
          return { text: homeWording.goodNight(turn.lang, found?.name ?? scene), source: "home", meta: { scene: found?.name ?? scene } };
        } catch (error) {
          log(`home: ${(error as Error).message}`);
          return { text: homeWording.failed(turn.lang), source: "home", meta: { error: (error as Error).message } };
        }
      }
      const request = parseHomeRequest(turn.text, turn.lang);
      if (!request) return null;
      if (!available()) {
        // Lights and the air conditioning are surely for her home; "暂停" or "open X" may be ordinary talk.
        if (request.domain !== "light" && request.domain !== "climate") return null;
        const text =
          request.lang === "zh"
            ? `我还不能控制家里的${request.domain === "light" ? "灯" : request.domain === "climate" ? "空调" : "音乐"}：在设置里连上 Home Assistant 就可以啦`
            : `I can't control the ${request.domain === "light" ? "lights" : request.domain === "climate" ? "thermostat" : "music"} yet — connect Home Assistant in settings and I can.`;
        return { text, source: "home", meta: { available: false } };
      }
      try {
        const result = await act(request);
        if (request.domain === null && result.entities.length === 0) return null; // "打开窗户" is not a device she has
        return { text: result.text, source: "home", meta: { action: request.action, entities: result.entities.map((e) => e.name) } };
      } catch (error) {
        log(`home: ${(error as Error).message}`);
        await resetController(); // the next request connects afresh (HA restarted, session gone)
        return { text: homeWording.failed(request.lang), source: "home", meta: { error: (error as Error).message } };
      }
    };
    // "好" right after Guimi offered to dim or switch off the lamp: done as the words the fast path understands.
    const lampOfferAccepted: IntentHandler = async (turn) => {
      if (!deps.recentMessages || !isAcceptance(turn.text)) return null;
      const previous = deps.recentMessages(turn.conversationId, turn.userMessageId, 1).at(-1);
      const offer = previous?.role === "care" ? (previous.meta?.offer as Partial<OfferedAction> | undefined) : undefined;
      if (offer?.kind !== "lamp" || !previous || turn.now.getTime() - Date.parse(previous.createdAt) > OFFER_OPEN_MS) return null;
      const words = offer.action === "off" ? (turn.lang === "en" ? "turn off the light" : "把灯关了") : turn.lang === "en" ? "dim the lights" : "灯调暗一点";
      return homeIntent({ ...turn, text: words });
    };

    // Her phone through the HA companion app, and whether there is a light at all (for care offers).
    let lastAlarm: string | null = null;
    let lights: number | null = null;
    let watchTimer: ReturnType<typeof setInterval> | null = null;
    async function watchHome(): Promise<void> {
      if (!available()) return;
      try {
        const home = await connectController();
        lights = (await home.entities()).filter((e) => e.domain === "light").length;
        const sensor = haSettings.get().nextAlarmSensor;
        if (!sensor) return;
        const state = await home.readState(sensor);
        if (state === null || state === lastAlarm) return;
        lastAlarm = state;
        const parsed = parseInput("phone/alarm", Buffer.from(state));
        if (!parsed.ok) return log(`home: ${sensor}: ${parsed.error}`);
        if (parsed.value?.kind === "signal") await deps.signal(toCareSignal(parsed.value.body, deps.now(), (text) => detectLanguage(text)));
      } catch (error) {
        log(`home: ${(error as Error).message}`);
        await resetController();
      }
    }

    const nameInput = z.object({ name: z.string().min(1).max(200).describe("the device's name or area in Home Assistant, e.g. 'bedroom light'") }).strict();
    // Not set, or her switch is off: her choice, so a 4xx that says what to do (503 is for an HA that fails).
    const requireHome = () => {
      if (available()) return;
      const ha = haSettings.get();
      if (ha.url === null || ha.token === null)
        throw new GuimiError("Home Assistant is not set: PUT /api/v1/home/assistant {url, token} / 还没有设置 Home Assistant", "conflict");
      throw new GuimiError("the Home Assistant connection is turned off (settings → outbound.homeAssistant) / Home Assistant 连接已关闭", "refused");
    };
    const byName = async (name: string) => {
      const home = await connectController();
      const resolution = resolveEntities(await home.entities(), { domain: null, target: name, action: "on" });
      if (resolution.kind !== "ok") throw new GuimiError(`no single device called "${name}"`, "not-found");
      return { home, entities: resolution.entities };
    };
    const tools: Tool[] = [
      {
        name: "home_list_devices",
        description: "List the devices and scenes in her Home Assistant that Guimi may control (name, kind, area, state).",
        input: z.object({}).strict(),
        async run() {
          requireHome();
          const entities = await (await connectController()).entities();
          return entities.map((e) => ({ name: e.name, domain: e.domain, areas: e.areas, state: e.state }));
        },
      },
      {
        name: "home_turn_on",
        description: "Turn on a light, switch, media player or climate device, or activate a scene, by its name or area.",
        input: nameInput,
        async run(input) {
          requireHome();
          const { home, entities } = await byName((input as z.infer<typeof nameInput>).name);
          for (const e of entities) await home.turnOn(e);
          return { turnedOn: entities.map((e) => e.name) };
        },
      },
      {
        name: "home_turn_off",
        description: "Turn off a light, switch, media player or climate device by its name or area.",
        input: nameInput,
        async run(input) {
          requireHome();
          const { home, entities } = await byName((input as z.infer<typeof nameInput>).name);
          for (const e of entities) await home.turnOff(e);
          return { turnedOff: entities.map((e) => e.name) };
        },
      },
      {
        name: "home_set_brightness",
        description: "Set a light's brightness in percent (1–100).",
        input: nameInput.extend({ percent: z.number().int().min(1).max(100) }),
        async run(input) {
          requireHome();
          const { name, percent } = input as { name: string; percent: number };
          const { home, entities } = await byName(name);
          for (const e of entities) await home.setBrightness(e, percent);
          return { set: entities.map((e) => e.name), percent };
        },
      },
    ];

    return {
      name: "home",
      intents: [lampOfferAccepted, homeIntent],
      tools,
      dataCategories: [
        homeBusCategory(deps.db, { eraseQueued: () => embedded?.eraseQueued() ?? null, stateTopic: topics.state, forget: () => bridge?.forget() }),
      ],
      routes(api) {
        api.get("/home", (c) =>
          c.json({ deviceId: id, topics: topics.base, homeAssistant: haSettings.view(), control: { available: available(), error: controlError } }),
        );
        api.put("/home/assistant", async (c) => {
          haSettings.update(await readJson(c, homeAssistantPatchSchema));
          await resetController();
          return c.json({ homeAssistant: haSettings.view(), control: { available: available() } });
        });
        api.post("/home/assistant/check", async (c) => {
          requireHome();
          await resetController();
          try {
            const home = await connectController();
            const entities = await home.entities();
            await watchHome();
            return c.json({ ok: true, via: home.kind, devices: entities.length, lights: entities.filter((e) => e.domain === "light").length });
          } catch (error) {
            throw new GuimiError(`could not reach Home Assistant: ${(error as Error).message}`, "unavailable");
          }
        });
      },
      status: () => ({
        mqtt: bus
          ? {
              state: bus.connected() ? "connected" : "connecting",
              broker: bus.kind,
              url: bus.url,
              deviceId: id,
              topics: `${topics.base}/…`,
              ...bridge?.stats(),
            }
          : { state: busError ? "error" : "off", deviceId: id, ...(busError ? { error: busError } : { reason: "starts with the daemon (guimi start)" }) },
        // `lights`: how many lights HA lets Guimi control (null until asked) — an offer to dim the lamp needs one.
        control: { available: available(), via: controlKind, lights: available() ? lights : null, ...(controlError ? { error: controlError } : {}) },
      }),
      async start() {
        void watchHome();
        watchTimer = setInterval(() => void watchHome(), 10 * 60_000);
        watchTimer.unref();
        if (deps.mqtt === false || deps.mqtt === undefined || !deps.config.mqtt.enabled) return;
        try {
          bus = await openBus(deps.mqtt);
        } catch (error) {
          busError = (error as Error).message;
          log(`mqtt: not started: ${busError}`);
          return;
        }
        bridge = createHomeBridge({ bus, topics, events: deps.events, actions, now: deps.now, lang: () => deps.settings.get().lang, log, announce });
        await bridge.start();
        // Home Assistant restarted: it forgets discovered devices it did not keep, so announce again.
        await bus.subscribe(haStatusTopic(deps.config.mqtt.discoveryPrefix), (_topic, payload) => {
          if (payload.toString().trim() === "online") void announce().catch((error: unknown) => log(`mqtt: ${(error as Error).message}`));
        });
        refreshTimer = setInterval(() => void bridge?.refresh(), 60_000);
        refreshTimer.unref();
      },
      async stop() {
        if (watchTimer) clearInterval(watchTimer);
        watchTimer = null;
        await resetController();
        if (refreshTimer) clearInterval(refreshTimer);
        refreshTimer = null;
        await bridge?.stop();
        await bus?.close();
        bridge = null;
        bus = null;
        embedded = null;
      },
      close() {
        stopRevokeWatch();
      },
    };
  },
});
