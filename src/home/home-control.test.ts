// Home control: fast-path sentences in zh and en, choosing the entity from Home Assistant's list, and
// end to end against a stand-in Home Assistant (MCP server with the Assist tool names, and REST) on
// loopback — through the outbound gate, recorded in the ledger, and only when she enabled it.
import { loopbackEnv } from "../testing/loopback-env.js";
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createGuimiApp, type GuimiApp } from "../app/guimi-app.js";
import { createHttpApi } from "../server/http-api.js";
import { makeTempDir } from "../testing/paths.js";
import { isGoodNight, nextBrightness, parseHomeRequest, resolveEntities } from "./home-intents.js";
import { parseLiveContext, type HomeEntity } from "./home-controller.js";
import { startFakeHomeAssistant, type FakeEntity, type FakeHomeAssistant } from "./fake-home-assistant.js";

test("zh and en sentences become home requests; ordinary talk does not", () => {
  const zh = (t: string) => parseHomeRequest(t, "zh");
  assert.deepEqual(zh("把灯关了"), { action: "off", domain: "light", target: "", phrase: "灯", lang: "zh" });
  assert.deepEqual(zh("把卧室的灯关了"), { action: "off", domain: "light", target: "卧室", phrase: "卧室的灯", lang: "zh" });
  assert.equal(zh("灯调暗一点")?.action, "dim");
  assert.equal(zh("帮我把客厅灯打开吧")?.target, "客厅");
  assert.equal(zh("打开台灯")?.action, "on");
  assert.equal(zh("关灯")?.action, "off");
  assert.deepEqual(zh("把电视关了"), { action: "off", domain: null, target: "电视", phrase: "电视", lang: "zh" });
  assert.equal(zh("今天心情不好"), null);
  assert.equal(zh("我想开了"), null);
  const en = (t: string) => parseHomeRequest(t, "en");
  assert.deepEqual(en("Turn on the bedroom light"), { action: "on", domain: "light", target: "bedroom", phrase: "the bedroom light", lang: "en" });
  assert.deepEqual(en("turn the kitchen lights off."), { action: "off", domain: "light", target: "kitchen", phrase: "the kitchen light", lang: "en" });
  assert.equal(en("dim the lights a bit")?.action, "dim");
  assert.deepEqual(en("switch off the TV"), { action: "off", domain: null, target: "tv", phrase: "the tv", lang: "en" });
  assert.equal(en("turn it off"), null);
  assert.deepEqual(zh("把卧室空调调到26度"), { action: "temperature", domain: "climate", target: "卧室", phrase: "卧室的空调", temperature: 26, lang: "zh" });
  assert.equal(en("set the thermostat to 21.5 degrees")?.temperature, 21.5);
  assert.equal(zh("空调调到99度"), null);
  assert.equal(zh("暂停音乐")?.action, "pause");
  assert.equal(en("resume the music")?.action, "resume");
  assert.equal(en("I turned off my phone and went to sleep"), null);
  assert.ok(isGoodNight("晚安") && isGoodNight("Good night!") && isGoodNight("晚安啦～"));
  assert.ok(!isGoodNight("晚安之前我想说一件事"));
});

const home: HomeEntity[] = [
  { name: "Bedroom Lamp", aliases: ["Bedroom Lamp", "床头灯"], domain: "light", areas: ["Bedroom"], state: "off", brightness: null },
  { name: "Ceiling", aliases: ["Ceiling"], domain: "light", areas: ["Living Room"], state: "on", brightness: 255 },
  { name: "TV", aliases: ["TV", "电视"], domain: "media_player", areas: ["Living Room"], state: "on", brightness: null },
  { name: "Good Night", aliases: ["Good Night"], domain: "scene", areas: [], state: null, brightness: null },
];

test("entities are found by name, alias or area, across zh and en room words", () => {
  const names = (r: ReturnType<typeof resolveEntities>) => (r.kind === "ok" ? r.entities.map((e) => e.name) : r.kind);
  assert.deepEqual(names(resolveEntities(home, { domain: "light", target: "卧室", action: "off" })), ["Bedroom Lamp"]);
  assert.deepEqual(names(resolveEntities(home, { domain: "light", target: "living room", action: "off" })), ["Ceiling"]);
  assert.deepEqual(names(resolveEntities(home, { domain: null, target: "电视", action: "off" })), ["TV"]);
  assert.deepEqual(names(resolveEntities(home, { domain: "light", target: "", action: "off" })), ["Ceiling"], "the one light that is on");
  assert.equal(resolveEntities(home, { domain: "light", target: "", action: "brighten" }).kind, "ambiguous");
  assert.equal(resolveEntities(home, { domain: "light", target: "garage", action: "on" }).kind, "none");
  assert.equal(resolveEntities([], { domain: "light", target: "", action: "on" }).kind, "none");
  assert.equal(nextBrightness("dim", 255), 70);
  assert.equal(nextBrightness("brighten", 230), 100);
  assert.equal(nextBrightness("dim", 20), 5);
});

