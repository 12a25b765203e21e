// Voice models installed like the LLM: the resumable, ledger-recorded download from a real loopback HTTP
// server, a real .tar.bz2 unpacked with Debian's tar + bzip2 into models/voice/<id>/, the file list
// checked, and the voice capability finding what `guimi model pull` put there.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openDatabase } from "../storage/database.js";
import { coreMigrations } from "../storage/core-migrations.js";
import { createOutbound } from "../privacy/outbound.js";
import { makeTempDir, projectRoot } from "../testing/paths.js";
import { sileroModelPath } from "../voice/voice-fixtures.js";
import { findVoiceModel, installVoiceModel, pullHint, voiceCatalog, voiceModelDir, voiceModelInstalled } from "./voice-models.js";
import { createGuimiApp } from "../app/guimi-app.js";

const hasBzip2 = spawnSync("bzip2", ["--help"], { stdio: "ignore" }).error === undefined;
const skip = hasBzip2 ? false : "bzip2 is not installed";

/** A stand-in served from a mirror is not the release asset the catalog pins, so it comes with its own checksum. */
const sha256Of = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** A release-style archive: one top folder holding the model's files (placeholders; only unpacking is tested). */
function makeArchive(workDir: string, top: string, files: readonly string[]): Buffer {
  const root = join(workDir, "src", top);
  for (const f of files) {
    mkdirSync(join(root, f, ".."), { recursive: true });
    writeFileSync(join(root, f), `placeholder for ${f}\n`);
  }
  const out = join(workDir, `${top}.tar.bz2`);
  const made = spawnSync("tar", ["-cjf", out, "-C", join(workDir, "src"), top]);
  assert.equal(made.status, 0, made.stderr?.toString());
  return readFileSync(out);
}

async function serve(routes: Record<string, Buffer>): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const body = routes[req.url ?? ""];
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-length": String(body.length) }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function outboundIn(dir: string) {
  const db = openDatabase(join(dir, "guimi.db"), [coreMigrations]);
  const outbound = createOutbound({
    db,
    permissions: () => ({ modelDownload: true, remoteLlm: false, weather: false, homeAssistant: false, mqttBroker: false, radio: false }),
    now: () => new Date(),
  });
  return { db, outbound };
}

