// The camera end to end on the real app, real HTTP and real models: off means refused and nothing
// read; on, a fearful face brings the check-in, an open palm stops Guimi talking, her presence late at
// night is activity for care, and 我的数据 says no frame is stored.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { createGuimiApp, type GuimiApp } from "../app/guimi-app.js";
import { startDaemon, type RunningDaemon } from "../server/daemon.js";
import { routeModules } from "../server/route-modules.js";
import { makeTempDir, sharedPath } from "../testing/paths.js";
import type { CareSignal } from "../care/care-signal.js";
import { visionCapability } from "./vision-capability.js";
import type { VisionAnalyzer } from "./human-analyzer.js";
import type { VisionResult } from "./vision-result.js";

const photo = (dir: string, name: string) => readFileSync(sharedPath("images", dir, name));
const skip = existsSync(sharedPath("images", "faces", "fearful.jpg")) ? false : "shared images not found";

let app: GuimiApp;
let daemon: RunningDaemon;
const temp = makeTempDir();
// An afternoon, then late at night (the device's zone is the box's, UTC here unless config says).
let clock = new Date("2026-12-01T14:00:00Z");
let interrupted = 0;

before(async () => {
  app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true, now: () => clock });
  app.startBackground({ speech: { synthesize: async () => Buffer.alloc(0), speak: async () => undefined, interrupt: () => void (interrupted += 1) } });
  daemon = await startDaemon(app, { host: "127.0.0.1", port: 0, modules: routeModules });
});
after(async () => {
  await daemon.stop();
  await app.close();
  temp.cleanup();
});

const api = (path: string) => new URL(`api/v1/${path}`, daemon.url);
const frame = (bytes: Buffer | Uint8Array, type = "image/jpeg") =>
  fetch(api("sensors/camera"), { method: "POST", headers: { "content-type": type }, body: bytes as unknown as BodyInit });
