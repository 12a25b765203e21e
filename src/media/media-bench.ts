// guimi bench media: how fast the library scanner reads tagged files (files/s, real FLAC files made
// by sox + metaflac), and the time from a play command to the first sound out of real mpv (--ao=null:
// mpv's clock has started moving, i.e. audio is being output).
import { join } from "node:path";
import { openDatabase } from "../storage/database.js";
import { coreMigrations } from "../storage/core-migrations.js";
import { makeTempDir } from "../testing/paths.js";
import { mediaMigrations } from "./media-migrations.js";
import { createMediaLibrary } from "./media-library.js";
import { scanLibrary } from "./library-scanner.js";
import { makeTone } from "./audio-fixtures.js";
import { createMpvPlayer } from "./mpv-player.js";
import { createMediaController } from "./media-controller.js";

const artists = ["周杰伦", "五月天", "陈奕迅", "Adele", "Coldplay", "王菲", "Taylor Swift", "林俊杰"];

export async function benchMedia(options: { files?: number; plays?: number } = {}) {
  const count = options.files ?? 300;
  const plays = options.plays ?? 5;
  const temp = makeTempDir("guimi-bench-media-");
  try {
    const music = join(temp.dir, "Music");
    for (let i = 0; i < count; i++) {
      const artist = artists[i % artists.length]!;
      makeTone({
        path: join(music, artist, `album-${i % 10}`, `track-${i}.flac`),
        seconds: 1,
        frequency: 200 + i,
        tags: { TITLE: `歌 ${i} song`, ARTIST: artist, ALBUM: `专辑 ${i % 10}` },
      });
    }
    const db = openDatabase(join(temp.dir, "guimi.db"), [coreMigrations, mediaMigrations]);
    const library = createMediaLibrary(db);
    const t0 = performance.now();
    const scan = await scanLibrary(music);
    const scanS = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    library.applyScan(scan.root, scan.files, new Date(), scan.complete);
    const indexS = (performance.now() - t1) / 1000;
    const t2 = performance.now();
    const rescan = await scanLibrary(music, { known: library.known(scan.root) });
    const rescanS = (performance.now() - t2) / 1000;
    const searchStart = performance.now();
    for (let i = 0; i < 100; i++) library.search(artists[i % artists.length]!, new Date());
    const searchMs = (performance.now() - searchStart) / 100;

    const player = createMpvPlayer({ audioOut: "null" });
    const controller = createMediaController({ library, player, now: () => new Date(), cacheDir: join(temp.dir, "cache"), speak: null });
    const firstSound: number[] = [];
    for (let i = 0; i < plays; i++) {
      const start = performance.now();
      const outcome = await controller.playQuery(artists[i % artists.length]!);
      if (!outcome.ok) throw new Error("bench: nothing to play");
      for (;;) {
        const s = await player.status();
        if (s.state === "playing" && s.positionS !== null && s.positionS > 0) break;
        if (performance.now() - start > 10_000) throw new Error("bench: mpv never started playing");
        await new Promise((r) => setTimeout(r, 2));
      }
      firstSound.push(Math.round(performance.now() - start));
      await controller.stop();
    }
    await controller.close();
    db.close();
    const warm = firstSound.slice(1).sort((a, b) => a - b);
    return {
      files: scan.files.length,
      scanFilesPerS: Math.round(scan.files.length / scanS),
      indexFilesPerS: Math.round(scan.files.length / indexS),
      rescanUnchangedFilesPerS: Math.round(rescan.files.length / rescanS),
      searchMs: Math.round(searchMs * 100) / 100,
      commandToFirstSoundMs: { cold: firstSound[0], warmMedian: warm[Math.floor(warm.length / 2)] ?? null, all: firstSound },
      player: "mpv --ao=null",
    };
  } finally {
    temp.cleanup();
  }
}
