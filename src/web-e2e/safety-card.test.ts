// End to end: after words of crisis the touchscreen shows the help-line card (her region's lines) until she
// dismisses it; the settings page picks the region. Real browser (Debian's chromium), real daemon, no model.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import type { Browser } from "playwright-core";
import { createGuimiApp, type GuimiApp } from "../app/guimi-app.js";
import { startDaemon, type RunningDaemon } from "../server/daemon.js";
import { routeModules } from "../server/route-modules.js";
import { makeTempDir } from "../testing/paths.js";
import { browserSkipReason, launchChromium } from "./browser.js";

const screenshots = join(tmpdir(), "guimi-screenshots");
const skip = browserSkipReason();

describe("help-line card", { skip, timeout: 90_000 }, () => {
  let app: GuimiApp;
  let daemon: RunningDaemon;
  let browser: Browser;
  const temp = makeTempDir("guimi-safety-e2e-");
  const api = (path: string) => new URL(`api/v1/${path}`, daemon.url);

  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true });
    app.setTimeZone("Asia/Hong_Kong");
    daemon = await startDaemon(app, { host: "127.0.0.1", port: 0, modules: routeModules });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await daemon?.stop();
    await app?.close();
    temp.cleanup();
  });

  test("a crisis message opens the card with Hong Kong's lines; dismissing it closes it for good", async () => {
    const turn = (await (
      await fetch(api("chat"), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "我真的不想活了" }) })
    ).json()) as { source: string };
    assert.equal(turn.source, "crisis");
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(daemon.url);
    const card = page.getByTestId("safety-card");
    await card.waitFor({ state: "visible", timeout: 15_000 });
    assert.match((await card.textContent()) ?? "", /2389 2222/);
    await page.screenshot({ path: join(screenshots, "safety-card-1280x800.png") });
    await page.getByTestId("safety-card-dismiss").click();
    await card.waitFor({ state: "detached", timeout: 5_000 });
    const after = (await (await fetch(api("safety/card"))).json()) as { card: unknown };
    assert.equal(after.card, null);
    await page.reload();
    await page.waitForTimeout(500);
    assert.equal(await page.getByTestId("safety-card").count(), 0);

    await page.goto(`${daemon.url}#/settings`);
    const section = page.getByTestId("helpline-settings");
    await section.waitFor({ state: "visible", timeout: 10_000 });
    await section.locator("select").selectOption("GB");
    await page.waitForFunction(() => document.querySelector('[data-testid="helpline-settings"]')?.textContent?.includes("116 123"));
    assert.equal(app.settings.get().safety.helplineRegion, "GB");
    await page.close();
  });
});
