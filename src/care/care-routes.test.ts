// Integration: the care engine on the real composition root and HTTP API, its state across a restart,
// and the opt-in Open-Meteo adapter through the outbound gate against a local server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createGuimiApp } from "../app/guimi-app.js";
import { createHttpApi } from "../server/http-api.js";
import { makeTempDir } from "../testing/paths.js";
import { loopbackEnv } from "../testing/loopback-env.js";
import { careRoutes } from "./care-routes.js";
import { createCareEngine } from "./care-engine.js";
import { createOpenMeteoWeather } from "./open-meteo-weather.js";

const json = (body: unknown) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

test("signals over the API: validated, recorded, care said with its rule and reason, kept across a restart", async () => {
  const temp = makeTempDir();
  let clock = new Date("2026-03-02T20:00:00+08:00");
  try {
    let app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true, now: () => clock, care: { listen: false } });
    (app.config as { timeZone?: string }).timeZone = "Asia/Shanghai";
    const http = createHttpApi(app);
    const api = (path: string, init?: RequestInit) => http.request(`/api/v1/${path}`, init, loopbackEnv);

    const bad = await api("signals", json({ type: "activity", kind: "napping" }));
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: { message: string } }).error.message, /kind/);
    assert.equal((await api("signals", json({ type: "weather", condition: "rain", tempC: "warm" }))).status, 400);
    assert.equal((await api("signals", json({ type: "teleport" }))).status, 400);

    const set = await api("signals", json({ type: "phone.alarm_set", time: "06:30" }));
    assert.equal(set.status, 200);
    assert.deepEqual(((await set.json()) as { said: unknown[] }).said, []);
    clock = new Date("2026-03-02T22:30:00+08:00");
    const tick = await api("signals", json({ type: "activity", kind: "screen" }));
    const said = ((await tick.json()) as { said: { rule: string; reason: string; text: string }[] }).said;
    assert.equal(said[0]?.rule, "early-alarm-bedtime");
    assert.match(said[0]!.text, /六点半/);

    const listed = (await (await api("care")).json()) as { messages: { rule: string; reason: string }[] };
    assert.equal(listed.messages[0]?.rule, "early-alarm-bedtime");
    assert.match(listed.messages[0]!.reason, /闹钟/);
    // Stored in the conversation as a care message, so the page can show why.
    const stored = app.store.list("default", { limit: 5 }).find((m) => m.role === "care");
    assert.ok(stored);

    const settings = await api("care/settings", {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ cycle: { enabled: true, lastStart: "2026-02-10" } }),
    });
    assert.equal(settings.status, 200);
    assert.equal(((await settings.json()) as { settings: { cycle: { enabled: boolean; lengthDays: number } } }).settings.cycle.lengthDays, 28);
    assert.equal(
      (await api("care/settings", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ cycle: { lengthDays: 3 } }) }))
        .status,
      400,
    );
    const overview = app.data.overview().find((c) => c.id === "care");
    assert.ok(overview && overview.count >= 3);
    await app.close();

    // A restart: the same nudge is not said twice, the settings stay.
    clock = new Date("2026-03-02T22:40:00+08:00");
    app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true, now: () => clock, care: { listen: false } });
    (app.config as { timeZone?: string }).timeZone = "Asia/Shanghai";
    const engine = app.care;
    assert.deepEqual(await engine.tick(), []);
    assert.equal(engine.lastDecisions().find((d) => d.rule === "early-alarm-bedtime")?.verdict.allowed, false);
    assert.equal(engine.settings().cycle.enabled, true);
    assert.equal(engine.recent(5)[0]?.rule, "early-alarm-bedtime");
    await app.close();
  } finally {
    temp.cleanup();
  }
});

