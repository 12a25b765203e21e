// The queue, the sleep timer's fade, and guided meditation, on the null player and a virtual clock;
// songs and sounds are real files (sox), the library a real SQLite file.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { openDatabase, type Db } from "../storage/database.js";
import { coreMigrations } from "../storage/core-migrations.js";
import { makeTempDir } from "../testing/paths.js";
import { mediaMigrations } from "./media-migrations.js";
import { createMediaLibrary, type MediaLibrary } from "./media-library.js";
import { scanLibrary } from "./library-scanner.js";
import { makeTone, missingAudioTools } from "./audio-fixtures.js";
import { createNullPlayer } from "./null-player.js";
import { createMediaController, type MediaStatus } from "./media-controller.js";
import { ensureSleepSound, seamlessLoop } from "./sleep-sounds.js";
import { fadeFactor, sleepTimerFor } from "./media-session.js";
import { meditationScript, scriptSeconds } from "./meditation-scripts.js";

const skip = missingAudioTools() ?? false;

test("the sleep timer fades over its last tenth, between 5 and 60 seconds", () => {
  const t0 = 1_000_000;
  const timer = sleepTimerFor(t0, 30);
  assert.equal(timer.fadeS, 60);
  assert.equal(fadeFactor(timer, t0), 1);
  assert.equal(fadeFactor(timer, t0 + 29 * 60_000), 1);
  assert.equal(fadeFactor(timer, t0 + 29.5 * 60_000), 0.25);
  assert.equal(fadeFactor(timer, t0 + 30 * 60_000), 0);
  assert.equal(sleepTimerFor(t0, 1).fadeS, 6);
});

test("meditation scripts fill their minutes, in both languages", () => {
  for (const lang of ["zh", "en"] as const) {
    for (const [id, minutes] of [
      ["breathing-478", 5],
      ["body-scan", 3],
      ["body-scan", 10],
      ["falling-asleep", 10],
    ] as const) {
      const script = meditationScript(id, lang, minutes);
      const seconds = scriptSeconds(script);
      assert.ok(Math.abs(seconds - minutes * 60) <= 30, `${id} ${lang} ${minutes}: ${seconds}s`);
      assert.ok(script.steps.every((s) => s.say === null || s.say.length > 0));
    }
    const breathing = meditationScript("breathing-478", lang, 5);
    const phases = breathing.steps.filter((s) => s.breath).map((s) => `${s.breath}${s.seconds}`);
    assert.deepEqual(phases.slice(0, 3), ["in4", "hold7", "out8"]);
  }
});

test("a seamless loop's end leads into its start like any two neighbouring samples", () => {
  // A slow ramp: the plain cut would jump from the top back to the bottom.
  const samples = Int16Array.from({ length: 1000 }, (_, i) => Math.round(Math.sin(i / 40) * 10000 + i * 10));
  const loop = seamlessLoop(samples, 100);
  assert.equal(loop.length, 900);
  let maxStep = 0;
  for (let i = 1; i < loop.length; i++) maxStep = Math.max(maxStep, Math.abs(loop[i]! - loop[i - 1]!));
  assert.ok(Math.abs(loop[loop.length - 1]! - loop[0]!) <= maxStep, `seam ${Math.abs(loop[loop.length - 1]! - loop[0]!)} > ${maxStep}`);
  const plain = samples.subarray(0, 900);
  assert.ok(Math.abs(plain[899]! - plain[0]!) > maxStep, "the test's ramp would click without the crossfade");
});

