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
import type { GuimiEvents } from "../app/event-bus.js";
import { VERSION } from "../version.js";
import { homeMigrations } from "./home-migrations.js";
import { connectMqttBus, createEmbeddedMqttBus, type MqttBus } from "./mqtt-bus.js";
import { createHomeBridge, type HomeActions, type HomeBridge, type HomeEvents } from "./home-bridge.js";
import { homeTopics, SENSOR_NAMES, type SensorName } from "./topics.js";
import { discoveryPayload, discoveryTopic, haStatusTopic } from "./ha-discovery.js";

export interface HomeDeps {
  db: Db;
  events: HomeEvents;
  config: Pick<GuimiConfig, "mqtt" | "homeAssistant">;
  settings: { get(): UserSettings; update(patch: unknown): UserSettings; onChange(listener: (settings: UserSettings) => void): void };
  outbound: Outbound;
  now: () => Date;
  dataDir: string;
  /** Says something first: stored, shown, spoken when speech is on. */
  deliver(message: Omit<GuimiEvents["care-message"], "messageId" | "at">): number;
  reminders: {
    create(body: { text: string; lang?: "zh" | "en" }, now: Date): { confirmation: string };
    list(): { title: string; dueAt: Date; snoozedUntil?: Date | undefined }[];
  };
  mood: { current(now: Date): { label: string; valence: number } };
  /** The care engine's door for signals (phone alarm, calendar, location, activity). */
  signal(signal: CareSignal): Promise<unknown>;
  stopSpeaking(): void;
  /** LAN clients of the embedded broker log in as "guimi" with the pairing token. */
  pairingToken(): string;
  personaName(): string;
  /** Set by `guimi start` (flags win over config); absent: no bus (one-shot commands, tests). */
  mqtt?: { port?: number | undefined; url?: string | undefined } | false | undefined;
  log?: (message: string) => void;
}

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
            ? lang === "en" ? "a Home Assistant automation asked me to say this" : "Home Assistant 的自动化让我转告你"
            : via === "check-in"
              ? lang === "en" ? "you pressed check in" : "你按了「问候一下」"
              : lang === "en" ? "sent to me over the home bus" : "通过家里的 MQTT 发给我的";
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
      return createEmbeddedMqttBus({
        db: deps.db,
        host: config.lan ? "0.0.0.0" : "127.0.0.1",
        port: options.port ?? config.port,
        checkCredentials: (username, password) => username === "guimi" && password === deps.pairingToken(),
        clientId: `guimi-${id}`,
        clean: false,
        will,
        onError: (error) => log(`mqtt: ${error.message}`),
      });
    }

    deps.settings.onChange(() => void bridge?.refresh());

    return {
      name: "home",
      status: () => ({
        mqtt: bus
          ? { state: bus.connected() ? "connected" : "connecting", broker: bus.kind, url: bus.url, deviceId: id, topics: `${topics.base}/…`, ...bridge?.stats() }
          : { state: busError ? "error" : "off", deviceId: id, ...(busError ? { error: busError } : { reason: "starts with the daemon (guimi start)" }) },
      }),
      async start() {
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
        if (refreshTimer) clearInterval(refreshTimer);
        refreshTimer = null;
        await bridge?.stop();
        await bus?.close();
        bridge = null;
        bus = null;
      },
    };
  },
});
