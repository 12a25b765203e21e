// End to end, in Debian's chromium with a fake camera (a y4m made here with ffmpeg from the group photo,
// whose raised hand is an open palm): with the switch on the page shows the camera badge and sends
// frames that the device reads (faces, the palm that stops); with it off the badge goes and no frame comes.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { createGuimiApp, type GuimiApp } from "../app/guimi-app.js";
import { startDaemon, type RunningDaemon } from "../server/daemon.js";
import { routeModules } from "../server/route-modules.js";
import { makeTempDir, sharedPath } from "../testing/paths.js";
import { browserSkipReason, launchChromium } from "./browser.js";

const skip = browserSkipReason({ needsFfmpeg: true });

let app: GuimiApp | undefined;
let daemon: RunningDaemon | undefined;
let browser: Browser | undefined;
const temp = makeTempDir("guimi-camera-live-");
const y4m = join(temp.dir, "camera.y4m");

before(async () => {
  if (skip) return;
  const made = spawnSync("ffmpeg", [
    "-loglevel",
    "error",
    "-y",
    "-loop",
    "1",
    "-i",
    sharedPath("images", "faces", "bbt1.jpg"),
    "-t",
    "2",
    "-r",
    "5",
    "-vf",
    "scale=640:-2",
    "-pix_fmt",
    "yuv420p",
    y4m,
  ]);
  assert.equal(made.status, 0, made.stderr.toString());
  browser = await launchChromium(["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-video-capture=${y4m}`]);
});
after(async () => {
  await browser?.close();
  await daemon?.stop();
  await app?.close();
  temp.cleanup();
});

test("camera on: badge shown, frames from the page read on the device; off: badge gone, no more frames", { skip, timeout: 180_000 }, async () => {
  app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true });
  daemon = await startDaemon(app, { host: "127.0.0.1", port: 0, modules: routeModules });
  const url = new URL("#/data", daemon.url).href;
  const context = await browser!.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN", permissions: ["camera"] });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByTestId("camera-note").waitFor({ timeout: 30_000 });
  assert.equal(await page.getByTestId("camera-indicator").count(), 0, "no badge while off");

  const vision = () => app!.vision.status!() as { framesThisRun: number };
  app.settings.update({ sensors: { camera: true } });
  await page.reload();
  const badge = page.getByTestId("camera-indicator");
  await badge.waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector("[data-testid=camera-indicator]")?.getAttribute("data-state") === "live", undefined, {
    timeout: 30_000,
  });
  const started = Date.now();
  while (vision().framesThisRun < 1 && Date.now() - started < 90_000) await new Promise((r) => setTimeout(r, 500));
  assert.ok(vision().framesThisRun >= 1, "a frame from the page was read");
  const signals = app.care.store.signalsSince(new Date(0));
  assert.ok(
    signals.some((s) => s.type === "activity" && s.source === "camera"),
    "someone at the screen",
  );

  app.settings.update({ sensors: { camera: false } });
  await page.reload();
  await page.getByTestId("camera-note").waitFor({ timeout: 30_000 });
  assert.equal(await badge.count(), 0, "badge gone with the switch");
  await new Promise((r) => setTimeout(r, 3000));
  const count = vision().framesThisRun;
  await new Promise((r) => setTimeout(r, 2500));
  assert.equal(vision().framesThisRun, count, "no frame after the switch went off");
  await context.close();
});
