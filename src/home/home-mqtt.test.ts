// Integration: a real Guimi (SQLite file, embedded broker on a free port) and a subscriber that reads
// discovery the way Home Assistant does: it finds the device, renders state through each entity's
// value_template, and presses buttons, flips switches and sends notify messages on their command topics.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { connect, type MqttClient } from "mqtt";
import { createGuimiApp, type GuimiApp } from "../app/guimi-app.js";
import { makeTempDir } from "../testing/paths.js";

const temp = makeTempDir("guimi-home-");
let app: GuimiApp;
let ha: MqttClient;
const inbox: { topic: string; payload: string }[] = [];

interface Discovery {
  dev: { ids: string[]; name: string };
  o: { name: string };
  availability_topic: string;
  cmps: Record<
    string,
    { p: string; unique_id: string; name: string; state_topic?: string; command_topic?: string; value_template?: string; payload_press?: string }
  >;
}

function homeStatus(): { state: string; url?: string; deviceId: string; dropped?: number; commands?: number; inputs?: number } {
  return (app.capabilities.find((c) => c.name === "home")!.status!() as { mqtt: never }).mqtt;
}

async function until<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 4000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const latest = (topic: string) => inbox.findLast((m) => m.topic === topic)?.payload;

/** The two template shapes Guimi uses, rendered as Home Assistant would. */
function render(template: string, json: Record<string, unknown>): string {
  const path = (p: string) => p.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | null)?.[k], json);
  const onOff = /^\{\{ 'ON' if value_json\.([\w.]+) else 'OFF' \}\}$/.exec(template);
  if (onOff) return path(onOff[1]!) ? "ON" : "OFF";
  const plain = /^\{\{ value_json\.([\w.]+) \}\}$/.exec(template);
  if (plain) {
    const value = path(plain[1]!);
    return value === null || value === undefined ? "None" : String(value);
  }
  throw new Error(`template Home Assistant would need to evaluate differently: ${template}`);
}

function discovery(): Discovery {
  const config = inbox.findLast((m) => /^homeassistant\/device\/[^/]+\/config$/.test(m.topic));
  assert.ok(config, "a discovery message");
  return JSON.parse(config.payload) as Discovery;
}

function entityState(key: string): string {
  const cmp = discovery().cmps[key]!;
  const state = latest(cmp.state_topic!);
  assert.ok(state, `state for ${key}`);
  return render(cmp.value_template!, JSON.parse(state) as Record<string, unknown>);
}

before(async () => {
  app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true, mqtt: { port: 0 } });
  app.startBackground();
  const status = await until("the bus", () => (homeStatus().state === "connected" ? homeStatus() : null));
  ha = connect(status.url!, { clientId: "homeassistant-test", reconnectPeriod: 0 });
  ha.on("message", (topic, payload) => inbox.push({ topic, payload: payload.toString() }));
  await new Promise<void>((resolve) => ha.once("connect", () => resolve()));
  await ha.subscribeAsync(["homeassistant/device/+/config", "guimi/#"], { qos: 1 });
});

after(async () => {
  await ha.endAsync(true);
  await app.close();
  temp.cleanup();
});

test("Home Assistant finds Guimi through device discovery, with every entity it offers", async () => {
  const config = await until("discovery", () => inbox.find((m) => m.topic.startsWith("homeassistant/device/")));
  const id = homeStatus().deviceId;
  assert.equal(config.topic, `homeassistant/device/${id}/config`);
  const d = discovery();
  assert.deepEqual(d.dev.ids, [`guimi_${id}`]);
  assert.equal(d.o.name, "guimi");
  assert.equal(d.availability_topic, `guimi/${id}/availability`);
  const platforms = Object.values(d.cmps)
    .map((c) => c.p)
    .sort();
  assert.deepEqual([...new Set(platforms)], ["binary_sensor", "button", "notify", "sensor", "switch", "text"]);
  for (const key of [
    "mood",
    "mood_valence",
    "last_care_message",
    "next_reminder",
    "present",
    "speaking",
    "notify",
    "say",
    "check_in",
    "stop_speaking",
    "dnd",
    "quiet_mode",
    "sensor_microphone",
    "sensor_camera",
    "sensor_touch",
  ]) {
    assert.ok(d.cmps[key], `component ${key}`);
  }
  const uniqueIds = Object.values(d.cmps).map((c) => c.unique_id);
  assert.equal(new Set(uniqueIds).size, uniqueIds.length, "unique ids are unique");
  for (const c of Object.values(d.cmps)) {
    for (const topic of [c.state_topic, c.command_topic]) if (topic) assert.ok(topic.startsWith(`guimi/${id}/`), topic);
  }
  assert.equal(await until("availability", () => latest(`guimi/${id}/availability`)), "online");
  assert.equal(entityState("dnd"), "OFF");
  assert.equal(entityState("sensor_camera"), "OFF", "sensors start off");
  assert.equal(entityState("next_reminder"), "None");
  assert.match(entityState("mood"), /^\w+$/);
});

