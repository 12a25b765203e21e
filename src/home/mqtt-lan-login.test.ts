// Integration: a real Guimi whose embedded broker listens on the LAN ("mqtt": {"lan": true}). A phone
// paired over the API logs in with its own token; revoking it over the API ends its MQTT session at once
// and its token no longer logs in. Clients on this device still need no credentials.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { networkInterfaces } from "node:os";
import { connectAsync } from "mqtt";
import { createGuimiApp, type GuimiApp } from "../app/guimi-app.js";
import { createHttpApi } from "../server/http-api.js";
import { loopbackEnv } from "../testing/loopback-env.js";
import { makeTempDir } from "../testing/paths.js";

const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === "IPv4" && !i.internal)?.address;

const temp = makeTempDir("guimi-mqtt-lan-");
let app: GuimiApp;
let port = 0;

before(async () => {
  writeFileSync(join(temp.dir, "config.json"), JSON.stringify({ mqtt: { lan: true } }));
  app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true, mqtt: { port: 0 } });
  app.startBackground();
  const end = Date.now() + 5000;
  for (;;) {
    const mqtt = (app.capabilities.find((c) => c.name === "home")!.status!() as { mqtt: { state: string; url?: string } }).mqtt;
    if (mqtt.state === "connected" && mqtt.url) {
      port = Number(/:(\d+)$/.exec(mqtt.url)![1]);
      break;
    }
    if (Date.now() > end) throw new Error("the bus did not start");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
});

after(async () => {
  await app.close();
  temp.cleanup();
});

test("a phone paired over the API logs into MQTT with its token; revoked over the API, its session ends", {
  skip: lanAddress ? false : "this machine has no LAN interface",
}, async () => {
  const http = createHttpApi(app);
  const paired = await http.request(
    "/api/v1/devices",
    { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "phone" }) },
    loopbackEnv,
  );
  assert.equal(paired.status, 200);
  const { device, token } = (await paired.json()) as { device: { id: string }; token: string };
  const lan = `mqtt://${lanAddress}:${port}`;
  await assert.rejects(connectAsync(lan, { reconnectPeriod: 0, username: "phone", password: "not-the-token-at-all" }), /Bad username or password/i);
  const phone = await connectAsync(lan, { reconnectPeriod: 0, username: "phone", password: token });
  // Logged in as itself, it reads Guimi's retained state like any subscriber.
  const state = new Promise<string>((resolve) => phone.on("message", (topic, payload) => topic.endsWith("/availability") && resolve(payload.toString())));
  await phone.subscribeAsync("guimi/+/availability");
  assert.equal(await state, "online");
  const closed = new Promise<void>((resolve) => phone.once("close", () => resolve()));
  const revoked = await http.request(`/api/v1/devices/${device.id}`, { method: "DELETE" }, loopbackEnv);
  assert.equal(revoked.status, 200);
  await closed;
  await assert.rejects(connectAsync(lan, { reconnectPeriod: 0, username: "phone", password: token }), /Bad username or password/i);
  const local = await connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0 });
  await local.endAsync(true);
  phone.end(true);
});
