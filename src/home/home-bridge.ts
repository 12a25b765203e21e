// The bridge between Guimi and the MQTT bus: what happens inside (care messages, replies, mood) goes
// out as retained state and events; commands and inputs from outside come in, validated, and reach
// the app through a few narrow actions. A bad payload is logged and dropped; nothing here throws.
import type { GuimiEvents } from "../kernel/event-bus.js";
import type { CareSignal } from "../care/care-signal.js";
import { isPresence, toCareSignal } from "../care/care-signal.js";
import { detectLanguage, type Lang } from "../kernel/lang.js";
import type { MqttBus } from "./mqtt-bus.js";
import { parseCommand, parseInput, type GuimiState, type HomeCommand, type HomeTopics, type SensorName } from "./topics.js";

/** How long a sign of her (a message, a touch, arriving home) counts as "she is here". */
export const PRESENCE_MS = 10 * 60_000;
const STATE_TEXT_MAX = 255;

export interface HomeEvents {
  on<K extends keyof GuimiEvents>(name: K, listener: (payload: GuimiEvents[K]) => void): () => void;
}

/** What the bridge may do to Guimi; each one is a thing she could also do on the device. */
export interface HomeActions {
  /** Shown and stored as a proactive message; spoken when speech is on. */
  say(text: string, lang: Lang, via: "say" | "notify" | "check-in"): void;
  /** Her sentence ("明天八点提醒我开会"); returns the confirmation. */
  remind(text: string, lang: Lang): string;
  setSwitch(name: "dnd" | "quiet" | SensorName, on: boolean): void;
  stopSpeaking(): void;
  /** A care signal (phone alarm, calendar, location, activity). */
  signal(signal: CareSignal): Promise<unknown>;
  /** The parts of the state Guimi's own modules know. */
  snapshot(now: Date): Omit<GuimiState, "present" | "speaking" | "lastCareMessage" | "lastCareAt">;
}

export interface HomeBridgeDeps {
  bus: MqttBus;
  topics: HomeTopics;
  events: HomeEvents;
  actions: HomeActions;
  now: () => Date;
  lang: () => Lang;
  log: (message: string) => void;
  /** Extra retained announcements on connect and when asked (Home Assistant discovery). */
  announce?: () => Promise<void>;
}

export interface HomeBridge {
  start(): Promise<void>;
  /** Publishes the state again if it changed (settings, reminders, presence running out). */
  refresh(): Promise<void>;
  /** Says goodbye (availability offline) and stops listening. */
  stop(): Promise<void>;
  state(): GuimiState;
  /** She erased data: what the state repeats of it goes, and the state is published again. */
  forget(): void;
  /** Counts of what came in, for status and tests. */
  stats(): { commands: number; inputs: number; dropped: number; lastError: string | null };
}

const checkInText = { zh: "我来看看你～今天过得怎么样？", en: "Just checking in — how is your day going?" };

