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

const hasSox = spawnSync("sox", ["--version"], { stdio: "ignore" }).error === undefined;

test("live `guimi listen`: a capture command's raw PCM goes through VAD → ASR → reply → audio to the player", {
  skip: !hasPocketsphinx ? "pocketsphinx is not installed" : !hasEspeak ? "espeak-ng is not installed" : !hasSox ? "sox is not installed" : false,
}, async () => {
  const temp = makeTempDir();
  try {
    installVadModel(temp.dir);
    const wav = join(temp.dir, "goforward.wav");
    // Half a second of room before and a second after, as a microphone would give.
    const speech = goForwardSamples();
    const padded = new Float32Array(8000 + speech.length + 16_000);
    padded.set(speech, 8000);
    writeFileSync(wav, encodeWav16(padded, 16_000));
    const capture = `sox ${wav} -t raw -r 16000 -e signed -b 16 -c 1 -`;
    const played = join(temp.dir, "played.bin");
    const args = ["--data-dir", temp.dir, "listen", "--json", "--capture", capture, "--player", `cat >> ${played}`];

    let r = guimi(args, temp.dir);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /microphone is off/);

    const app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true });
    app.settings.update({ sensors: { microphone: true } });
    await app.close();

    r = guimi(args, temp.dir);
    assert.equal(r.status, 0, r.stderr);
    const events = r.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; text?: string; bytes?: number; recognizer?: string });
    const types = events.map((e) => e.type);
    assert.equal(events[0]?.type, "ready");
    assert.equal(events[0]?.recognizer, "pocketsphinx-en-us");
    assert.ok(types.indexOf("vad-start") < types.indexOf("vad-end"), types.join(","));
    assert.equal(events.find((e) => e.type === "transcript")?.text, "go forward ten meters");
    assert.match(events.find((e) => e.type === "reply-end")?.text ?? "", /model/);
    const audio = events.filter((e) => e.type === "audio");
    assert.ok(audio.length >= 1);
    // Every piece reached the player, byte for byte.
    assert.equal(
      readFileSync(played).length,
      audio.reduce((n, e) => n + (e.bytes ?? 0), 0),
    );
    assert.equal(types.at(-1), "speaking-end");

    // The wake word without its model: a clear message and the command that installs it.
    r = guimi([...args, "--wake-word"], temp.dir);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /model not installed: kws-zipformer-wenetspeech-3\.3m .*guimi model pull kws-zipformer-wenetspeech-3\.3m/);

    // With no flag her setting decides: switched on in 我的数据, the same message; --no-wake-word overrides it.
    const again = await createGuimiApp({ dataDir: temp.dir, withoutModel: true });
    again.settings.update({ wakeWord: { enabled: true, phrases: ["阿宝"] } });
    await again.close();
    r = guimi(args, temp.dir);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /model not installed: kws-zipformer-wenetspeech-3\.3m .*guimi model pull kws-zipformer-wenetspeech-3\.3m/);
    r = guimi([...args, "--no-wake-word"], temp.dir);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /wake word:/);
    assert.ok(r.stdout.includes('"type":"transcript"'), r.stdout);
  } finally {
    temp.cleanup();
  }
});
