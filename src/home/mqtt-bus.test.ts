// The MqttBus contract, run against both adapters: the embedded broker (aedes, SQLite persistence)
// and an external broker (Debian's mosquitto, started here). A plain MQTT.js client plays Home Assistant.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { networkInterfaces } from "node:os";
import { connect, connectAsync, type MqttClient } from "mqtt";
import { openDatabase } from "../storage/database.js";
import { makeTempDir } from "../testing/paths.js";
import { homeMigrations } from "./home-migrations.js";
import { connectMqttBus, createEmbeddedMqttBus, startEmbeddedBroker, topicMatches, whoConnects, type MqttBus } from "./mqtt-bus.js";
import { createDeviceRegistry } from "../pairing/device-registry.js";
import { mqttLogin } from "./mqtt-login.js";
import { MOSQUITTO, startMosquitto } from "./mqtt-test-brokers.js";

const temp = makeTempDir("guimi-mqtt-");
after(() => temp.cleanup());

function nextMessage(client: MqttClient, topic: string, timeoutMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no message on ${topic}`)), timeoutMs);
    const onMessage = (t: string, payload: Buffer) => {
      if (t !== topic) return;
      clearTimeout(timer);
      client.off("message", onMessage);
      resolve(payload.toString());
    };
    client.on("message", onMessage);
  });
}

interface BrokerUnderTest {
  url: string;
  bus(options: { clientId: string; will?: { topic: string; payload: string; retain: boolean; qos: 0 | 1 } }): Promise<MqttBus & { raw: MqttClient }>;
  stop(): Promise<void>;
}

function contract(name: string, start: () => Promise<BrokerUnderTest>, skip: string | false = false) {
  describe(`MqttBus contract: ${name}`, { skip }, () => {
    let broker: BrokerUnderTest;
    const opened: { close(): Promise<void> }[] = [];
    const peer = async (clientId: string, clean = true) => {
      const client = await connectAsync(broker.url, { clientId, clean, reconnectPeriod: 0 });
      opened.push({ close: () => client.endAsync(true) });
      return client;
    };
    test("start", async () => {
      broker = await start();
    });
    test("retained state reaches a subscriber that comes later", async () => {
      const bus = await broker.bus({ clientId: "guimi-a" });
      opened.push(bus);
      await bus.publish("guimi/t1/state", JSON.stringify({ mood: "calm" }), { retain: true });
      const ha = await peer("ha-1");
      const got = nextMessage(ha, "guimi/t1/state");
      await ha.subscribeAsync("guimi/t1/#", { qos: 1 });
      assert.deepEqual(JSON.parse(await got), { mood: "calm" });
    });
    test("messages on matching topics reach the handler; a handler that throws does not stop the next", async () => {
      const bus = await broker.bus({ clientId: "guimi-b" });
      opened.push(bus);
      const seen: string[] = [];
      await bus.subscribe("guimi/t2/command/+", () => {
        throw new Error("handler bug");
      });
      const done = new Promise<void>(
        (resolve) =>
          void bus.subscribe("guimi/t2/command/#", (topic, payload) => {
            seen.push(`${topic}=${payload.toString()}`);
            if (seen.length === 2) resolve();
          }),
      );
      const ha = await peer("ha-2");
      await ha.publishAsync("guimi/t2/command/say", "你好", { qos: 1 });
      await ha.publishAsync("guimi/t2/other", "no", { qos: 1 });
      await ha.publishAsync("guimi/t2/command/dnd", "ON", { qos: 1 });
      await done;
      assert.deepEqual(seen, ["guimi/t2/command/say=你好", "guimi/t2/command/dnd=ON"]);
    });
    test("the last will is published when Guimi's connection drops without a goodbye", async () => {
      const will = { topic: "guimi/t3/availability", payload: "offline", retain: true, qos: 1 as const };
      const bus = await broker.bus({ clientId: "guimi-c", will });
      await bus.publish("guimi/t3/availability", "online", { retain: true });
      const ha = await peer("ha-3");
      const online = nextMessage(ha, "guimi/t3/availability");
      await ha.subscribeAsync("guimi/t3/availability", { qos: 1 });
      assert.equal(await online, "online");
      const offline = nextMessage(ha, "guimi/t3/availability", 5000);
      bus.raw.options.reconnectPeriod = 0;
      bus.raw.stream.destroy();
      assert.equal(await offline, "offline");
      await bus.raw.endAsync(true);
    });
    test("QoS 1 messages wait for a persistent session that is away", async () => {
      const bus = await broker.bus({ clientId: "guimi-d" });
      opened.push(bus);
      const away = await connectAsync(broker.url, { clientId: "ha-away", clean: false, reconnectPeriod: 0 });
      await away.subscribeAsync("guimi/t4/event/#", { qos: 1 });
      await away.endAsync();
      await bus.publish("guimi/t4/event/care-message", JSON.stringify({ text: "喝口水吧" }), { qos: 1 });
      // Listening before the connection opens: queued messages follow the CONNACK at once.
      const back = connect(broker.url, { clientId: "ha-away", clean: false, reconnectPeriod: 0 });
      opened.push({ close: () => back.endAsync(true) });
      const got = await nextMessage(back, "guimi/t4/event/care-message");
      assert.deepEqual(JSON.parse(got), { text: "喝口水吧" });
    });
    test("stop", async () => {
      for (const c of opened.reverse()) await c.close().catch(() => undefined);
      await broker.stop();
    });
  });
}

contract("embedded aedes", async () => {
  const db = openDatabase(join(temp.dir, "embedded.db"), [homeMigrations]);
  const broker = await startEmbeddedBroker({ db, host: "127.0.0.1", port: 0 });
  const url = `mqtt://127.0.0.1:${broker.port}`;
  return {
    url,
    bus: (options) => connectMqttBus({ url, ...options, kind: "embedded" }),
    async stop() {
      await broker.close();
      db.close();
    },
  };
});

