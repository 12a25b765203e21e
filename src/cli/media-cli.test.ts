// Media end to end: real tagged files scanned by `guimi media scan`, played by real mpv (--ao=null, no
// sound card needed) in-process and through a running daemon, driven by the CLI, the HTTP API, the
// fast path ("放首周杰伦的歌", "下一首") and a care offer answered with 好.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "./main.js";
import { createGuimiApp, type GuimiApp } from "../app/guimi-app.js";
import { startDaemon, type RunningDaemon } from "../server/daemon.js";
import { routeModules } from "../server/route-modules.js";
import { makeTempDir } from "../testing/paths.js";
import { makeTone, missingAudioTools } from "../media/audio-fixtures.js";
import { isMediaCapability, type MediaCapability, type MediaStatus } from "../media/index.js";

const skip = missingAudioTools() ?? false;

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => (out += c.toString()));
  stderr.on("data", (c: Buffer) => (err += c.toString()));
  const code = await main(args, { stdout, stderr });
  return { code, out, err };
}

describe("guimi media", { skip, timeout: 120_000 }, () => {
  const temp = makeTempDir("guimi-media-cli-");
  const music = join(temp.dir, "Music");
  const dataDir = join(temp.dir, "home");
  const previousOut = process.env.GUIMI_AUDIO_OUT;

  before(() => {
    process.env.GUIMI_AUDIO_OUT = "mpv-null";
    makeTone({ path: join(music, "周杰伦", "晴天.flac"), seconds: 2, tags: { TITLE: "晴天", ARTIST: "周杰伦", ALBUM: "叶惠美" } });
    makeTone({ path: join(music, "周杰伦", "七里香.flac"), seconds: 60, frequency: 520, tags: { TITLE: "七里香", ARTIST: "周杰伦", ALBUM: "七里香" } });
    makeTone({ path: join(music, "adele.ogg"), seconds: 60, frequency: 330, tags: { TITLE: "Someone Like You", ARTIST: "Adele" } });
    // 《晴天》 carries a front cover (a 1×1 PNG), as ripped albums do.
    writeFileSync(
      join(temp.dir, "cover.png"),
      Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64"),
    );
    execFileSync("metaflac", [`--import-picture-from=3||||${join(temp.dir, "cover.png")}`, join(music, "周杰伦", "晴天.flac")]);
  });
  after(() => {
    if (previousOut === undefined) delete process.env.GUIMI_AUDIO_OUT;
    else process.env.GUIMI_AUDIO_OUT = previousOut;
    temp.cleanup();
  });

  test("in-process: scan, search, play to the end, status; bad input exits 2", async () => {
    const scan = await cli(["--data-dir", dataDir, "media", "scan", music, "--json"]);
    assert.equal(scan.code, 0, scan.err);
    const summary = JSON.parse(scan.out) as { files: number; added: number; complete: boolean };
    assert.deepEqual([summary.files, summary.added, summary.complete], [3, 3, true]);

    const search = await cli(["--data-dir", dataDir, "media", "search", "周杰伦", "--json"]);
    assert.deepEqual((JSON.parse(search.out) as { items: { title: string }[] }).items.map((i) => i.title).sort(), ["七里香", "晴天"]);

    // The command is the player when no daemon runs: it returns once the song has played.
    const started = Date.now();
    const play = await cli(["--data-dir", dataDir, "media", "play", "晴天", "--json"]);
    assert.equal(play.code, 0, play.err);
    const status = JSON.parse(play.out.split("\n")[0]!) as MediaStatus;
    assert.equal(status.state, "playing");
    assert.deepEqual([status.item?.title, status.item?.artist, status.item?.kind], ["晴天", "周杰伦", "music"]);
    assert.equal(status.output, "mpv-null");
    assert.ok(Date.now() - started >= 1200, "it played the 2-second song through");

    const idle = await cli(["--data-dir", dataDir, "media", "status", "--json"]);
    assert.equal((JSON.parse(idle.out) as MediaStatus).state, "stopped");

    assert.equal((await cli(["--data-dir", dataDir, "media", "play", "不存在的歌"])).code, 1);
    assert.equal((await cli(["--data-dir", dataDir, "media", "scan", join(temp.dir, "nope")])).code, 2);
    assert.equal((await cli(["--data-dir", dataDir, "media", "volume", "300"])).code, 2);
  });

  describe("with the daemon running", () => {
    let app: GuimiApp;
    let daemon: RunningDaemon;
    let media: MediaCapability;
    const api = async <T>(path: string, body?: unknown): Promise<{ status: number; body: T }> => {
      const response = await fetch(
        new URL(`api/v1/${path}`, daemon.url),
        body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
      );
      return { status: response.status, body: (await response.json()) as T };
    };
    const untilStatus = async (check: (s: MediaStatus) => boolean, what: string) => {
      for (let i = 0; i < 100; i++) {
        const s = (await api<MediaStatus>("media/status")).body;
        if (check(s)) return s;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.fail(what);
    };

    before(async () => {
      app = await createGuimiApp({ dataDir, withoutModel: true });
      daemon = await startDaemon(app, { host: "127.0.0.1", port: 0, modules: routeModules });
      media = app.capabilities.find(isMediaCapability)!;
      await media.start?.();
    });
    after(async () => {
      await media?.stop?.();
      await daemon?.stop();
      await app?.close();
    });

    test("the CLI acts on the daemon's player; the position advances", async () => {
      const play = await cli(["--data-dir", dataDir, "media", "play", "七里香", "--json"]);
      assert.equal(play.code, 0, play.err);
      assert.equal((JSON.parse(play.out) as MediaStatus).item?.title, "七里香");
      const first = await untilStatus((s) => s.state === "playing" && (s.positionS ?? 0) > 0.1, "started");
      await new Promise((r) => setTimeout(r, 700));
      const later = JSON.parse((await cli(["--data-dir", dataDir, "media", "status", "--json"])).out) as MediaStatus;
      assert.equal(later.state, "playing");
      assert.ok(later.positionS! > first.positionS! + 0.3, `${first.positionS} → ${later.positionS}`);
      assert.equal(JSON.parse((await cli(["--data-dir", dataDir, "media", "pause", "--json"])).out).state, "paused");
      assert.equal(JSON.parse((await cli(["--data-dir", dataDir, "media", "stop", "--json"])).out).state, "stopped");
    });

    test("she asks in words: 放首周杰伦的歌, 这首是什么歌, 下一首, 30 分钟后停, 暂停", async () => {
      const play = await app.conversation.turn({ text: "放首周杰伦的歌" });
      assert.equal(play.source, "media");
      assert.match(play.text, /^好，放周杰伦的《(晴天|七里香)》。$/u);
      const what = await app.conversation.turn({ text: "这首是什么歌" });
      assert.match(what.text, /周杰伦/u);
      const next = await app.conversation.turn({ text: "下一首" });
      assert.match(next.text, /^下一首：周杰伦的《(晴天|七里香)》。$/u);
      assert.notEqual(next.text.match(/《(.+)》/u)![1], play.text.match(/《(.+)》/u)![1]);
      const timer = await app.conversation.turn({ text: "30 分钟后停" });
      assert.equal(timer.text, "好，30 分钟后慢慢停。");
      assert.ok((await api<MediaStatus>("media/status")).body.sleepTimer!.remainingS > 1790);
      assert.equal((await app.conversation.turn({ text: "暂停" })).text, "暂停了。说「继续」我就接着放。");
      assert.equal((await app.conversation.turn({ text: "继续" })).text, "好，继续。");
      assert.equal((await app.conversation.turn({ text: "play some rain sounds for 30 minutes" })).text, "Playing rain. It will fade out in 30 minutes.");
      const rain = await untilStatus((s) => s.item?.soundId === "rain" && s.state === "playing" && (s.positionS ?? 0) > 0.2, "rain playing");
      assert.equal(rain.item!.kind, "sleep-sound");
      assert.equal((await app.conversation.turn({ text: "stop" })).text, "Stopped.");
      // Nothing plays now: "暂停" is ordinary talk again (the model's; none is loaded here).
      assert.notEqual((await app.conversation.turn({ text: "暂停" })).source, "media");
    });

    test("a care offer names a real song, and 好 plays exactly it", async () => {
      assert.deepEqual(media.available(), { music: true, sleepSounds: true, meditation: true });
      const offer = media.suggestOffer("music");
      assert.ok(offer && offer.kind === "music");
      const item = media.library.get(offer.itemId)!;
      app.deliver({ kind: "care", rule: "late-night-rest", reason: "it is late", text: `你该休息了，我陪你听首《${item.title}》吧`, lang: "zh", offer });
      const yes = await app.conversation.turn({ text: "好" });
      assert.equal(yes.source, "media");
      assert.equal(yes.text, `好，放${item.artist}的《${item.title}》。`);
      const playing = await untilStatus((s) => s.state === "playing" && (s.positionS ?? 0) > 0.05, "offer playing");
      assert.equal(playing.item!.itemId, item.id);
      // A second 好 has no fresh offer before it: not for the player.
      assert.notEqual((await app.conversation.turn({ text: "好" })).source, "media");
      const sound = media.suggestOffer("sleep-sound")!;
      app.deliver({ kind: "care", rule: "cant-sleep", reason: "awake at 2am", text: "要不要听听雨声？", lang: "zh", offer: sound });
      assert.equal((await app.conversation.turn({ text: "嗯嗯" })).text, "好，放雨声，30 分钟后慢慢停。");
      await api("media/stop", {});
    });

    test("the API validates its input and says what is playing", async () => {
      // Internet radio is off until she turns it on: refused, and the refusal is in the ledger.
      const radio = await fetch(new URL("api/v1/media/radio/search?q=jazz", daemon.url));
      assert.equal(radio.status, 403);
      assert.equal(app.outbound.ledger()[0]!.purpose, "radio");
      assert.equal(app.outbound.ledger()[0]!.outcome, "refused");
      const bad = await api<{ error: { code: string; message: string } }>("media/play", {});
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.message, /exactly one of query/);
      assert.equal((await api("media/play", { sound: "thunder" })).status, 400);
      assert.equal((await api("media/volume", { volume: 101 })).status, 400);
      assert.equal((await api<{ error: { code: string } }>("media/play", { query: "不存在的歌" })).status, 404);
      const meditation = await api<MediaStatus>("media/play", { meditation: "breathing-478", minutes: 1, lang: "en" });
      assert.equal(meditation.status, 200);
      assert.equal(meditation.body.meditation!.title, "4-7-8 breathing");
      assert.equal((await api<MediaStatus>("media/stop", {})).body.state, "stopped");
      const status = await api<{ capabilities: { media: { library: { songs: number } } } }>("status");
      assert.equal(status.body.capabilities.media.library.songs, 3);
      const search = await api<{ items: { title: string }[] }>("media/search?q=adele");
      assert.deepEqual(
        search.body.items.map((i) => i.title),
        ["Someone Like You"],
      );
      const qingtian = (await api<{ items: { id: number }[] }>(`media/search?q=${encodeURIComponent("晴天")}`)).body.items[0]!;
      const cover = await fetch(new URL(`api/v1/media/cover/${qingtian.id}`, daemon.url));
      assert.equal(cover.status, 200);
      assert.equal(cover.headers.get("content-type"), "image/png");
      assert.equal(
        Buffer.from(await cover.arrayBuffer())
          .subarray(1, 4)
          .toString("ascii"),
        "PNG",
      );
      const adele = (await api<{ items: { id: number }[] }>("media/search?q=adele")).body.items[0]!;
      assert.equal((await fetch(new URL(`api/v1/media/cover/${adele.id}`, daemon.url))).status, 404);
    });
  });
});
