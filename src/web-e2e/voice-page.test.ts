// The page's microphone end to end: Debian's Chromium with a fake microphone playing a real recording,
// the daemon in-process with real Silero VAD, pocketsphinx and espeak-ng. Press the mic, see what she
// said and the reply, receive the reply's audio.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createGuimiApp } from "../app/guimi-app.js";
import { startDaemon } from "../server/daemon.js";
import { makeTempDir } from "../testing/paths.js";
import { encodeWav16 } from "../perception/voice/index.js";
import { goForwardSamples, hasEspeak, hasPocketsphinx, installVadModel } from "../voice/voice-fixtures.js";
import { browserSkipReason, launchChromium } from "./browser.js";

const skip = browserSkipReason() || (!hasPocketsphinx ? "pocketsphinx is not installed" : !hasEspeak ? "espeak-ng is not installed" : false);

test("the page's microphone: hands-free capture, transcript, reply and spoken audio", { skip, timeout: 180_000 }, async () => {
  const temp = makeTempDir("guimi-voice-e2e-");
  installVadModel(temp.dir);
  // Chromium loops the file as its microphone: half a second of quiet, the words, then two seconds of quiet.
  const speech = goForwardSamples();
  const fake = new Float32Array(16_000 * 0.5 + speech.length + 16_000 * 2);
  fake.set(speech, 8000);
  const wav = join(temp.dir, "mic.wav");
  writeFileSync(wav, encodeWav16(fake, 16_000));
  // Chromium's fake capture device reads the file only when it is readable by others (a 0600 file gives silence).
  chmodSync(wav, 0o644);
  const app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true });
  app.settings.update({ sensors: { microphone: true } });
  const daemon = await startDaemon(app, { host: "127.0.0.1", port: 0 });
  const browser = await launchChromium([
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    `--use-file-for-fake-audio-capture=${wav}`,
    "--autoplay-policy=no-user-gesture-required",
  ]);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const binaryFrames: number[] = [];
    const voiceEvents: string[] = [];
    const sentFrames: number[] = [];
    page.on("console", (m) => voiceEvents.push(`console:${m.text()}`));
    page.on("websocket", (ws) => {
      if (!ws.url().includes("/api/v1/voice")) return;
      ws.on("framesent", ({ payload }) => {
        if (typeof payload !== "string") sentFrames.push(payload.length);
      });
      ws.on("framereceived", ({ payload }) => {
        if (typeof payload === "string") {
          const event = JSON.parse(payload) as { type: string; text?: string };
          voiceEvents.push(event.type === "transcript" ? `transcript:${event.text}` : event.type);
        } else binaryFrames.push(payload.length);
      });
    });
    await page.goto(new URL("#/chat", daemon.url).href);
    const mic = page.getByTestId("mic");
    await mic.waitFor();
    await page.waitForFunction(() => !(document.querySelector('[data-testid="mic"]') as HTMLButtonElement | null)?.disabled, null, { timeout: 20_000 });
    assert.match((await page.getByTestId("voice-line").textContent()) ?? "", /pocketsphinx-en-us \(en\)/);
    // A short tap: hands-free, the VAD decides when she has finished. Chromium's fake capture device now
    // and then delivers no samples at all (the worklet sees no input); a fresh capture then gets them.
    for (let attempt = 0; attempt < 3 && !voiceEvents.includes("vad-start"); attempt++) {
      await mic.click();
      const until = Date.now() + 12_000;
      while (!voiceEvents.includes("vad-start") && Date.now() < until) await page.waitForTimeout(200);
      if (!voiceEvents.includes("vad-start")) {
        await mic.click(); // ends hands-free
        await page.waitForTimeout(500);
      }
    }
    // The browser's own processing (noise suppression, gain) varies what pocketsphinx makes of the tail.
    await page
      .getByTestId("voice-line")
      .getByText(/go forward/)
      .waitFor({ timeout: 60_000 })
      .catch(async (error: Error) =>
        assert.fail(
          `${error.message}; line "${await page.getByTestId("voice-line").textContent()}" phase ${await mic.getAttribute("data-phase")}; voice events: ${voiceEvents.join(",")}; frames sent: ${sentFrames.length}`,
        ),
      );
    await page
      .getByTestId("chat-list")
      .getByText(/go forward/)
      .first()
      .waitFor({ timeout: 30_000 });
    await page
      .getByTestId("chat-list")
      .getByText(/model isn't installed/)
      .first()
      .waitFor({ timeout: 30_000 });
    const deadline = Date.now() + 30_000;
    while (binaryFrames.length < 2 && Date.now() < deadline) await page.waitForTimeout(200);
    assert.ok(binaryFrames.length >= 2, `reply audio frames: ${binaryFrames.length}; events ${voiceEvents.join(",")}`);
    for (const type of ["ready", "vad-start", "vad-end", "transcript:", "reply-start", "reply-end", "audio"])
      assert.ok(
        voiceEvents.some((e) => e.startsWith(type)),
        `${type} in ${voiceEvents.join(",")}`,
      );
    const said = app.store
      .list("default")
      .filter((m) => m.role === "user")
      .map((m) => m.text);
    assert.ok(
      said.some((text) => /^go forward/.test(text)),
      said.join(" | "),
    );
    await mic.click(); // a tap ends hands-free
  } finally {
    await browser.close();
    await daemon.stop();
    await app.close();
    temp.cleanup();
  }
});