contract(
  "mosquitto",
  async () => {
    const mosquitto = await startMosquitto(temp.dir);
    return { url: mosquitto.url, bus: (options) => connectMqttBus({ url: mosquitto.url, ...options }), stop: () => mosquitto.stop() };
  },
  MOSQUITTO ? false : "mosquitto is not installed (apt-get install mosquitto)",
);

test("the embedded broker keeps retained state and queued QoS 1 messages across a restart", async () => {
  const path = join(temp.dir, "restart.db");
  let db = openDatabase(path, [homeMigrations]);
  const first = await createEmbeddedMqttBus({ db, host: "127.0.0.1", port: 0, clientId: "guimi-r" });
  const port = first.broker.port;
  const url = `mqtt://127.0.0.1:${port}`;
  const ha = await connectAsync(url, { clientId: "ha-restart", clean: false, reconnectPeriod: 0 });
  await ha.subscribeAsync("guimi/r/#", { qos: 1 });
  await ha.endAsync();
  await first.publish("guimi/r/state", "retained-before", { retain: true });
  await first.publish("guimi/r/event/reminder-due", "queued-before", { qos: 1 });
  await first.close();
  db.close();

  db = openDatabase(path, [homeMigrations]);
  const second = await createEmbeddedMqttBus({ db, host: "127.0.0.1", port, clientId: "guimi-r" });
  try {
    const back = connect(url, { clientId: "ha-restart", clean: false, reconnectPeriod: 0 });
    const got: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`got only ${JSON.stringify(got)}`)), 3000);
      back.on("message", (topic, payload) => {
        got.push(`${topic}=${payload.toString()}`);
        if (got.includes("guimi/r/event/reminder-due=queued-before")) clearTimeout(timer), resolve();
      });
    });
    await back.endAsync(true);
    const late = await connectAsync(url, { clientId: "ha-late", reconnectPeriod: 0 });
    const retained = nextMessage(late, "guimi/r/state");
    await late.subscribeAsync("guimi/r/state", { qos: 1 });
    assert.equal(await retained, "retained-before");
    await late.endAsync(true);
  } finally {
    await second.close();
    db.close();
  }
});

test("who may connect: this device always, the LAN only as a paired device", () => {
  const identify = (u: string | undefined, p: string | undefined) => (u === "guimi" && p === "secret" ? "d_phone123" : null);
  assert.equal(whoConnects("127.0.0.1", undefined, undefined, identify), "local");
  assert.equal(whoConnects("::ffff:127.0.0.1", undefined, undefined, identify), "local");
  assert.equal(whoConnects("192.168.1.20", undefined, undefined, identify), null);
  assert.equal(whoConnects("192.168.1.20", "guimi", "wrong", identify), null);
  assert.deepEqual(whoConnects("192.168.1.20", "guimi", "secret", identify), { deviceId: "d_phone123" });
  assert.equal(whoConnects("192.168.1.20", "guimi", "secret"), null, "no LAN access unless she enabled it");
});