test("GetLiveContext's YAML overview is read into entities", () => {
  const text = `Live Context: An overview of the areas and the devices in this smart home:
- names: Kitchen Light, Ceiling
  domain: light
  state: 'on'
  areas: Kitchen
  attributes:
    brightness: '128'
    color_mode: brightness
- names: Front Door
  domain: lock
  state: locked
`;
  assert.deepEqual(parseLiveContext(text), [
    { name: "Kitchen Light", aliases: ["Kitchen Light", "Ceiling"], domain: "light", areas: ["Kitchen"], state: "on", brightness: 128 },
    { name: "Front Door", aliases: ["Front Door"], domain: "lock", areas: [], state: "locked", brightness: null },
  ]);
});

const entities = (): FakeEntity[] => [
  { entityId: "light.bedroom_lamp", name: "Bedroom Lamp", area: "Bedroom", state: "off" },
  { entityId: "light.kitchen", name: "Kitchen Light", area: "Kitchen", state: "on", brightness: 255 },
  { entityId: "scene.good_night", name: "Good Night", area: null, state: "unknown" },
  { entityId: "climate.bedroom_ac", name: "Bedroom AC", area: "Bedroom", state: "cool", temperature: 24 },
  { entityId: "media_player.speaker", name: "Speaker", area: "Living Room", state: "playing" },
];

async function setUp(dir: string, ha: FakeHomeAssistant, goodNightScene: string | null = null) {
  const app = await createGuimiApp({ dataDir: dir, withoutModel: true });
  const http = createHttpApi(app);
  const put = await http.request(
    "/api/v1/home/assistant",
    {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: ha.url, token: ha.token, goodNightScene }),
    },
    loopbackEnv,
  );
  assert.equal(put.status, 200);
  const view = (await put.json()) as { homeAssistant: { tokenSet: boolean; token?: string }; control: { available: boolean } };
  assert.equal(view.homeAssistant.tokenSet, true);
  assert.equal(view.homeAssistant.token, undefined, "the token is never sent back");
  return { app, http };
}

const say = async (app: GuimiApp, text: string) => app.conversation.turn({ text, conversationId: "home" });

