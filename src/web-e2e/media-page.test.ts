// The music screen in a real browser (Debian's chromium through playwright-core) against a daemon with
// GUIMI_AUDIO_OUT=null (no sound card: the null player keeps the same state and position): search and
// play from her library, the now-playing card on Home, a care offer tapped, the breathing circle.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import type { Browser, Page } from "playwright-core";
import { createGuimiApp, type GuimiApp } from "../app/guimi-app.js";
import { startDaemon, type RunningDaemon } from "../server/daemon.js";
import { routeModules } from "../server/route-modules.js";
import { makeTempDir, projectRoot } from "../testing/paths.js";
import { makeTone, missingAudioTools } from "../media/audio-fixtures.js";
import { isMediaCapability, type MediaCapability } from "../media/index.js";
import { browserSkipReason, launchChromium } from "./browser.js";

const screenshots = process.env.GUIMI_SCREENSHOTS === "1" ? join(projectRoot, "docs", "screenshots") : join(tmpdir(), "guimi-screenshots");
const skip = browserSkipReason() || (missingAudioTools() ?? false);

describe("music screen", { skip, timeout: 120_000 }, () => {
  const temp = makeTempDir("guimi-media-e2e-");
  const previousOut = process.env.GUIMI_AUDIO_OUT;
  let app: GuimiApp;
  let daemon: RunningDaemon;
  let media: MediaCapability;
  let browser: Browser;
  let page: Page;

  before(async () => {
    process.env.GUIMI_AUDIO_OUT = "null";
    const music = join(temp.dir, "Music");
    makeTone({ path: join(music, "qingtian.flac"), seconds: 240, tags: { TITLE: "晴天", ARTIST: "周杰伦", ALBUM: "叶惠美" } });
    makeTone({ path: join(music, "qilixiang.flac"), seconds: 240, tags: { TITLE: "七里香", ARTIST: "周杰伦", ALBUM: "七里香" } });
    makeTone({ path: join(music, "adele.ogg"), seconds: 200, tags: { TITLE: "Someone Like You", ARTIST: "Adele", ALBUM: "21" } });
    mkdirSync(screenshots, { recursive: true });
    app = await createGuimiApp({ dataDir: join(temp.dir, "home"), withoutModel: true });
    media = app.capabilities.find(isMediaCapability)!;
    await media.scan(music);
    await media.start?.();
    daemon = await startDaemon(app, { host: "127.0.0.1", port: 0, modules: routeModules });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true, locale: "zh-CN" });
    await context.addInitScript(() => localStorage.setItem("guimi.theme", "light"));
    page = await context.newPage();
  });
  after(async () => {
    await browser?.close();
    await daemon?.stop();
    await media?.stop?.();
    await app?.close();
    if (previousOut === undefined) delete process.env.GUIMI_AUDIO_OUT;
    else process.env.GUIMI_AUDIO_OUT = previousOut;
    temp.cleanup();
  });

  test("search her library, tap a song: it plays, with its time moving, pause and resume", async () => {
    await page.goto(new URL("#/music", daemon.url).href);
    await page.getByTestId("music").waitFor();
    await page.getByText("3 首歌").waitFor();
    await page.getByTestId("music-search").fill("周杰伦");
    await page.getByTestId("music-search-go").tap();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="song"]').length === 2);
    await page.getByTestId("song").filter({ hasText: "七里香" }).tap();
    await page.getByTestId("np-title").filter({ hasText: "七里香" }).waitFor();
    const time = page.locator(".now-playing .np-time");
    const first = await time.textContent();
    await page.waitForFunction((before) => document.querySelector(".now-playing .np-time")?.textContent !== before, first, { timeout: 5000 });
    assert.equal((await app.capabilities.find(isMediaCapability)!.controller.refresh()).item?.title, "七里香");
    await page.getByTestId("np-pause").tap();
    await page.locator('[data-testid="now-playing"][data-state="paused"]').waitFor();
    assert.equal(media.controller.status().state, "paused");
    await page.getByTestId("np-resume").tap();
    await page.locator('[data-testid="now-playing"][data-state="playing"]').waitFor();
    await page.screenshot({ path: join(screenshots, "music-1280x800.png") });
  });

  test("Home shows what plays, and stop clears it", async () => {
    await page.evaluate(() => (location.hash = "/home"));
    await page.getByTestId("home").waitFor();
    await page.getByTestId("now-playing").getByText("七里香").waitFor();
    await page.getByTestId("np-stop").tap();
    await page.getByTestId("now-playing").waitFor({ state: "detached" });
    assert.equal(media.controller.status().state, "stopped");
  });

  test("a care offer on the screen: one tap says 好 and plays exactly the offered song", async () => {
    const offer = media.suggestOffer("music")!;
    assert.equal(offer.kind, "music");
    app.deliver({ kind: "care", rule: "late-night-rest", reason: "it is late", text: "你该休息了，我陪你听首歌吧", lang: "zh", offer });
    await page.getByTestId("notice-play").tap();
    const title = offer.kind === "music" ? offer.title : "";
    await page.getByTestId("now-playing").getByText(title).waitFor();
    assert.equal(media.controller.status().item?.itemId, offer.kind === "music" ? offer.itemId : -1);
    await page.getByTestId("np-stop").tap();
  });

  test("rain with a sleep timer, and a breathing exercise with its circle", async () => {
    await page.evaluate(() => (location.hash = "/music"));
    await page.getByTestId("sound-rain").tap();
    await page.getByTestId("np-timer").waitFor();
    assert.equal(media.controller.status().item?.soundId, "rain");
    await page.getByTestId("meditation-breathing-478-3").tap();
    await page.getByTestId("breathing").waitFor();
    assert.equal(media.controller.status().meditation?.id, "breathing-478");
    // After the spoken introduction the circle grows with the first breath in.
    await page.locator('[data-testid="breathing"][data-breath="in"]').waitFor({ timeout: 30_000 });
    await page.getByTestId("breath-word").getByText("吸气").waitFor();
    await page.locator('[data-testid="breathing"][data-breath="hold"]').waitFor({ timeout: 8000 });
    await page.screenshot({ path: join(screenshots, "breathing-1280x800.png") });
    await page.getByTestId("np-stop").tap();
    await page.getByTestId("breathing").waitFor({ state: "detached" });
  });
});