test("a notify message from an automation is said as it is: stored as a proactive message and sent out as an event", async () => {
  const d = discovery();
  await ha.publishAsync(d.cmps.notify!.command_topic!, "晚饭做好啦，下楼吃饭", { qos: 1 });
  const event = await until("care-message event", () => inbox.find((m) => m.topic.endsWith("/event/care-message")));
  const body = JSON.parse(event.payload) as { text: string; rule: string; kind: string };
  assert.equal(body.text, "晚饭做好啦，下楼吃饭");
  assert.equal(body.rule, "home-notify");
  const stored = app.store.list("default", { limit: 10 }).find((m) => m.text === "晚饭做好啦，下楼吃饭");
  assert.equal(stored?.role, "care");
  await until("last care message in state", () => entityState("last_care_message") === "晚饭做好啦，下楼吃饭");
  // The text entity (say this) takes JSON as well, with a language.
  await ha.publishAsync(d.cmps.say!.command_topic!, JSON.stringify({ text: "Time to stretch!", lang: "en" }), { qos: 1 });
  await until("the said text", () => app.store.list("default", { limit: 10 }).some((m) => m.text === "Time to stretch!"));
});

test("switches change her settings and the state follows; buttons work", async () => {
  const d = discovery();
  await ha.publishAsync(d.cmps.dnd!.command_topic!, "ON", { qos: 1 });
  await until("dnd on", () => app.settings.get().doNotDisturb);
  await until("dnd state ON", () => entityState("dnd") === "ON");
  await ha.publishAsync(d.cmps.sensor_microphone!.command_topic!, "ON", { qos: 1 });
  await until("microphone on", () => app.settings.get().sensors.microphone);
  await ha.publishAsync(d.cmps.sensor_microphone!.command_topic!, "OFF", { qos: 1 });
  await until("microphone off", () => !app.settings.get().sensors.microphone);
  await ha.publishAsync(d.cmps.quiet_mode!.command_topic!, "OFF", { qos: 1 });
  await until("speech on", () => app.settings.get().speech.enabled);
  await ha.publishAsync(d.cmps.quiet_mode!.command_topic!, "ON", { qos: 1 });
  await until("speech off", () => !app.settings.get().speech.enabled);
  // A change made on the device itself reaches Home Assistant too.
  app.settings.update({ doNotDisturb: false });
  await until("dnd state OFF", () => entityState("dnd") === "OFF");
  await ha.publishAsync(d.cmps.check_in!.command_topic!, d.cmps.check_in!.payload_press!, { qos: 1 });
  await until("a check-in message", () =>
    inbox.some((m) => m.topic.endsWith("/event/care-message") && (JSON.parse(m.payload) as { rule: string }).rule === "home-check-in"),
  );
  await ha.publishAsync(d.cmps.stop_speaking!.command_topic!, "PRESS", { qos: 1 });
  await until("the command counted", () => (homeStatus().commands ?? 0) >= 9);
});

test("a reminder over MQTT is set and shows up as the next reminder", async () => {
  const id = homeStatus().deviceId;
  await ha.publishAsync(`guimi/${id}/command/remind`, "明天早上八点提醒我带伞", { qos: 1 });
  await until("reminder", () => app.reminders.list().some((r) => r.title.includes("带伞")));
  await until("next reminder state", () => entityState("next_reminder") !== "None");
});