export function createHomeBridge(deps: HomeBridgeDeps): HomeBridge {
  const { bus, topics, actions } = deps;
  let presentUntil = 0;
  let speaking = false;
  let lastCare: { text: string; at: string } | null = null;
  let lastPublished = "";
  const offs: (() => void)[] = [];
  const stats = { commands: 0, inputs: 0, dropped: 0, lastError: null as string | null };

  const drop = (topic: string, error: string) => {
    stats.dropped++;
    stats.lastError = `${topic}: ${error}`;
    deps.log(`mqtt: dropped ${topic}: ${error}`);
  };

  function state(): GuimiState {
    const now = deps.now();
    return {
      ...actions.snapshot(now),
      present: now.getTime() < presentUntil,
      speaking,
      lastCareMessage: lastCare ? lastCare.text.slice(0, STATE_TEXT_MAX) : null,
      lastCareAt: lastCare?.at ?? null,
    };
  }

  async function publishState(force = false): Promise<void> {
    const json = JSON.stringify(state());
    if (!force && json === lastPublished) return;
    lastPublished = json;
    await bus.publish(topics.state, json, { retain: true, qos: 1 });
  }

  const quietly = (work: Promise<unknown>) => void work.catch((error: unknown) => deps.log(`mqtt: ${(error as Error).message}`));

  function sawHer(at: Date): void {
    presentUntil = Math.max(presentUntil, at.getTime() + PRESENCE_MS);
  }

  function runCommand(command: HomeCommand): void {
    switch (command.kind) {
      case "say":
        actions.say(command.text, command.lang ?? detectLanguage(command.text, deps.lang()), command.via);
        break;
      case "remind":
        actions.remind(command.text, command.lang ?? detectLanguage(command.text, deps.lang()));
        break;
      case "dnd":
      case "quiet":
        actions.setSwitch(command.kind, command.on);
        break;
      case "sensor":
        actions.setSwitch(command.sensor, command.on);
        break;
      case "check-in":
        actions.say(checkInText[deps.lang()], deps.lang(), "check-in");
        break;
      case "stop-speaking":
        actions.stopSpeaking();
        break;
    }
  }

  async function onCommand(topic: string, payload: Buffer): Promise<void> {
    const name = topic.slice(topics.command("").length);
    const parsed = parseCommand(name, payload);
    if (!parsed.ok) return drop(topic, parsed.error);
    try {
      runCommand(parsed.value);
      stats.commands++;
    } catch (error) {
      // A refused action (a reminder sentence she cannot mean) is her input being wrong, not a crash.
      return drop(topic, (error as Error).message);
    }
    await publishState();
  }

  async function onInput(topic: string, payload: Buffer): Promise<void> {
    const name = topic.slice(topics.input("").length);
    const parsed = parseInput(name, payload);
    if (!parsed.ok) return drop(topic, parsed.error);
    if (!parsed.value) return;
    stats.inputs++;
    if (parsed.value.kind === "focus") {
      actions.setSwitch("dnd", parsed.value.on);
      return publishState();
    }
    const body = parsed.value.body;
    const now = deps.now();
    const at = body.at ? new Date(body.at) : now;
    const signal = toCareSignal(body, at, (text) => detectLanguage(text, deps.lang()));
    if (signal.type === "location" && signal.event === "left" && /home|家/i.test(signal.place)) presentUntil = 0;
    else if (isPresence(signal)) sawHer(at);
    await actions.signal(signal);
    await publishState();
  }

  return {
    async start() {
      offs.push(
        deps.events.on("care-message", (message) => {
          lastCare = { text: message.text, at: message.at };
          const event = {
            messageId: message.messageId,
            kind: message.kind,
            rule: message.rule,
            reason: message.reason,
            text: message.text,
            lang: message.lang,
            at: message.at,
          };
          quietly(bus.publish(topics.event("care-message"), JSON.stringify(event), { qos: 1 }));
          if (message.kind === "reminder")
            quietly(bus.publish(topics.event("reminder-due"), JSON.stringify({ ...event, reminderId: message.reminderId ?? null }), { qos: 1 }));
          quietly(publishState());
        }),
        deps.events.on("reply-end", (reply) => {
          if (reply.finish === "cancelled") return;
          quietly(
            bus.publish(
              topics.event("reply"),
              JSON.stringify({
                conversationId: reply.conversationId,
                text: reply.text,
                source: reply.source,
                finish: reply.finish,
                expression: reply.expression ?? null,
              }),
              { qos: 1 },
            ),
          );
        }),
        deps.events.on("message-created", (message) => {
          if (message.role !== "user") return;
          sawHer(new Date(message.at));
          quietly(publishState());
        }),
        deps.events.on("mood-changed", () => quietly(publishState())),
        deps.events.on("speech", (speech) => {
          speaking = speech.speaking;
          quietly(publishState());
        }),
      );
      await bus.subscribe(topics.commands, (topic, payload, retained) => {
        // A retained command would run again on every restart ("say" twice): commands are one-off.
        if (retained) return drop(topic, "retained commands are ignored (publish commands without retain)");
        quietly(onCommand(topic, payload));
      });
      await bus.subscribe(topics.inputs, (topic, payload) => quietly(onInput(topic, payload)));
      // Every (re)connect: availability, the whole state, and the announcements, all retained.
      bus.onConnect(() => {
        quietly(
          (async () => {
            await bus.publish(topics.availability, "online", { retain: true, qos: 1 });
            await publishState(true);
            await deps.announce?.();
          })(),
        );
      });
    },
    refresh: () => publishState().catch((error: unknown) => deps.log(`mqtt: ${(error as Error).message}`)),
    async stop() {
      for (const off of offs.splice(0)) off();
      if (bus.connected()) await bus.publish(topics.availability, "offline", { retain: true, qos: 1 }).catch(() => undefined);
    },
    state,
    forget() {
      lastCare = null;
      quietly(publishState());
    },
    stats: () => ({ ...stats }),
  };
}