describe("the page as the speaker (GUIMI_AUDIO_OUT=page)", { skip, timeout: 90_000 }, () => {
  const temp = makeTempDir("guimi-media-speaker-");
  const previousOut = process.env.GUIMI_AUDIO_OUT;
  let app: GuimiApp;
  let daemon: RunningDaemon;
  let media: MediaCapability;
  let browser: Browser;
  let page: Page;

  before(async () => {
    process.env.GUIMI_AUDIO_OUT = "page";
    makeTone({ path: join(temp.dir, "Music", "qingtian.flac"), seconds: 30, tags: { TITLE: "晴天", ARTIST: "周杰伦" } });
    app = await createGuimiApp({ dataDir: join(temp.dir, "home"), withoutModel: true });
    media = app.capabilities.find(isMediaCapability)!;
    await media.scan(join(temp.dir, "Music"));
    await media.start?.();
    daemon = await startDaemon(app, { host: "127.0.0.1", port: 0, modules: routeModules });
    // The kiosk's browser lets the device start sound without a tap (a voice request has none).
    browser = await launchChromium(["--autoplay-policy=no-user-gesture-required"]);
    page = await (await browser.newContext({ viewport: { width: 800, height: 1280 }, hasTouch: true, locale: "zh-CN" })).newPage();
  });
  after(async () => {
    await browser?.close();
    await daemon?.stop();
    await media?.stop?.();
    await app?.close();
    if (previousOut === undefined) delete process.env.GUIMI_AUDIO_OUT;
    else process.env.GUIMI_AUDIO_OUT = previousOut;
    temp.cleanup();
  });

  test("a song asked for in words plays in the page's <audio>, which reports where it is", async () => {
    await page.goto(new URL("#/home", daemon.url).href);
    await page.getByTestId("home").waitFor();
    const reply = await app.conversation.turn({ text: "放《晴天》" });
    assert.equal(reply.text, "好，放周杰伦的《晴天》。");
    await page.waitForFunction(
      () => {
        const audio = document.querySelector<HTMLAudioElement>('[data-testid="page-speaker"]');
        return Boolean(audio && !audio.paused && audio.currentTime > 1);
      },
      undefined,
      { timeout: 15_000 },
    );
    await new Promise((r) => setTimeout(r, 1200)); // a report arrives each second
    const status = await media.controller.refresh();
    const pageTime = await page.evaluate(() => document.querySelector<HTMLAudioElement>('[data-testid="page-speaker"]')!.currentTime);
    assert.equal(status.output, "page");
    assert.ok(Math.abs(status.positionS! - pageTime) < 1.5, `device ${status.positionS} vs page ${pageTime}`);
    await app.conversation.turn({ text: "暂停" });
    await page.waitForFunction(() => document.querySelector<HTMLAudioElement>('[data-testid="page-speaker"]')!.paused);
    await app.conversation.turn({ text: "继续" });
    await page.waitForFunction(() => !document.querySelector<HTMLAudioElement>('[data-testid="page-speaker"]')!.paused);
    await page.getByTestId("np-stop").tap();
    await page.waitForFunction(() => !document.querySelector<HTMLAudioElement>('[data-testid="page-speaker"]')!.getAttribute("src"));
  });
});