describe("against Home Assistant's MCP server", () => {
  const temp = makeTempDir("guimi-ha-");
  let ha: FakeHomeAssistant;
  let app: GuimiApp;
  before(async () => {
    ha = await startFakeHomeAssistant({ entities: entities() });
    ({ app } = await setUp(temp.dir, ha, "Good Night"));
  });
  after(async () => {
    await app.close();
    await ha.close();
    temp.cleanup();
  });

  test("nothing is sent until she allows the Home Assistant connection; the light request says how", async () => {
    const reply = await say(app, "把灯关了");
    assert.equal(reply.source, "home");
    assert.match(reply.text, /Home Assistant/);
    assert.equal(ha.calls.length, 0);
    assert.equal(app.outbound.ledger().filter((e) => e.purpose === "homeAssistant").length, 0);
    app.settings.update({ outbound: { homeAssistant: true } });
  });

  test("turn on the bedroom light, then off in Chinese, then dim the kitchen: the lights follow", async () => {
    const on = await say(app, "turn on the bedroom light");
    assert.equal(on.source, "home");
    assert.equal(on.text, "OK, the bedroom light is on.");
    assert.equal(ha.entities[0]!.state, "on");
    assert.deepEqual(ha.calls.find((c) => c.tool === "HassTurnOn")?.args, { name: "Bedroom Lamp", domain: ["light"] });

    const off = await say(app, "把卧室的灯关了");
    assert.equal(off.text, "好，卧室的灯关掉啦");
    assert.equal(ha.entities[0]!.state, "off");

    const dim = await say(app, "厨房灯调暗一点");
    assert.equal(dim.text, "厨房的灯调暗了一点");
    assert.equal(ha.entities[1]!.brightness, Math.round(0.7 * 255));
  });

  test("好 right after Guimi offered to switch off the lamp switches it off; a plain 好 later does nothing", async () => {
    await say(app, "turn off the kitchen light");
    await say(app, "turn on the bedroom light");
    assert.equal(ha.entities[0]!.state, "on");
    app.deliver({ kind: "care", rule: "late-night", reason: "t", text: "很晚啦，我帮你把灯关了好吗？", lang: "zh", offer: { kind: "lamp", action: "off" } });
    const yes = await app.conversation.turn({ text: "好" });
    assert.equal(yes.source, "home");
    assert.equal(yes.text, "好，灯关掉啦");
    assert.equal(ha.entities[0]!.state, "off");
    await say(app, "turn on the kitchen light");
    const again = await app.conversation.turn({ text: "好" });
    assert.notEqual(again.source, "home", "the offer was answered: the next 好 is just talk");
  });

  test("the bedroom air conditioning to 26 degrees; the music paused and resumed", async () => {
    const ac = await say(app, "把卧室空调调到26度");
    assert.equal(ac.text, "好，卧室的空调调到26度啦");
    assert.equal(ha.entities[3]!.temperature, 26);
    const pause = await say(app, "pause the music");
    assert.equal(pause.text, "OK, the music is paused.");
    assert.equal(ha.entities[4]!.state, "paused");
    await say(app, "继续播放");
    assert.equal(ha.entities[4]!.state, "playing");
  });

  test("晚安 turns on her good-night scene", async () => {
    const reply = await say(app, "晚安");
    assert.equal(reply.source, "home");
    assert.match(reply.text, /Good Night/);
    assert.equal(ha.entities[2]!.state, "activated");
  });

  test("a device she does not have falls through to the conversation; every request is in the ledger", async () => {
    const reply = await say(app, "把窗户打开");
    assert.notEqual(reply.source, "home");
    const ledger = app.outbound.ledger().filter((e) => e.purpose === "homeAssistant");
    assert.ok(ledger.length >= 6, `ledger: ${ledger.length}`);
    assert.ok(ledger.every((e) => e.destination === `${ha.url}/api/mcp` && e.outcome === "ok"));
  });

  test("the same actions are tools (for the model and MCP)", async () => {
    const tools = app.capabilities.flatMap((c) => c.tools ?? []);
    const list = (await tools.find((t) => t.name === "home_list_devices")!.run({})) as { name: string }[];
    assert.deepEqual(
      list.map((d) => d.name),
      ["Bedroom Lamp", "Kitchen Light", "Good Night", "Bedroom AC", "Speaker"],
    );
    await tools.find((t) => t.name === "home_turn_on")!.run({ name: "bedroom lamp" });
    assert.equal(ha.entities[0]!.state, "on");
  });

  test("turned off again, nothing more is sent", async () => {
    app.settings.update({ outbound: { homeAssistant: false } });
    const before = ha.calls.length;
    const reply = await say(app, "turn off the bedroom light");
    assert.match(reply.text, /can't control the lights yet/);
    assert.equal(ha.calls.length, before);
  });

  test("her phone's next alarm from the HA companion app reaches the care engine; the lights are counted", async () => {
    app.settings.update({ outbound: { homeAssistant: true } });
    ha.entities.push({ entityId: "sensor.pixel_7_next_alarm", name: "Pixel 7 Next alarm", area: null, state: "2030-03-02T22:30:00+00:00" });
    const http = createHttpApi(app);
    const bad = await http.request(
      "/api/v1/home/assistant",
      { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ nextAlarmSensor: "light.kitchen" }) },
      loopbackEnv,
    );
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /nextAlarmSensor/);
    await http.request(
      "/api/v1/home/assistant",
      { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ nextAlarmSensor: "sensor.pixel_7_next_alarm" }) },
      loopbackEnv,
    );
    const check = (await (await http.request("/api/v1/home/assistant/check", { method: "POST" }, loopbackEnv)).json()) as { ok: boolean; lights: number };
    assert.deepEqual([check.ok, check.lights], [true, 2]);
    const rows = app.db.prepare("SELECT payload FROM care_signals WHERE type = 'phone.alarm_set'").all() as { payload: string }[];
    assert.equal(rows.length, 1);
    assert.match(rows[0]!.payload, /2030-03-02T22:30:00/);
    // The same alarm read again is not a new signal.
    await http.request("/api/v1/home/assistant/check", { method: "POST" }, loopbackEnv);
    assert.equal((app.db.prepare("SELECT COUNT(*) AS n FROM care_signals WHERE type = 'phone.alarm_set'").get() as { n: number }).n, 1);
    const status = (app.capabilities.find((c) => c.name === "home")!.status!() as { control: { lights: number } }).control;
    assert.equal(status.lights, 2);
  });
});

describe("against Home Assistant without its MCP server (REST fallback)", () => {
  const temp = makeTempDir("guimi-ha-rest-");
  let ha: FakeHomeAssistant;
  let app: GuimiApp;
  before(async () => {
    ha = await startFakeHomeAssistant({ entities: entities(), mcp: false });
    ({ app } = await setUp(temp.dir, ha));
    app.settings.update({ outbound: { homeAssistant: true } });
  });
  after(async () => {
    await app.close();
    await ha.close();
    temp.cleanup();
  });

  test("turn off the kitchen light goes through the REST API", async () => {
    const reply = await say(app, "turn off the kitchen light");
    assert.equal(reply.text, "OK, the kitchen light is off.");
    assert.equal(ha.entities[1]!.state, "off");
    assert.deepEqual(ha.calls.at(-1), { via: "rest", tool: "homeassistant.turn_off", args: { entity_id: "light.kitchen" } });
    const status = (app.capabilities.find((c) => c.name === "home")!.status!() as { control: { via: string } }).control;
    assert.equal(status.via, "home-assistant-rest");
  });

  test("a wrong token is a clear failure, not a crash", async () => {
    await createHttpApi(app).request(
      "/api/v1/home/assistant",
      { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: "wrong" }) },
      loopbackEnv,
    );
    const reply = await say(app, "turn on the bedroom light");
    assert.equal(reply.source, "home");
    assert.match(reply.text, /can't reach Home Assistant/);
    const check = await createHttpApi(app).request("/api/v1/home/assistant/check", { method: "POST" }, loopbackEnv);
    assert.equal(check.status, 503);
  });
});