test("the catalog: every voice model has a release URL, the files it loads, and what it needs exists", () => {
  for (const m of voiceCatalog) {
    assert.match(m.url, /^https:\/\/github\.com\/k2-fsa\/sherpa-onnx\/releases\/download\/(asr|tts|kws|vocoder)-models\//, m.id);
    assert.ok(m.files.length > 0, m.id);
    assert.equal(m.archive === null, m.url.endsWith(".onnx"), m.id);
    if (m.sha256 !== undefined) assert.match(m.sha256, /^[0-9a-f]{64}$/, m.id);
    for (const n of m.needs ?? []) assert.ok(findVoiceModel(n), `${m.id} needs ${n}`);
  }
  assert.equal(pullHint("matcha-zh-baker"), "run guimi model pull matcha-zh-baker (it also installs vocos-22khz-univ)");
});

test("a .tar.bz2 voice model is downloaded through the gate, unpacked into models/voice/<id>/ and checked", { skip }, async () => {
  const temp = makeTempDir();
  const kws = findVoiceModel("kws-zipformer-wenetspeech-3.3m")!;
  const good = makeArchive(temp.dir, "sherpa-onnx-kws-zipformer-wenetspeech-3.3M-2024-01-01", [...kws.files, "test_wavs/keywords.txt"]);
  const lacking = makeArchive(temp.dir, "sherpa-onnx-kws-old", kws.files.slice(1));
  const { server, base } = await serve({ "/kws.tar.bz2": good, "/old.tar.bz2": lacking, "/junk.tar.bz2": Buffer.from("not an archive") });
  const { db, outbound } = outboundIn(temp.dir);
  const modelsDir = join(temp.dir, "models");
  try {
    // An archive from another release that lacks a file the model loads: nothing is installed.
    await assert.rejects(
      installVoiceModel(kws, { modelsDir, outbound, url: `${base}/old.tar.bz2`, sha256: sha256Of(lacking) }),
      /lacks encoder-epoch-12-avg-2-chunk-16-left-64\.int8\.onnx.*Nothing was installed/,
    );
    const junk = Buffer.from("not an archive");
    await assert.rejects(
      installVoiceModel(kws, { modelsDir, outbound, url: `${base}/junk.tar.bz2`, sha256: sha256Of(junk) }),
      /could not unpack the model archive/,
    );
    assert.equal(voiceModelInstalled(modelsDir, kws), false);
    assert.deepEqual(readdirSync(join(modelsDir, "voice")), [], "no half-unpacked folder or archive left behind");

    const result = await installVoiceModel(kws, { modelsDir, outbound, url: `${base}/kws.tar.bz2`, sha256: sha256Of(good) });
    assert.equal(result.dir, voiceModelDir(modelsDir, kws.id));
    assert.ok(voiceModelInstalled(modelsDir, kws));
    // The archive's top folder is dropped: the files sit right in the model's folder.
    assert.ok(existsSync(join(result.dir, "test_wavs", "keywords.txt")));
    assert.deepEqual(readdirSync(join(modelsDir, "voice")), [kws.id], "the downloaded archive is removed");
    const ledger = outbound.ledger();
    assert.equal(ledger.length, 3);
    assert.ok(ledger.every((e) => e.purpose === "modelDownload" && e.dataCategory === "none"));
    assert.ok(
      ledger.some((e) => e.bytesReceived === good.length),
      "the archive's bytes are in the ledger",
    );
  } finally {
    db.close();
    server.close();
    temp.cleanup();
  }
});

test("a voice model refused by the outbound switch is not downloaded, and the refusal is in the ledger", async () => {
  const temp = makeTempDir();
  const db = openDatabase(join(temp.dir, "guimi.db"), [coreMigrations]);
  const outbound = createOutbound({
    db,
    permissions: () => ({ modelDownload: false, remoteLlm: false, weather: false, homeAssistant: false, mqttBroker: false, radio: false }),
    now: () => new Date(),
  });
  try {
    await assert.rejects(installVoiceModel(findVoiceModel("silero-vad")!, { modelsDir: join(temp.dir, "models"), outbound, url: "http://127.0.0.1:9/x.onnx" }));
    assert.equal(outbound.ledger()[0]?.outcome, "refused");
    assert.equal(voiceModelInstalled(join(temp.dir, "models"), findVoiceModel("silero-vad")!), false);
  } finally {
    db.close();
    temp.cleanup();
  }
});

function guimi(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(projectRoot, "bin", "guimi.js"), ...args], { env: { ...process.env, GUIMI_MODEL: "" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

test("`guimi model pull silero-vad` installs the VAD where the voice capability finds it; `model list` says so", async () => {
  const temp = makeTempDir();
  const silero = readFileSync(sileroModelPath);
  const { server, base } = await serve({ "/silero_vad.onnx": silero });
  try {
    let list = JSON.parse((await guimi(["--data-dir", temp.dir, "model", "list", "--json"])).stdout) as { id: string; kind: string; installed: boolean }[];
    assert.deepEqual(
      list.filter((r) => r.kind.startsWith("voice:")).map((r) => r.id),
      voiceCatalog.map((m) => m.id),
    );
    assert.equal(list.find((r) => r.id === "silero-vad")?.installed, false);

    // ../shared holds snakers4's v5 file, not the release asset the catalog pins: a mirror of another
    // file is refused unless its own checksum is given.
    const wrong = await guimi(["--data-dir", temp.dir, "model", "pull", "silero-vad", "--url", `${base}/silero_vad.onnx`]);
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stderr, /checksum mismatch: expected sha256 9e2449e1/);
    const pulled = await guimi(["--data-dir", temp.dir, "model", "pull", "silero-vad", "--url", `${base}/silero_vad.onnx`, "--sha256", sha256Of(silero)]);
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.match(pulled.stdout, /installed silero-vad: 2327524 bytes, sha256 verified \(expected\)/);
    list = JSON.parse((await guimi(["--data-dir", temp.dir, "model", "list", "--json"])).stdout) as typeof list;
    assert.equal(list.find((r) => r.id === "silero-vad")?.installed, true);
    assert.match((await guimi(["--data-dir", temp.dir, "model", "pull", "silero-vad"])).stdout, /already installed/);

    const app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true });
    try {
      const status = app.voice.status!() as { vad: { installed: boolean }; reason?: string };
      assert.equal(status.vad.installed, true);
      assert.doesNotMatch(status.reason ?? "", /voice activity/);
      assert.equal(app.voice.vad().id, "silero-vad");
    } finally {
      await app.close();
    }
  } finally {
    server.close();
    temp.cleanup();
  }
});