test("an MQTT login is a paired device's token, with its id or name (or guimi) as the username", () => {
  const db = openDatabase(join(temp.dir, "login.db"), [homeMigrations]);
  try {
    const devices = createDeviceRegistry({ db, tokenFile: join(temp.dir, "login-token") });
    const { device, token } = devices.issue("Anna's Phone");
    const other = devices.issue("tablet");
    assert.equal(mqttLogin(devices, device.id, token), device.id);
    assert.equal(mqttLogin(devices, "anna's phone", token), device.id);
    assert.equal(mqttLogin(devices, "guimi", token), device.id);
    assert.equal(mqttLogin(devices, "tablet", token), null, "a username naming another device");
    assert.equal(mqttLogin(devices, device.id, other.token), null);
    assert.equal(mqttLogin(devices, device.id, undefined), null);
    assert.equal(mqttLogin(devices, device.id, "x".repeat(500)), null);
    devices.revoke(device.id);
    assert.equal(mqttLogin(devices, device.id, token), null);
  } finally {
    db.close();
  }
});

const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === "IPv4" && !i.internal)?.address;

test("over a real socket: each paired device logs in with its own token; revoking one ends its session at once", {
  skip: lanAddress ? false : "this machine has no LAN interface",
}, async () => {
  const db = openDatabase(join(temp.dir, "auth.db"), [homeMigrations]);
  const devices = createDeviceRegistry({ db, tokenFile: join(temp.dir, "auth-token") });
  const phone = devices.issue("phone");
  const tablet = devices.issue("tablet");
  const broker = await startEmbeddedBroker({ db, host: "0.0.0.0", port: 0, identify: (u, p) => mqttLogin(devices, u, p) });
  devices.onRevoke((id) => broker.disconnectDevice(id));
  const lan = `mqtt://${lanAddress}:${broker.port}`;
  try {
    const local = await connectAsync(`mqtt://127.0.0.1:${broker.port}`, { reconnectPeriod: 0 });
    await local.endAsync(true);
    await assert.rejects(connectAsync(lan, { reconnectPeriod: 0 }), /Bad username or password|Not authorized/i);
    await assert.rejects(connectAsync(lan, { reconnectPeriod: 0, username: "phone", password: tablet.token }), /Bad username or password/i);
    const phoneClient = await connectAsync(lan, { reconnectPeriod: 0, username: "phone", password: phone.token });
    const tabletClient = await connectAsync(lan, { reconnectPeriod: 0, username: tablet.device.id, password: tablet.token });
    const closed = new Promise<void>((resolve) => phoneClient.once("close", () => resolve()));
    assert.ok(devices.revoke(phone.device.id));
    await closed;
    assert.equal(phoneClient.connected, false);
    await assert.rejects(connectAsync(lan, { reconnectPeriod: 0, username: "phone", password: phone.token }), /Bad username or password/i);
    // The other device is untouched: still connected, and it still gets messages.
    assert.equal(tabletClient.connected, true);
    await tabletClient.subscribeAsync("guimi/test/#");
    const got = nextMessage(tabletClient, "guimi/test/ping");
    const publisher = await connectAsync(`mqtt://127.0.0.1:${broker.port}`, { reconnectPeriod: 0 });
    await publisher.publishAsync("guimi/test/ping", "pong");
    assert.equal(await got, "pong");
    await publisher.endAsync(true);
    await tabletClient.endAsync(true);
    phoneClient.end(true);
  } finally {
    await broker.close();
    db.close();
  }
});

test("topic filters: + is one level, # the rest", () => {
  assert.ok(topicMatches("guimi/+/command/#", "guimi/abc/command/sensor/camera"));
  assert.ok(topicMatches("guimi/#", "guimi"));
  assert.ok(!topicMatches("guimi/+/state", "guimi/abc/state/extra"));
  assert.ok(!topicMatches("guimi/+", "other/x"));
});