describe("media controller", { skip, timeout: 60_000 }, () => {
  const temp = makeTempDir("guimi-media-ctl-");
  let db: Db;
  let library: MediaLibrary;
  let t = Date.parse("2026-03-01T22:30:00Z");
  const clock = { now: () => new Date(t) };
  const player = createNullPlayer(clock);
  const changes: MediaStatus[] = [];
  const spoken: string[] = [];
  const controller = () =>
    createMediaController({
      library,
      player,
      now: clock.now,
      cacheDir: join(temp.dir, "cache"),
      speak: (text) => spoken.push(text),
      onChange: (s) => changes.push(s),
    });
  let c: ReturnType<typeof controller>;
  /** Moves the clock in ticks of `stepMs`, as the daemon's timer would. */
  const pass = async (ms: number, stepMs = 500) => {
    for (let done = 0; done < ms; done += stepMs) {
      t += Math.min(stepMs, ms - done);
      await c.tick();
    }
  };

  before(async () => {
    makeTone({ path: join(temp.dir, "music", "a.flac"), seconds: 3, tags: { TITLE: "晴天", ARTIST: "周杰伦" } });
    makeTone({ path: join(temp.dir, "music", "b.flac"), seconds: 3, tags: { TITLE: "七里香", ARTIST: "周杰伦" } });
    makeTone({ path: join(temp.dir, "music", "c.flac"), seconds: 3, tags: { TITLE: "Morning Piano", ARTIST: "Quiet Hands", GENRE: "Ambient" } });
    db = openDatabase(join(temp.dir, "guimi.db"), [coreMigrations, mediaMigrations]);
    library = createMediaLibrary(db);
    const scan = await scanLibrary(join(temp.dir, "music"));
    library.applyScan(scan.root, scan.files, clock.now(), true);
    c = controller();
  });
  after(async () => {
    await c.close();
    db.close();
    temp.cleanup();
  });

  test("plays an artist's songs one after another, then stops", async () => {
    const outcome = await c.playQuery("周杰伦");
    assert.ok(outcome.ok);
    assert.equal(outcome.status.state, "playing");
    assert.equal(outcome.status.queue.length, 2);
    const first = outcome.status.item!.title;
    await pass(1000);
    assert.ok(Math.abs((await c.refresh()).positionS! - 1) < 0.01);
    await pass(2500);
    const second = c.status();
    assert.equal(second.state, "playing");
    assert.notEqual(second.item!.title, first);
    await pass(3500);
    assert.equal(c.status().state, "stopped");
    assert.equal(library.playCount(), 2);
    assert.ok(changes.some((s) => s.item?.title === first) && changes.at(-1)!.state === "stopped");
  });

  test("pause holds the song, next skips, volume is kept within 0–100", async () => {
    await c.playQuery("周杰伦");
    await pass(1000);
    await c.pause();
    await pass(5000);
    const paused = await c.refresh();
    assert.equal(paused.state, "paused");
    assert.ok(Math.abs(paused.positionS! - 1) < 0.01);
    await c.resume();
    const skipped = await c.next();
    assert.equal(skipped.queue.index, 1);
    assert.equal((await c.setVolume(130)).volume, 100);
    assert.equal(player.volume(), 100);
    await c.setVolume(70);
    // While Guimi speaks the music ducks, and comes back after.
    await c.duck(true);
    assert.equal(player.volume(), 21);
    await c.duck(false);
    assert.equal(player.volume(), 70);
    await c.stop();
    assert.equal(c.status().state, "stopped");
  });

  test("something relaxing plays calm-tagged songs only; an unknown song is not played", async () => {
    const relaxing = await c.playRelaxing();
    assert.ok(relaxing.ok && relaxing.status.item!.title === "Morning Piano" && relaxing.status.queue.length === 1);
    const missing = await c.playQuery("不存在的歌");
    assert.deepEqual(missing, { ok: false, reason: "not-found", query: "不存在的歌" });
    await c.stop();
  });

  test("rain for 30 minutes loops, fades over the last minute, and stops", async () => {
    const status = await c.playSleepSound("rain", "zh", 30);
    assert.equal(status.item!.kind, "sleep-sound");
    assert.equal(status.item!.title, "雨声");
    assert.equal(player.volume(), 70);
    await pass(29 * 60_000, 10_000);
    assert.equal(c.status().state, "playing");
    assert.equal(player.volume(), 70);
    await pass(30_000, 1000);
    const fading = player.volume();
    assert.ok(fading > 0 && fading < 70, `fading volume ${fading}`);
    await pass(25_000, 1000);
    assert.ok(player.volume() < fading);
    await pass(6000, 1000);
    assert.equal(c.status().state, "stopped");
    assert.equal((await player.status()).state, "idle");
    // The next thing she plays starts at her volume again.
    await c.playQuery("晴天");
    assert.equal(player.volume(), 70);
    await c.stop();
  });

  test("the generated sound is a real loop of 60 s of audio", async () => {
    const path = await ensureSleepSound("waves", join(temp.dir, "cache"));
    const wav = readFileSync(path);
    assert.equal(wav.toString("ascii", 0, 4), "RIFF");
    const samples = new Int16Array(wav.buffer.slice(wav.byteOffset + 44, wav.byteOffset + wav.byteLength));
    assert.equal(samples.length, 44_100 * 60);
    let energy = 0;
    for (const s of samples) energy += s * s;
    assert.ok(Math.sqrt(energy / samples.length) > 500, "not silence");
  });

  test("a 5-minute breathing exercise speaks its steps in time, with the circle's phase, over a quiet bed", async () => {
    spoken.length = 0;
    const status = await c.startMeditation("breathing-478", "zh", 5);
    assert.equal(status.item!.kind, "meditation");
    assert.equal(player.volume(), Math.round(70 * 0.35));
    assert.equal(spoken.length, 1, "the introduction at once");
    assert.equal(status.meditation!.breath, null);
    const introS = meditationScript("breathing-478", "zh", 5).steps[0]!.seconds;
    await pass(introS * 1000 + 500);
    assert.equal(c.status().meditation!.breath, "in");
    assert.equal(spoken.at(-1), "用鼻子吸气");
    await pass(4000);
    assert.equal(c.status().meditation!.breath, "hold");
    await pass(7000);
    assert.equal(c.status().meditation!.breath, "out");
    await c.pause();
    await pass(60_000, 5000);
    assert.equal(c.status().meditation!.breath, "out", "paused: the exercise waits");
    await c.resume();
    await pass(5 * 60_000, 1000);
    assert.equal(c.status().state, "stopped");
    assert.equal(spoken.at(-1), "好，慢慢恢复平常的呼吸。你做得很好。");
  });
});