test("phone inputs reach the care engine; arriving home makes her present", async () => {
  const id = homeStatus().deviceId;
  const count = (type: string) => (app.db.prepare("SELECT COUNT(*) AS n FROM care_signals WHERE type = ?").get(type) as { n: number }).n;
  await ha.publishAsync(`guimi/${id}/input/phone/alarm`, "2030-03-03T06:30:00+08:00", { qos: 1 });
  await until("alarm signal", () => count("phone.alarm_set") === 1);
  await ha.publishAsync(`guimi/${id}/input/signal`, JSON.stringify({ type: "phone.calendar", title: "面试", start: "2030-03-04T10:00:00+08:00" }), { qos: 1 });
  await until("calendar signal", () => count("phone.calendar") === 1);
  await ha.publishAsync(`guimi/${id}/input/location`, "home", { qos: 1 });
  await until("location signal", () => count("location") === 1);
  await until("present", () => entityState("present") === "ON");
  await ha.publishAsync(`guimi/${id}/input/location`, "not_home", { qos: 1 });
  await until("left home", () => entityState("present") === "OFF");
  await ha.publishAsync(`guimi/${id}/input/phone/focus`, "ON", { qos: 1 });
  await until("focus mirrors do-not-disturb", () => app.settings.get().doNotDisturb);
  // HA's "unavailable" is no value, not an error.
  const dropped = homeStatus().dropped ?? 0;
  await ha.publishAsync(`guimi/${id}/input/phone/alarm`, "unavailable", { qos: 1 });
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(homeStatus().dropped, dropped);
  assert.equal(count("phone.alarm_set"), 1);
});

test("bad payloads are logged and dropped; Guimi keeps going", async () => {
  const id = homeStatus().deviceId;
  const before = homeStatus().dropped ?? 0;
  await ha.publishAsync(`guimi/${id}/command/dnd`, "maybe", { qos: 1 });
  await ha.publishAsync(`guimi/${id}/command/say`, "", { qos: 1 });
  await ha.publishAsync(`guimi/${id}/command/sensor/nose`, "ON", { qos: 1 });
  await ha.publishAsync(`guimi/${id}/command/explode`, "now", { qos: 1 });
  await ha.publishAsync(`guimi/${id}/input/phone/alarm`, "{not json", { qos: 1 });
  await ha.publishAsync(`guimi/${id}/input/signal`, JSON.stringify({ type: "phone.alarm_set", time: "25:99" }), { qos: 1 });
  await ha.publishAsync(`guimi/${id}/input/activity`, Buffer.alloc(20_000, 0x61), { qos: 1 });
  await ha.publishAsync(`guimi/${id}/command/remind`, "提醒我", { qos: 1 });
  await until("8 drops", () => (homeStatus().dropped ?? 0) - before === 8);
  // Still alive and answering.
  await ha.publishAsync(`guimi/${id}/command/say`, "还在呢", { qos: 1 });
  await until("still says things", () => app.store.list("default", { limit: 20 }).some((m) => m.text === "还在呢"));
});

test("when Home Assistant comes back online, Guimi announces itself again", async () => {
  const before = inbox.filter((m) => m.topic.startsWith("homeassistant/device/")).length;
  await ha.publishAsync("homeassistant/status", "online", { qos: 1 });
  await until("a second announcement", () => inbox.filter((m) => m.topic.startsWith("homeassistant/device/")).length > before);
});

test("what she erases is not delivered later and leaves the retained state", async () => {
  const id = homeStatus().deviceId;
  const away = connect(homeStatus().url!, { clientId: "ha-persistent", clean: false, reconnectPeriod: 0 });
  await new Promise<void>((resolve) => away.once("connect", () => resolve()));
  await away.subscribeAsync(`guimi/${id}/event/#`, { qos: 1 });
  await away.endAsync();
  app.deliver({ kind: "care", rule: "test", reason: "test", text: "一条会被删掉的话", lang: "zh" });
  await until("queued for the away session", () => (app.data.list("home-bus").length > 0 ? true : null));
  assert.match(app.data.list("home-bus")[0]!.summary, /ha-persistent/);
  await until("in the state", () => entityState("last_care_message") === "一条会被删掉的话");
  app.data.erase("home-bus");
  assert.equal(app.data.list("home-bus").length, 0);
  await until("state without it", () => entityState("last_care_message") === "None");
  const got: string[] = [];
  const back = connect(homeStatus().url!, { clientId: "ha-persistent", clean: false, reconnectPeriod: 0 });
  back.on("message", (_t, payload) => got.push(payload.toString()));
  await new Promise<void>((resolve) => back.once("connect", () => resolve()));
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.ok(!got.some((p) => p.includes("一条会被删掉的话")), JSON.stringify(got));
  await back.endAsync(true);
});

test("stopping says offline on the availability topic", async () => {
  const id = homeStatus().deviceId;
  app.stopBackground();
  await until("offline", () => latest(`guimi/${id}/availability`) === "offline");
});
