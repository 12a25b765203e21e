// The library on real files: sox tones tagged with metaflac / sox --comment, read by music-metadata,
// indexed in a real SQLite file, searched in zh and en.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openDatabase, type Db } from "../storage/database.js";
import { coreMigrations } from "../storage/core-migrations.js";
import { makeTempDir } from "../testing/paths.js";
import { mediaMigrations } from "./media-migrations.js";
import { createMediaLibrary } from "./media-library.js";
import { scanLibrary } from "./library-scanner.js";
import { makeTone, missingAudioTools } from "./audio-fixtures.js";

const skip = missingAudioTools() ?? false;

describe("music library", { skip }, () => {
  const temp = makeTempDir("guimi-media-lib-");
  const music = join(temp.dir, "Music");
  let db: Db;
  const now = new Date("2026-03-01T20:00:00Z");

  before(() => {
    makeTone({ path: join(music, "jay", "qingtian.flac"), tags: { TITLE: "晴天", ARTIST: "周杰伦", ALBUM: "叶惠美", GENRE: "Pop" } });
    makeTone({ path: join(music, "jay", "qilixiang.flac"), frequency: 550, tags: { TITLE: "七里香", ARTIST: "周杰伦", ALBUM: "七里香" } });
    makeTone({ path: join(music, "mayday", "wennuan.flac"), tags: { TITLE: "温柔", ARTIST: "五月天", ALBUM: "爱情万岁", GENRE: "Rock" } });
    makeTone({ path: join(music, "en", "someone.ogg"), seconds: 2, tags: { TITLE: "Someone Like You", ARTIST: "Adele", ALBUM: "21", GENRE: "Soul" } });
    makeTone({ path: join(music, "en", "calm.ogg"), seconds: 2, tags: { TITLE: "Morning Piano", ARTIST: "Quiet Hands", GENRE: "Ambient" } });
    makeTone({ path: join(music, "untagged", "Rain Song.flac"), seconds: 1 });
    writeFileSync(join(music, "notes.txt"), "not audio");
    writeFileSync(join(music, "broken.mp3"), Buffer.alloc(3000, 7)); // an "mp3" that is not one
    // A symlink back to the top: the walk must not loop.
    symlinkSync(music, join(music, "jay", "loop"));
    db = openDatabase(join(temp.dir, "guimi.db"), [coreMigrations, mediaMigrations]);
  });
  after(() => {
    db?.close();
    temp.cleanup();
  });

  test("scans tags, skips what is not audio, survives a symlink loop", async () => {
    const result = await scanLibrary(music);
    assert.equal(result.complete, true);
    const titles = result.files.map((f) => f.title).sort();
    assert.deepEqual(titles, ["Morning Piano", "Rain Song", "Someone Like You", "七里香", "晴天", "温柔"]);
    const qingtian = result.files.find((f) => f.title === "晴天")!;
    assert.equal(qingtian.artist, "周杰伦");
    assert.equal(qingtian.album, "叶惠美");
    assert.ok(qingtian.durationS && Math.abs(qingtian.durationS - 3) < 0.1, `duration ${qingtian.durationS}`);
    // The broken file is either rejected by the parser or read with no tags: never a crash.
    const library = createMediaLibrary(db);
    const applied = library.applyScan(result.root, result.files, now, result.complete);
    assert.equal(applied.added, 6);
    assert.equal(library.count(), 6);
  });

  test("bounded: maxFiles stops the walk and says it is incomplete", async () => {
    const result = await scanLibrary(music, { maxFiles: 2 });
    assert.equal(result.files.length, 2);
    assert.equal(result.complete, false);
  });

  test("searches zh by artist, title and partial words, en by prefix", () => {
    const library = createMediaLibrary(db);
    assert.deepEqual(
      library
        .search("周杰伦", now)
        .map((i) => i.title)
        .sort(),
      ["七里香", "晴天"],
    );
    assert.deepEqual(
      library.search("晴天", now).map((i) => i.title),
      ["晴天"],
    );
    assert.deepEqual(
      library
        .search("杰伦", now)
        .map((i) => i.title)
        .sort(),
      ["七里香", "晴天"],
    );
    assert.deepEqual(library.search("jay", now), []);
    assert.deepEqual(
      library.search("adele", now).map((i) => i.title),
      ["Someone Like You"],
    );
    assert.deepEqual(
      library.search("someone like", now).map((i) => i.title),
      ["Someone Like You"],
    );
    assert.deepEqual(
      library.search("rain", now).map((i) => i.title),
      ["Rain Song"],
    );
    assert.deepEqual(
      library.search("爱情万岁", now).map((i) => i.title),
      ["温柔"],
    );
    assert.deepEqual(
      library.search("周杰伦 七里香", now).map((i) => i.title),
      ["七里香"],
    );
    assert.deepEqual(
      library.search("ambient", now).map((i) => i.title),
      ["Morning Piano"],
    );
  });

  test("what she plays and what she says she likes rank first", () => {
    let likes: string[] = [];
    const library = createMediaLibrary(db, { likes: () => likes });
    const qilixiang = library.search("七里香", now)[0]!;
    for (let i = 0; i < 3; i++) library.recordPlay({ itemId: qilixiang.id, kind: "music", title: qilixiang.title, artist: qilixiang.artist }, now);
    assert.equal(library.search("周杰伦", now)[0]!.title, "七里香");
    assert.equal(library.mySongs(now, 1)[0]!.title, "七里香");
    assert.notEqual(library.mySongs(now, 2)[1]!.title, "温柔");
    likes = ["我喜欢听五月天"];
    // Her word lifts 五月天 above songs she has not played; what she actually plays stays first.
    assert.deepEqual(
      library.mySongs(now, 2).map((i) => i.title),
      ["七里香", "温柔"],
    );
    library.erasePlays();
  });

  test("a rescan parses only what changed and drops files that are gone", async () => {
    const library = createMediaLibrary(db);
    unlinkSync(join(music, "untagged", "Rain Song.flac"));
    mkdirSync(join(music, "new"), { recursive: true });
    makeTone({ path: join(music, "new", "daoxiang.flac"), seconds: 1, tags: { TITLE: "稻香", ARTIST: "周杰伦" } });
    const result = await scanLibrary(music, { known: library.known((await scanLibrary(music, { maxFiles: 0 })).root) });
    assert.equal(result.files.filter((f) => f.unchanged).length, 5);
    const applied = library.applyScan(result.root, result.files, now, result.complete);
    assert.deepEqual(applied, { added: 1, updated: 0, removed: 1 });
    assert.deepEqual(
      library
        .search("周杰伦", now)
        .map((i) => i.title)
        .sort(),
      ["七里香", "晴天", "稻香"],
    );
    assert.deepEqual(library.search("rain", now), []);
  });
});
