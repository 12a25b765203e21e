// Done-when: her phone sets an early alarm, it arrives over MQTT (as Home Assistant's companion app or a
// Shortcut would send it), and at bedtime Guimi reminds her to sleep — on the screen and as an MQTT event.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { connectAsync } from "mqtt";
import { createGuimiApp } from "../app/guimi-app.js";
import { makeTempDir } from "../testing/paths.js";

const temp = makeTempDir("guimi-alarm-");
after(() => temp.cleanup());

test("an early alarm over MQTT leads to the bedtime care message", async () => {
  let clock = new Date("2026-03-02T19:00:00+08:00");
  const app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true, mqtt: { port: 0 }, now: () => clock });
  app.setTimeZone("Asia/Shanghai");
  app.startBackground();
  try {
    const home = app.capabilities.find((c) => c.name === "home")!;
    const status = () => (home.status!() as { mqtt: { state: string; url: string; deviceId: string; inputs?: number } }).mqtt;
    for (let i = 0; i < 200 && status().state !== "connected"; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    const { url, deviceId } = status();
    const phone = await connectAsync(url, { clientId: "phone", reconnectPeriod: 0 });
    const events: string[] = [];
    await phone.subscribeAsync(`guimi/${deviceId}/event/care-message`, { qos: 1 });
    phone.on("message", (_topic, payload) => events.push(payload.toString()));

    await phone.publishAsync(`guimi/${deviceId}/input/activity`, "screen", { qos: 1 });
    clock = new Date("2026-03-02T20:00:00+08:00");
    await phone.publishAsync(`guimi/${deviceId}/input/phone/alarm`, JSON.stringify({ time: "06:30", at: "2026-03-02T20:00:00+08:00" }), { qos: 1 });
    for (let i = 0; i < 200 && (status().inputs ?? 0) < 2; i++) await new Promise((resolve) => setTimeout(resolve, 20));

    // Evening passes, checked every five minutes as the daemon would.
    const said: { rule: string; text: string; at: string }[] = [];
    for (let t = new Date("2026-03-02T20:05:00+08:00").getTime(); t <= new Date("2026-03-02T23:00:00+08:00").getTime(); t += 5 * 60_000) {
      clock = new Date(t);
      await app.tickBackground();
    }
    for (const m of app.store.list("default", { limit: 50 })) {
      const meta = (m as { meta?: { rule?: string } }).meta;
      if (m.role === "care") said.push({ rule: meta?.rule ?? "", text: m.text, at: String((m as { at?: unknown }).at) });
    }
    const bedtime = said.filter((m) => m.rule === "early-alarm-bedtime");
    assert.equal(bedtime.length, 1, JSON.stringify(said));
    assert.match(bedtime[0]!.text, /六点半/);
    for (let i = 0; i < 100 && !events.some((e) => e.includes("early-alarm-bedtime")); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(
      events.some((e) => (JSON.parse(e) as { rule: string }).rule === "early-alarm-bedtime"),
      "also sent out on the bus",
    );
    await phone.endAsync(true);
  } finally {
    await app.close();
  }
});
