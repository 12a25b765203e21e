// End to end: the wake-word switch in 我的数据 in a real browser (Debian's Chromium), against the daemon
// in-process with a real SQLite file. Switched on without the keyword model, the page says it is not active
// and how to install it; her own phrases are saved, a phrase in Latin letters is refused with the reason,
// and after a reload the switch is still on.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { createGuimiApp, type GuimiApp } from "../app/guimi-app.js";
import { startDaemon, type RunningDaemon } from "../server/daemon.js";
import { routeModules } from "../server/route-modules.js";
import { makeTempDir } from "../testing/paths.js";
import { browserSkipReason, launchChromium } from "./browser.js";

const skip = browserSkipReason();

describe("wake-word switch in 我的数据", { skip, timeout: 90_000 }, () => {
  let app: GuimiApp;
  let daemon: RunningDaemon;
  let browser: Browser;
  const temp = makeTempDir("guimi-wake-e2e-");

  before(async () => {
    app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true });
    daemon = await startDaemon(app, { host: "127.0.0.1", port: 0, modules: routeModules });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await daemon?.stop();
    await app?.close();
    temp.cleanup();
  });

  test("on without the model: stored, shown as not active with the pull command; phrases saved or refused", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(new URL("#/data", daemon.url).href);
    const toggle = page.getByTestId("wake-word-toggle");
    await page.waitForFunction(() => !(document.querySelector('[data-testid="wake-word-toggle"]') as HTMLButtonElement | null)?.disabled);
    assert.equal(await toggle.getAttribute("aria-checked"), "false");
    assert.match((await page.getByTestId("wake-word-status").textContent()) ?? "", /唤醒词关着/);
    assert.match((await toggle.textContent()) ?? "", /小蜜小蜜/);

    await toggle.click();
    await page.waitForFunction(() => /guimi model pull/.test(document.querySelector('[data-testid="wake-word-status"]')?.textContent ?? ""));
    assert.match((await page.getByTestId("wake-word-status").textContent()) ?? "", /模型没装.*guimi model pull kws-zipformer-wenetspeech-3\.3m/);
    assert.equal(app.settings.get().wakeWord.enabled, true);

    await page.getByTestId("wake-word-phrases").fill("阿宝，米米");
    await page.getByTestId("wake-word-save").click();
    await page.waitForFunction(() => (document.querySelector('[data-testid="wake-word-phrases"]') as HTMLInputElement | null)?.value === "阿宝，米米");
    await waitFor(() => app.settings.get().wakeWord.phrases.length === 2);
    assert.deepEqual(app.settings.get().wakeWord.phrases, ["阿宝", "米米"]);

    await page.getByTestId("wake-word-phrases").fill("Mimi");
    await page.getByTestId("wake-word-save").click();
    await page.getByTestId("toast").waitFor();
    assert.match((await page.getByTestId("toast").textContent()) ?? "", /wakeWord\.phrases\.0.*Chinese/);
    assert.deepEqual(app.settings.get().wakeWord.phrases, ["阿宝", "米米"], "the refused phrase is not stored");

    await page.reload();
    await page.waitForFunction(() => document.querySelector('[data-testid="wake-word-toggle"]')?.getAttribute("aria-checked") === "true");
    assert.equal(await page.getByTestId("wake-word-phrases").inputValue(), "阿宝，米米");
    await page.close();
  });
});

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}
