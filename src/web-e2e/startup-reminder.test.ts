// End to end, in Debian's chromium: a reminder that rang at start-up, before any page was connected, is
// shown on the page that opens right after (from the stored messages), once; dismissed, it stays gone.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { createGuimiApp, type GuimiApp } from "../app/guimi-app.js";
import { startDaemon, type RunningDaemon } from "../server/daemon.js";
import { routeModules } from "../server/route-modules.js";
import { makeTempDir } from "../testing/paths.js";
import type { GuimiEvents } from "../kernel/event-bus.js";
import { browserSkipReason, launchChromium } from "./browser.js";

const skip = browserSkipReason();

let app: GuimiApp | undefined;
let daemon: RunningDaemon | undefined;
let browser: Browser | undefined;
const temp = makeTempDir("guimi-startup-reminder-");

before(async () => {
  if (skip) return;
  browser = await launchChromium(["--disable-component-update"]);
});
after(async () => {
  await browser?.close();
  await daemon?.stop();
  await app?.close();
  temp.cleanup();
});

test("a reminder due while off rings at start-up and the page opened afterwards shows it once", { skip, timeout: 90_000 }, async () => {
  const realStart = Date.now();
  let shift = 0;
  const now = () => new Date(Date.now() + shift);
  app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true, now });
  const { reminder } = app.reminders.create({ title: "起来活动一下", dueAt: new Date(realStart + 10 * 60_000).toISOString(), lang: "zh" }, now());
  await app.close();

  // Off for eleven minutes; on start-up the reminder rings (within its grace), before any page is there.
  shift = 11 * 60_000;
  app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true, now });
  const fired: GuimiEvents["care-message"][] = [];
  app.bus.on("care-message", (m) => fired.push(m));
  app.startBackground({ timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
  assert.equal(fired.length, 1);
  assert.equal(fired[0]?.reminderId, reminder.id);
  daemon = await startDaemon(app, { host: "127.0.0.1", port: 0, modules: routeModules });

  const context = await browser!.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true, locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto(new URL("#/home", daemon.url).href);
  const banner = page.getByTestId("notice-banner");
  await banner.getByText("起来活动一下").waitFor({ timeout: 30_000 });
  await page.getByTestId("notice-ok").first().tap();
  await banner.waitFor({ state: "detached" });
  // Reloaded (or reconnected), it does not ring again on the page.
  await page.reload();
  await page.getByTestId("home").waitFor();
  await page.waitForTimeout(1500);
  assert.equal(await page.getByTestId("notice-banner").count(), 0);
  await context.close();
});