const patch = (body: unknown) => fetch(api("settings"), { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

test("with the camera off a frame is refused (403) and nothing is read; bad bodies are 400s", { skip, timeout: 60_000 }, async () => {
  const refused = await frame(photo("faces", "fearful.jpg"));
  assert.equal(refused.status, 403);
  assert.match(await refused.text(), /camera is off/);
  assert.equal(app.care.store.signalsSince(new Date(0)).length, 0);
  assert.equal((await patch({ sensors: { camera: true } })).status, 200);
  assert.equal((await frame(new Uint8Array(0))).status, 400);
  const garbage = await frame(new TextEncoder().encode("not an image at all"));
  assert.equal(garbage.status, 400);
  assert.match(await garbage.text(), /not a JPEG or PNG/);
  assert.equal(
    (
      await fetch(api("sensors/camera?stream=../x"), {
        method: "POST",
        headers: { "content-type": "image/jpeg" },
        body: photo("faces", "happy.jpg") as unknown as BodyInit,
      })
    ).status,
    400,
  );
});

test("a fearful face moves the mood, reaches care, and brings the check-in", { skip, timeout: 120_000 }, async () => {
  await patch({ sensors: { camera: true } });
  const messages: { rule: string; text: string }[] = [];
  const off = app.bus.on("care-message", (m) => messages.push(m));
  try {
    const response = await frame(photo("faces", "fearful.jpg"));
    assert.equal(response.status, 200);
    const body = (await response.json()) as { vision: VisionResult; present: boolean };
    assert.equal(body.vision.faces[0]?.label, "fear");
    assert.equal(body.present, true);
    assert.ok(app.mood.current(clock).confidence > 0, "the face moved the mood");
    const signals = app.care.store.signalsSince(new Date(0));
    assert.ok(signals.some((s) => s.type === "face" && s.expression === "fear"));
    assert.ok(signals.some((s) => s.type === "activity" && s.kind === "work" && s.source === "camera"));
    assert.ok(
      messages.some((m) => m.rule === "looks-down"),
      JSON.stringify(messages),
    );
  } finally {
    off();
  }
});

test("an open palm (the raised hand in the group photo) stops Guimi talking", { skip, timeout: 120_000 }, async () => {
  clock = new Date(clock.getTime() + 60_000);
  const before = interrupted;
  const response = await frame(photo("faces", "bbt1.jpg"));
  const body = (await response.json()) as { vision: VisionResult; actions: string[] };
  assert.ok(
    body.vision.hands.some((h) => h.gesture === "open-palm"),
    JSON.stringify(body.vision.hands),
  );
  assert.deepEqual(body.actions, ["stop"]);
  assert.equal(interrupted, before + 1);
  // Switched off in settings, the same palm does nothing.
  await patch({ gestures: { openPalmStop: false } });
  clock = new Date(clock.getTime() + 60_000);
  const again = (await (await frame(photo("faces", "bbt1.jpg"))).json()) as { actions: string[] };
  assert.deepEqual(again.actions, []);
  assert.equal(interrupted, before + 1);
  await patch({ gestures: { openPalmStop: true } });
});

test("coming back to the desk late at night is activity for care; the switch off stops it at once", { skip, timeout: 120_000 }, async () => {
  clock = new Date("2026-12-01T23:40:00Z");
  const messages: { rule: string }[] = [];
  const off = app.bus.on("care-message", (m) => messages.push(m));
  try {
    assert.equal((await frame(photo("faces", "happy.jpg"))).status, 200);
    const late = app.care.store.signalsSince(new Date("2026-12-01T23:00:00Z"));
    assert.ok(
      late.some((s) => s.type === "activity" && s.kind === "work" && s.source === "camera"),
      JSON.stringify(late),
    );
    assert.ok(
      messages.some((m) => m.rule === "camera-welcome"),
      "back after a while: welcome",
    );
  } finally {
    off();
  }
  await patch({ sensors: { camera: false } });
  assert.equal((await frame(photo("faces", "happy.jpg"))).status, 403);
});

test("我的数据 lists camera frames with none stored; /status reports the camera honestly", { skip }, async () => {
  const data = (await (await fetch(api("data"))).json()) as { categories: { id: string; count: number; description: { zh: string } }[] };
  const camera = data.categories.find((c) => c.id === "camera-frames");
  assert.ok(camera, JSON.stringify(data.categories.map((c) => c.id)));
  assert.equal(camera.count, 0);
  assert.match(camera.description.zh, /从不保存/);
  const status = (await (await fetch(api("status"))).json()) as { capabilities: Record<string, { camera: boolean; stored: number }> };
  assert.equal(status.capabilities.vision?.camera, false);
  assert.equal(status.capabilities.vision?.stored, 0);
});

test("a thumbs-up is a yes to what care just offered (the care engine hears it as her answer)", async () => {
  const signals: CareSignal[] = [];
  const scripted: VisionAnalyzer = {
    analyze: async () => ({
      faces: [],
      hands: [{ gesture: "thumbs-up", box: { x: 10, y: 10, width: 80, height: 120 }, handedness: "unknown", confidence: 0.9 }],
      people: 1,
      width: 320,
      height: 240,
    }),
    analyzeRgb: async () => {
      throw new Error("not used");
    },
  };
  const vision = visionCapability.create({
    settings: { get: () => ({ sensors: { camera: true }, gestures: { openPalmStop: true, thumbsUpYes: true, waveGreet: true } }) },
    now: () => new Date("2026-12-01T15:00:00Z"),
    observeMood: () => undefined,
    care: { signal: async (s) => void signals.push(s), pendingOffer: () => ({ offer: { kind: "music", mood: "calm" }, messageId: 7 }) },
    stopSpeaking: () => assert.fail("no stop"),
    greet: () => undefined,
    analyzer: async () => scripted,
  });
  const outcome = await vision.handleFrame(new Uint8Array([1]));
  assert.deepEqual(outcome.actions, ["yes"]);
  assert.deepEqual(outcome.acceptedOffer, { kind: "music", mood: "calm" });
  assert.ok(signals.some((s) => s.type === "ack"));
});

test("the device camera (ffmpeg, here a looped photo): frames read at about 1/s while on, capture gone the moment the switch is off", {
  skip,
  timeout: 60_000,
}, async () => {
  let camera = true;
  let frames = 0;
  const seen: number[] = [];
  const vision = visionCapability.create({
    settings: { get: () => ({ sensors: { camera }, gestures: { openPalmStop: true, thumbsUpYes: true, waveGreet: true } }) },
    now: () => new Date(),
    observeMood: () => undefined,
    care: { signal: async () => undefined, pendingOffer: () => null },
    stopSpeaking: () => undefined,
    greet: () => undefined,
    captureInput: () => ["-re", "-loop", "1", "-i", sharedPath("images", "faces", "happy.jpg")],
    analyzer: async () => ({
      analyze: async (bytes) => {
        frames++;
        seen.push(Date.now());
        assert.equal(bytes[0], 0xff, "a JPEG frame");
        return { faces: [], hands: [], people: 1, width: 320, height: 240 };
      },
      analyzeRgb: async () => assert.fail("not used"),
    }),
  });
  await vision.start!();
  await new Promise((r) => setTimeout(r, 3500));
  assert.equal(vision.status!().deviceCamera, "capturing");
  assert.ok(frames >= 2 && frames <= 5, `${frames} frames read in 3.5 s at 4 fps captured`);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i]! - seen[i - 1]! >= 900, "about one a second while idle");
  camera = false;
  vision.cameraSwitched(false);
  const count = frames;
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(frames, count, "nothing read after the switch went off");
  assert.equal(vision.status!().deviceCamera, "idle");
  await vision.stop!();
});
