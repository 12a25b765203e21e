// One-time download links: a paired phone saves her export (and her reminders as .ics) with a link
// that works once, for a minute, for that path only, and dies with the device; no token in any URL.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { HttpBindings } from "@hono/node-server";
import { createGuimiApp, type GuimiApp } from "../app/guimi-app.js";
import { createHttpApi } from "./http-api.js";
import { routeModules } from "./route-modules.js";
import { createDownloadLinks } from "./download-links.js";
import { loopbackEnv } from "../testing/loopback-env.js";
import { makeTempDir } from "../testing/paths.js";

const phoneEnv = { incoming: { socket: { remoteAddress: "192.168.1.50" } } } as unknown as HttpBindings;

test("a link works once, for its path only, until it expires; a revoked device's links are gone", () => {
  let now = 1_000;
  const links = createDownloadLinks({ now: () => now, ttlMs: 60_000 });
  const phone = { id: "d_phone123", name: "phone" };
  const ticket = (url: string) => new URL(url, "http://x").searchParams.get("dl")!;
  const first = links.issue("/data/export", phone);
  assert.match(first.url, /^\/api\/v1\/data\/export\?dl=[A-Za-z0-9_-]{43}$/);
  assert.equal(first.expiresAt.getTime(), 61_000);
  assert.deepEqual(links.redeem(ticket(first.url), "/api/v1/data/export"), phone);
  assert.equal(links.redeem(ticket(first.url), "/api/v1/data/export"), null, "once");
  const other = links.issue("/data/export", phone);
  assert.equal(links.redeem(ticket(other.url), "/api/v1/reminders/export.ics"), null, "another path");
  const late = links.issue("/reminders/export.ics", phone);
  now += 60_001;
  assert.equal(links.redeem(ticket(late.url), "/api/v1/reminders/export.ics"), null, "expired");
  const revoked = links.issue("/data/export", phone);
  links.forget(phone.id);
  assert.equal(links.redeem(ticket(revoked.url), "/api/v1/data/export"), null, "revoked");
  assert.equal(links.redeem("not-a-ticket", "/api/v1/data/export"), null);
  for (let i = 0; i < 200; i++) links.issue("/data/export", phone);
});

const temp = makeTempDir("guimi-downloads-");
let app: GuimiApp;
let http: ReturnType<typeof createHttpApi>;
before(async () => {
  app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true });
  http = createHttpApi(app, routeModules);
});
after(async () => {
  await app.close();
  temp.cleanup();
});

test("a paired phone downloads her export through a one-time link; the link is refused a second time", async () => {
  const { device, token } = app.devices.issue("phone");
  const auth = { authorization: `Bearer ${token}` };
  app.reminders.create({ text: "明天早上八点提醒我吃药" }, app.now());
  // A browser download sends no Authorization header: the plain address is refused on the phone, as before.
  assert.equal((await http.request("/api/v1/data/export", {}, phoneEnv)).status, 401);
  const ask = await http.request(
    "/api/v1/downloads",
    { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ path: "/data/export" }) },
    phoneEnv,
  );
  assert.equal(ask.status, 200);
  const { url, expiresAt } = (await ask.json()) as { url: string; expiresAt: string };
  assert.ok(!url.includes(token), "the device's token is not in the link");
  assert.ok(Date.parse(expiresAt) - Date.now() <= 60_000);
  const file = await http.request(url, {}, phoneEnv);
  assert.equal(file.status, 200);
  assert.match(file.headers.get("content-disposition") ?? "", /attachment; filename="guimi-export-/);
  assert.match(await file.text(), /吃药/);
  assert.equal((await http.request(url, {}, phoneEnv)).status, 401, "once");

  // The same for the reminders' .ics; a link for one download does not open another.
  const ics = (await (
    await http.request(
      "/api/v1/downloads",
      { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ path: "/reminders/export.ics" }) },
      phoneEnv,
    )
  ).json()) as { url: string };
  const wrongPath = ics.url.replace("/reminders/export.ics", "/data/export");
  assert.equal((await http.request(wrongPath, {}, phoneEnv)).status, 401);

  // Revoked, the phone's outstanding links die with it.
  const pending = (await (
    await http.request(
      "/api/v1/downloads",
      { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ path: "/data/export" }) },
      phoneEnv,
    )
  ).json()) as { url: string };
  app.devices.revoke(device.id);
  assert.equal((await http.request(pending.url, {}, phoneEnv)).status, 401);
});

test("only the downloads 我的数据 offers get links; this device's own screen gets the plain address", async () => {
  const { token } = app.devices.issue("tablet");
  const bad = await http.request(
    "/api/v1/downloads",
    { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ path: "/data/erase" }) },
    phoneEnv,
  );
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /path/);
  const local = await http.request(
    "/api/v1/downloads",
    { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ path: "/data/export" }) },
    loopbackEnv,
  );
  assert.deepEqual(await local.json(), { url: "/api/v1/data/export", expiresAt: null });
});
