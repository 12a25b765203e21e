// Integration: settings and "我的数据" over real HTTP with a real SQLite file (no model needed).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { statSync } from "node:fs";
import { createGuimiApp, type GuimiApp } from "../app/guimi-app.js";
import { startDaemon, type RunningDaemon } from "./daemon.js";
import { makeTempDir } from "../testing/paths.js";

let app: GuimiApp;
let daemon: RunningDaemon;
const temp = makeTempDir();

before(async () => {
  app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true });
  daemon = await startDaemon(app, { host: "127.0.0.1", port: 0 });
});
after(async () => {
  await daemon.stop();
  await app.close();
  temp.cleanup();
});

const api = (path: string) => new URL(`api/v1/${path}`, daemon.url);
const json = async <T>(response: Response | Promise<Response>) => (await (await response).json()) as T;
const send = (path: string, method: string, body?: unknown) =>
  fetch(api(path), { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });

test("settings: sensors start off; partial updates merge; bad values name the field", async () => {
  const settings = await json<{ sensors: Record<string, boolean>; quietHours: { start: string } }>(fetch(api("settings")));
  assert.deepEqual(settings.sensors, { microphone: false, camera: false, touch: false });
  assert.equal(settings.quietHours.start, "23:30");
  const updated = await json<{ sensors: Record<string, boolean>; lang: string }>(send("settings", "PATCH", { sensors: { camera: true }, lang: "en" }));
  assert.deepEqual(updated.sensors, { microphone: false, camera: true, touch: false });
  assert.equal(updated.lang, "en");
  const bad = await send("settings", "PATCH", { quietHours: { start: "25:00", end: "07:00" } });
  assert.equal(bad.status, 400);
  assert.match((await json<{ error: { message: string } }>(bad)).error.message, /quietHours\.start/);
});

test("outbound switches set on the device gate the outbound module", async () => {
  await send("settings", "PATCH", { outbound: { modelDownload: false } });
  await assert.rejects(app.outbound.fetch({ purpose: "modelDownload", dataCategory: "none", url: "http://127.0.0.1:9/x" }), /turned off/);
  await send("settings", "PATCH", { outbound: { modelDownload: true } });
});

test("我的数据: categories with counts, items viewable and deletable, export, erase with confirmation", async () => {
  await app.conversation.turn({ text: "第一句" });
  await app.conversation.turn({ text: "第二句" });
  const overview = await json<{ categories: { id: string; count: number }[] }>(fetch(api("data")));
  const conversations = overview.categories.find((c) => c.id === "conversations");
  assert.equal(conversations?.count, 4);
  assert.ok(overview.categories.some((c) => c.id === "outbound"));

  const items = await json<{ items: { id: string; summary: string }[] }>(fetch(api("data/conversations?limit=2")));
  assert.equal(items.items.length, 2);
  const older = await json<{ items: { id: string }[] }>(fetch(api(`data/conversations?limit=10&before=${items.items[1]!.id}`)));
  assert.equal(older.items.length, 2);
  assert.equal((await send(`data/conversations/${items.items[0]!.id}`, "DELETE")).status, 200);
  assert.equal((await send(`data/conversations/${items.items[0]!.id}`, "DELETE")).status, 404);
  assert.equal((await fetch(api("data/no-such-category"))).status, 404);

  const exported = await fetch(api("data/export"));
  assert.match(exported.headers.get("content-disposition") ?? "", /guimi-export-.*\.json/);
  const archive = (await exported.json()) as { format: string; categories: { conversations: { messages: unknown[] }[] } };
  assert.equal(archive.format, "guimi-export");
  assert.equal(archive.categories.conversations[0]?.messages.length, 3);

  assert.equal((await send("data/erase", "POST", {})).status, 400); // no confirmation, nothing erased
  assert.equal(
    (await json<{ categories: { count: number }[] }>(fetch(api("data")))).categories.some((c) => c.count > 0),
    true,
  );
  const erased = await json<{ erased: Record<string, number> }>(send("data/erase", "POST", { confirm: "erase everything" }));
  assert.equal(erased.erased.conversations, 3);
  const after = await json<{ categories: { count: number }[] }>(fetch(api("data")));
  assert.ok(after.categories.every((c) => c.count === 0));
  assert.ok(statSync(app.paths.database).size > 0);
});

test("erasing everything also clears what the care engine held in memory (no weather, no remembered events)", async () => {
  const signal = await fetch(api("signals"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ type: "weather", condition: "rain", tempC: 18 }),
  });
  assert.equal(signal.status, 200, await signal.text());
  assert.notEqual((await json<{ current: unknown }>(fetch(api("weather")))).current, null);
  await send("data/erase", "POST", { confirm: "erase everything" });
  assert.equal((await json<{ current: unknown }>(fetch(api("weather")))).current, null);
});
