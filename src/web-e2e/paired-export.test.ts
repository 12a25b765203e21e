// End to end: the page on a paired phone (a real browser reaching the daemon over the LAN address, the
// token from the pairing address) saves her export and her reminders' .ics through one-time links; the
// device's token is in no URL the browser requested. Real browser (Debian's chromium), real daemon, no model.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { networkInterfaces } from "node:os";
import type { Browser } from "playwright-core";
import { createGuimiApp, type GuimiApp } from "../app/guimi-app.js";
import { startDaemon, type RunningDaemon } from "../server/daemon.js";
import { routeModules } from "../server/route-modules.js";
import { makeTempDir } from "../testing/paths.js";
import { browserSkipReason, launchChromium } from "./browser.js";

const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === "IPv4" && !i.internal)?.address;
const skip = browserSkipReason() || (!lanAddress ? "this machine has no LAN interface" : false);

describe("export on a paired phone", { skip, timeout: 90_000 }, () => {
  let app: GuimiApp;
  let daemon: RunningDaemon;
  let browser: Browser;
  const temp = makeTempDir("guimi-paired-export-");

  before(async () => {
    app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true });
    app.reminders.create({ text: "明天早上八点提醒我吃药" }, app.now());
    daemon = await startDaemon(app, { host: "0.0.0.0", port: 0, modules: routeModules });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await daemon?.stop();
    await app?.close();
    temp.cleanup();
  });

  test("我的数据 → export downloads the archive; the reminders' .ics too", async () => {
    const { token } = app.devices.issue("phone");
    const base = `http://${lanAddress}:${daemon.port}/`;
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 800, height: 1280 } });
    const page = await context.newPage();
    const requested: string[] = [];
    context.on("request", (request) => requested.push(request.url()));
    await page.goto(`${base}#pair=${token}`);
    // The page keeps the token and clears the fragment; only then is it a paired page to navigate.
    await page.waitForFunction(() => !location.hash.includes("pair=") && localStorage.getItem("guimi.token") !== null);
    await page.goto(`${base}#/data`);
    const exportLink = page.getByTestId("export-json");
    await exportLink.waitFor({ state: "visible", timeout: 15_000 });
    const download = page.waitForEvent("download");
    await exportLink.click();
    const file = await download;
    assert.match(file.url(), /\/api\/v1\/data\/export\?dl=[A-Za-z0-9_-]{43}$/, "through a one-time link");
    const archive = JSON.parse(readFileSync((await file.path())!, "utf8")) as { format: string; categories: Record<string, unknown> };
    assert.equal(archive.format, "guimi-export");
    assert.ok(JSON.stringify(archive.categories).includes("吃药"));

    const ics = page.getByTestId("export-ics");
    await ics.waitFor({ state: "visible", timeout: 10_000 });
    const icsDownload = page.waitForEvent("download");
    await ics.click();
    const icsFile = await icsDownload;
    assert.equal(icsFile.suggestedFilename(), "guimi-reminders.ics");
    assert.match(readFileSync((await icsFile.path())!, "utf8"), /BEGIN:VCALENDAR/);

    assert.ok(
      requested.filter((url) => url.includes("/api/")).every((url) => !url.includes(token)),
      "the token is in no API URL",
    );
    assert.ok(requested.some((url) => url.endsWith("/api/v1/downloads")));
    await context.close();
  });
});
