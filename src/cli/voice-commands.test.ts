// `guimi listen --file` as a person runs it: a real process, a real recording, real exit codes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTempDir, projectRoot } from "../testing/paths.js";
import { encodeWav16, parseWav } from "../perception/voice/index.js";
import { goForwardSamples, hasEspeak, hasPocketsphinx, installVadModel } from "../voice/voice-fixtures.js";
import { createGuimiApp } from "../app/guimi-app.js";

const bin = join(projectRoot, "bin", "guimi.js");
const guimi = (args: string[], cwd: string) =>
  spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", env: { ...process.env, GUIMI_MODEL: "" }, timeout: 120_000 });

test("guimi listen --file runs one spoken turn and prints transcript, reply and the reply's audio file", {
  skip: !hasPocketsphinx ? "pocketsphinx is not installed" : !hasEspeak ? "espeak-ng is not installed" : false,
}, async () => {
  const temp = makeTempDir();
  try {
    installVadModel(temp.dir);
    const wav = join(temp.dir, "goforward.wav");
    writeFileSync(wav, encodeWav16(goForwardSamples(), 16_000));

    let r = guimi(["--data-dir", temp.dir, "listen", "--file", wav, "--json"], temp.dir);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /microphone is off/);

    const app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true });
    app.settings.update({ sensors: { microphone: true } });
    await app.close();

    r = guimi(["--data-dir", temp.dir, "listen", "--file", wav, "--json"], temp.dir);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { transcript: string; reply: string; audioFile: string; source: string };
    assert.equal(out.transcript, "go forward ten meters");
    assert.equal(out.source, "no-model");
    assert.match(out.reply, /model/);
    assert.equal(out.audioFile, join(temp.dir, "goforward.reply.wav"));
    assert.ok(existsSync(out.audioFile));
    assert.ok(parseWav(new Uint8Array(readFileSync(out.audioFile))).samples.length > 16_000);

    r = guimi(["--data-dir", temp.dir, "listen", "--file", join(temp.dir, "nope.wav")], temp.dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--file: no such file/);
    writeFileSync(join(temp.dir, "bad.wav"), "not audio");
    r = guimi(["--data-dir", temp.dir, "listen", "--file", join(temp.dir, "bad.wav")], temp.dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--file: not a WAV file/);
  } finally {
    temp.cleanup();
  }
});
