// The bridge on an in-memory bus: a retained command (handed over again on every subscribe) is not
// run, while the same command sent live is.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EventBus } from "../kernel/event-bus.js";
import { createHomeBridge, type HomeActions } from "./home-bridge.js";
import type { MqttBus, MqttHandler } from "./mqtt-bus.js";
import { homeTopics } from "./topics.js";

test("a retained command is dropped; the same command sent live is run", async () => {
  const handlers: { filter: string; handler: MqttHandler }[] = [];
  const published: string[] = [];
  const bus: MqttBus = {
    kind: "embedded",
    url: "mqtt://memory",
    publish: async (topic, payload) => void published.push(`${topic} ${payload.toString()}`),
    subscribe: async (filter, handler) => void handlers.push({ filter, handler }),
    onConnect: () => undefined,
    connected: () => true,
    close: async () => undefined,
  };
  const said: string[] = [];
  const actions: HomeActions = {
    say: (text) => void said.push(text),
    remind: () => "",
    setSwitch: () => undefined,
    stopSpeaking: () => undefined,
    signal: async () => undefined,
    snapshot: () => ({
      mood: "neutral",
      moodValence: 0,
      doNotDisturb: false,
      quietMode: true,
      sensors: { microphone: false, camera: false, touch: false },
      nextReminder: null,
      nextReminderTitle: null,
    }),
  };
  const topics = homeTopics("t");
  const logs: string[] = [];
  const bridge = createHomeBridge({ bus, topics, events: new EventBus(), actions, now: () => new Date(), lang: () => "zh", log: (m) => void logs.push(m) });
  await bridge.start();
  const commands = handlers.find((h) => h.filter === topics.commands)!;
  commands.handler(topics.command("say"), Buffer.from("stale hello"), true);
  commands.handler(topics.command("say"), Buffer.from("fresh hello"), false);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(said, ["fresh hello"]);
  assert.equal(bridge.stats().dropped, 1);
  assert.match(logs[0]!, /retained commands are ignored/);
  assert.ok(published.some((p) => p.startsWith("guimi/t/state ")));
});