test("Open-Meteo weather: refused and recorded unless enabled; then asked once in the morning and used for care", async () => {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? "");
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ current: { temperature_2m: 6.4, weather_code: 63 } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const temp = makeTempDir();
  let clock = new Date("2026-03-02T07:40:00+08:00");
  try {
    const app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true, now: () => clock });
    (app.config as { timeZone?: string }).timeZone = "Asia/Shanghai";
    const weather = createOpenMeteoWeather({ outbound: app.outbound, baseUrl, location: () => ({ latitude: 31.2304, longitude: 121.4737 }) });
    await assert.rejects(weather.current(clock), /turned off/);
    assert.equal(app.outbound.ledger()[0]?.outcome, "refused");
    assert.equal(requests.length, 0);

    app.settings.update({ outbound: { weather: true } });
    const errors: unknown[] = [];
    const engine = createCareEngine({
      db: app.db,
      now: () => clock,
      deliver: (m) => app.deliver(m),
      settings: app.settings,
      timeZone: () => app.timeZone(),
      weather,
      onError: (e) => errors.push(e),
    });
    await engine.signal({ type: "activity", at: clock, kind: "screen" });
    clock = new Date("2026-03-02T07:41:00+08:00");
    const said = await engine.tick();
    assert.deepEqual(errors, []);
    assert.equal(requests.length, 1);
    assert.match(requests[0]!, /latitude=31\.23&longitude=121\.47/);
    const ledger = app.outbound.ledger()[0]!;
    assert.equal(ledger.outcome, "ok");
    assert.equal(ledger.purpose, "weather");
    assert.equal(ledger.dataCategory, "location");
    // Rain and 6°C at 07:41, after her quiet hours, while she is up: umbrella and a coat.
    assert.equal(said[0]?.rule, "morning-weather");
    assert.match(said[0]!.text, /伞/);
    clock = new Date("2026-03-02T08:30:00+08:00");
    await engine.tick();
    assert.equal(requests.length, 1, "asked once a morning");
    await app.close();
  } finally {
    server.close();
    temp.cleanup();
  }
});

test("GET /api/v1/weather: null when unknown, a device's weather signal, Open-Meteo only when she enabled it; described in OpenAPI", async () => {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? "");
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ current: { temperature_2m: 3.2, weather_code: 71 } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const temp = makeTempDir();
  let clock = new Date("2026-03-02T07:40:00+08:00");
  try {
    const app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true, now: () => clock });
    (app.config as { timeZone?: string }).timeZone = "Asia/Shanghai";
    let engine: ReturnType<typeof createCareEngine> | null = null;
    const weather = createOpenMeteoWeather({ outbound: app.outbound, baseUrl, location: () => engine?.settings().weatherLocation ?? null });
    engine = createCareEngine({
      db: app.db,
      now: () => clock,
      deliver: (m) => app.deliver(m),
      settings: app.settings,
      timeZone: () => app.timeZone(),
      weather,
      onError: () => undefined,
    });
    const own = engine;
    const http = createHttpApi(app, [(api) => careRoutes(own, () => clock)(api)]);
    const api = (path: string, init?: RequestInit) => http.request(`/api/v1/${path}`, init, loopbackEnv);
    type Body = { current: { condition: string; tempC: number | null; at: string; source: string } | null };
    const current = async () => {
      const response = await api("weather");
      assert.equal(response.status, 200);
      return ((await response.json()) as Body).current;
    };

    // Nothing known, no location: null, and nothing asked.
    assert.equal(await current(), null);
    assert.equal(requests.length, 0);

    // A paired device reports the weather.
    assert.equal((await api("signals", json({ type: "weather", condition: "light rain", tempC: 12.5 }))).status, 200);
    assert.deepEqual(await current(), { condition: "light rain", tempC: 12.5, at: clock.toISOString(), source: "signal" });
    // A device may not claim another source.
    assert.equal((await api("signals", json({ type: "weather", condition: "rain", tempC: 1, source: "open-meteo" }))).status, 400);
    // Without a temperature: null, not a guess.
    clock = new Date("2026-03-02T08:00:00+08:00");
    await api("signals", json({ type: "weather", condition: "drizzle" }));
    assert.deepEqual(await current(), { condition: "drizzle", tempC: null, at: clock.toISOString(), source: "signal" });

    // Half a day later it is no longer current; with a location but the connection off, the ask is refused: null.
    clock = new Date("2026-03-02T21:00:00+08:00");
    own.updateSettings({ weatherLocation: { latitude: 39.9042, longitude: 116.4074 } });
    assert.equal(await current(), null);
    assert.equal(requests.length, 0);
    assert.equal(app.outbound.ledger()[0]?.outcome, "refused");

    // She enables it: asked once, reported as Open-Meteo, then known without asking again.
    app.settings.update({ outbound: { weather: true } });
    clock = new Date("2026-03-02T21:40:00+08:00");
    assert.deepEqual(await current(), { condition: "snow", tempC: 3.2, at: clock.toISOString(), source: "open-meteo" });
    clock = new Date("2026-03-02T21:45:00+08:00");
    assert.equal((await current())?.source, "open-meteo");
    assert.equal(requests.length, 1);
    assert.match(requests[0]!, /latitude=39\.90&longitude=116\.41/);

    const spec = (await (await api("openapi.json")).json()) as { paths: Record<string, { get?: { summary?: string } }> };
    assert.match(spec.paths["/weather"]?.get?.summary ?? "", /weather/i);
    await app.close();
  } finally {
    server.close();
    temp.cleanup();
  }
});
