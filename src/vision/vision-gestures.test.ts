// Gestures on the real app, with a real player (mpv, --ao=null) and a real music library: a thumbs-up
// after Guimi offers a song plays exactly that song, as saying 好 does; an open palm stops Guimi
// talking and pauses the music. What the camera "sees" is scripted (no thumbs-up photo in ../shared);
// everything after the frame is the device's own path.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { createGuimiApp, type GuimiApp } from "../app/guimi-app.js";
import { makeTempDir, sharedPath } from "../testing/paths.js";
import { makeTone, missingAudioTools } from "../media/audio-fixtures.js";
import { isMediaCapability, type MediaCapability } from "../media/index.js";
import type { VisionAnalyzer } from "./human-analyzer.js";
import type { HandReading } from "./vision-result.js";

const skip = missingAudioTools() ?? false;
const hand = (gesture: HandReading["gesture"]): HandReading => ({
  gesture,
  box: { x: 100, y: 60, width: 80, height: 120 },
  handedness: "right",
  confidence: 0.9,
});

describe("gestures carry out what she means", { skip, timeout: 120_000 }, () => {
  const temp = makeTempDir("guimi-vision-gestures-");
  const previousOut = process.env.GUIMI_AUDIO_OUT;
  let app: GuimiApp;
  let media: MediaCapability;
  let shows: HandReading[] = [];
  let interrupted = 0;
  let clock = Date.parse("2026-12-01T21:00:00Z");
  const analyzer: VisionAnalyzer = {
    analyze: async () => assert.fail("the capability decodes frames itself"),
    analyzeRgb: async (image) => ({ faces: [], hands: shows, people: 1, width: image.width, height: image.height }),
  };
  // Different photos one after another, so the motion gate lets each through to the (scripted) models.
  const photos = ["happy.jpg", "fearful.jpg", "surprised.jpg"].map((name) => readFileSync(sharedPath("images", "faces", name)));
  let next = 0;
  const frame = () => app.vision.handleFrame(photos[next++ % photos.length]!, "page");
  const until = async (check: () => boolean, what: string) => {
    for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(check(), what);
  };

  before(async () => {
    process.env.GUIMI_AUDIO_OUT = "mpv-null";
    const music = join(temp.dir, "Music");
    makeTone({ path: join(music, "晴天.flac"), seconds: 30, tags: { TITLE: "晴天", ARTIST: "周杰伦" } });
    app = await createGuimiApp({ dataDir: join(temp.dir, "home"), withoutModel: true, now: () => new Date(clock), vision: { analyzer: async () => analyzer } });
    app.startBackground({ speech: { synthesize: async () => Buffer.alloc(0), speak: async () => undefined, interrupt: () => void (interrupted += 1) } });
    media = app.capabilities.find(isMediaCapability)!;
    await media.scan(music);
    app.settings.update({ sensors: { camera: true } });
  });
  after(async () => {
    await media?.stop?.();
    await app?.close();
    if (previousOut === undefined) delete process.env.GUIMI_AUDIO_OUT;
    else process.env.GUIMI_AUDIO_OUT = previousOut;
    temp.cleanup();
  });

  test("a thumbs-up with nothing on offer only tells care she agrees; after an offer it plays exactly the song", async () => {
    shows = [hand("thumbs-up")];
    const nothing = await frame();
    assert.deepEqual(nothing.actions, ["yes"]);
    assert.equal(nothing.answer, undefined);
    assert.ok(!app.conversation.history().some((m) => m.role === "user"), "no 好 said for her when nothing was offered");

    const offer = media.suggestOffer("music");
    assert.ok(offer && offer.kind === "music");
    app.deliver({ kind: "care", rule: "late-night-rest", reason: "it is late", text: "我陪你听首《晴天》吧", lang: "zh", offer });
    clock += 5000; // past the held gesture's cooldown
    const yes = await frame();
    assert.deepEqual(yes.actions, ["yes"]);
    assert.deepEqual(yes.acceptedOffer, offer);
    assert.equal(yes.answer?.source, "media", JSON.stringify(yes.answer));
    await until(() => media.controller.status().state === "playing", "the offered song plays");
    assert.equal(media.controller.status().item?.title, "晴天");
    // In the conversation exactly as if she had said it.
    const [said, answered] = app.conversation.history().slice(-2);
    assert.deepEqual([said?.role, said?.text], ["user", "好"]);
    assert.equal(answered?.text, yes.answer?.text);
  });

  test("an open palm stops Guimi talking and pauses the music", async () => {
    assert.equal(media.controller.status().state, "playing");
    shows = [hand("open-palm")];
    const before = interrupted;
    clock += 5000;
    const stop = await frame();
    assert.deepEqual(stop.actions, ["stop"]);
    assert.equal(interrupted, before + 1, "the speaker was interrupted");
    assert.equal(media.controller.status().state, "paused");
    // Switched off in settings, a palm leaves the music alone.
    await media.controller.resume();
    app.settings.update({ gestures: { openPalmStop: false } });
    clock += 5000;
    assert.deepEqual((await frame()).actions, []);
    assert.equal(media.controller.status().state, "playing");
  });
});
