// The ContentPlayer contract, run against every adapter: the null player on a virtual clock, and real
// mpv with --ao=null (decoding in real time, to no device).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { makeTempDir } from "../testing/paths.js";
import type { ContentPlayer, PlayerStatus } from "./content-player.js";
import { createNullPlayer } from "./null-player.js";
import { createMpvPlayer } from "./mpv-player.js";
import { createPagePlayer } from "./page-player.js";
import { makeTone, missingAudioTools } from "./audio-fixtures.js";

interface Harness {
  player: ContentPlayer;
  /** Lets `ms` of playback time pass (the virtual clock moves; real time sleeps). */
  pass(ms: number): Promise<void>;
}

const skip = missingAudioTools() ?? false;

function contract(name: string, make: () => Harness) {
  describe(`ContentPlayer contract: ${name}`, { skip, timeout: 60_000 }, () => {
    const temp = makeTempDir("guimi-player-");
    const song = join(temp.dir, "song.flac");
    const loop = join(temp.dir, "loop.flac");
    let h: Harness;
    const until = async (what: string, check: (s: PlayerStatus) => boolean, maxMs = 8000) => {
      for (let waited = 0; ; waited += 50) {
        const s = await h.player.status();
        if (check(s)) return s;
        if (waited > maxMs) assert.fail(`${what}: last status ${JSON.stringify(s)}`);
        await h.pass(50);
      }
    };

    before(() => {
      makeTone({ path: song, seconds: 2, tags: { TITLE: "t" } });
      makeTone({ path: loop, seconds: 1, frequency: 300 });
      h = make();
    });
    after(async () => {
      await h.player.close();
      temp.cleanup();
    });

    test("idle before anything plays", async () => {
      assert.equal((await h.player.status()).state, "idle");
    });

    test("plays with its position advancing, pauses holding it, resumes", async () => {
      await h.player.play({ path: song, durationS: 2 });
      const first = await until("started", (s) => s.state === "playing" && s.positionS !== null && s.positionS > 0.05);
      await h.pass(500);
      const later = await h.player.status();
      assert.equal(later.state, "playing");
      assert.ok(later.positionS! > first.positionS! + 0.2, `advanced ${first.positionS} → ${later.positionS}`);
      await h.player.pause();
      assert.equal((await h.player.status()).state, "paused");
      // mpv reports time-pos in audio-buffer steps: the last one may land just after the pause.
      await h.pass(150);
      const paused = await h.player.status();
      await h.pass(500);
      const stillPaused = await h.player.status();
      assert.ok(Math.abs(stillPaused.positionS! - paused.positionS!) < 0.05, `held ${paused.positionS} → ${stillPaused.positionS}`);
      await h.player.setVolume(40);
      await h.player.resume();
      assert.equal((await h.player.status()).state, "playing");
      await until("advancing again", (s) => s.positionS !== null && s.positionS > stillPaused.positionS! + 0.1);
    });

    test("goes idle when the file has played to its end", async () => {
      await until("ended", (s) => s.state === "idle");
    });

    test("a looped file keeps playing past its length; stop ends it", async () => {
      await h.player.play({ path: loop, loop: true, durationS: 1 });
      await until("started", (s) => s.state === "playing" && s.positionS !== null);
      await h.pass(1600);
      assert.equal((await h.player.status()).state, "playing");
      await h.player.stop();
      await until("stopped", (s) => s.state === "idle", 2000);
    });

    test("a new file replaces the one playing", async () => {
      await h.player.play({ path: song, durationS: 2 });
      await h.player.play({ path: loop, loop: true, durationS: 1 });
      await h.pass(1300);
      const s = await until("playing the loop", (st) => st.state === "playing");
      assert.ok(s.durationS === null || Math.abs(s.durationS - 1) < 0.1, `duration ${s.durationS}`);
      await h.player.stop();
    });
  });
}

contract("null player (virtual clock)", () => {
  let t = Date.parse("2026-03-01T22:00:00Z");
  return { player: createNullPlayer({ now: () => new Date(t) }), pass: async (ms) => void (t += ms) };
});

contract("page as the speaker (no page reporting: the clock carries it)", () => {
  let t = Date.parse("2026-03-01T22:00:00Z");
  return { player: createPagePlayer({ now: () => new Date(t) }), pass: async (ms) => void (t += ms) };
});

contract("mpv --ao=null", () => ({ player: createMpvPlayer({ audioOut: "null" }), pass: (ms) => new Promise((r) => setTimeout(r, ms)) }));

test("the page player trusts the page's reports: its position, and its end of the song", async () => {
  let t = Date.parse("2026-03-01T22:00:00Z");
  const player = createPagePlayer({ now: () => new Date(t) });
  await player.play({ path: "/music/a.flac", durationS: 200 });
  const stream = player.stream()!;
  assert.equal(player.pathOf(stream.id), "/music/a.flac");
  assert.equal(player.pathOf("someone-else"), null);
  await player.setVolume(35);
  assert.equal(player.stream()!.volume, 35);
  t += 10_000;
  assert.ok(player.report(stream.id, 7.5, false), "the page was buffering: 7.5 s in after 10 s");
  t += 1000;
  assert.equal((await player.status()).positionS, 8.5);
  assert.equal(player.report("stale-id", 1, false), false);
  player.report(stream.id, 199.9, true);
  assert.equal((await player.status()).state, "idle");
  assert.equal(player.stream(), null);
});
