// The streaming zipformer recogniser and the wake-word spotter through real sherpa-onnx inference. No trained
// model can be downloaded here, so each is a model with the real one's interface and random weights
// (scripts/voice/make-transducer-proxy.py): it proves that sherpa-onnx accepts the adapters' configuration
// (metadata, cached states, keyword file) and that audio runs through them. Their words are noise: what they
// recognise is not tested, only that what comes back has the right shape.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createGuimiApp } from "../app/guimi-app.js";
import { startDaemon } from "../server/daemon.js";
import { makeTempDir } from "../testing/paths.js";
import { spellKeyword } from "./keyword-spelling.js";
import { loadStreamingZipformer, ZIPFORMER_ID } from "./sherpa-stt.js";
import { DEFAULT_KEYWORDS, loadWakeWord, WAKE_WORD_MODEL_ID } from "./wake-word.js";
import {
  goForwardSamples,
  hasPythonOnnx,
  installSenseVoiceProxy,
  installStreamingZipformerProxy,
  installVadModel,
  installWakeWordProxy,
} from "./voice-fixtures.js";
import { createVoiceSession, type VoiceEvent } from "./voice-session.js";

const skip = hasPythonOnnx ? false : "python3-onnx is not installed (apt-get install python3-onnx)";

/** The recording in 100 ms pieces, as a microphone delivers it. */
function* chunks(samples: Float32Array, size = 1600): Generator<Float32Array> {
  for (let at = 0; at < samples.length; at += size) yield samples.subarray(at, Math.min(at + size, samples.length));
}

test("streaming zipformer (sherpa-onnx): partial text while audio arrives, the same text twice for the same audio", { skip }, () => {
  const temp = makeTempDir();
  try {
    const stt = loadStreamingZipformer(installStreamingZipformerProxy(temp.dir, "tiny"));
    assert.equal(stt.id, ZIPFORMER_ID);
    const run = () => {
      const stream = stt.start();
      const partials: string[] = [];
      for (const piece of chunks(goForwardSamples())) partials.push(stream.push(piece));
      return { partials, final: stream.finish() };
    };
    const first = run();
    for (const text of [...first.partials, first.final]) assert.equal(typeof text, "string");
    // 2.6 s is eight 320 ms chunks: the decoder runs, and on random weights it emits tokens.
    assert.ok(first.final.length > 0, "the recording decodes to tokens");
    // Text only grows as audio arrives: each partial is where the next one starts.
    for (let i = 1; i < first.partials.length; i++) assert.ok(first.partials[i]!.startsWith(first.partials[i - 1]!), `partial ${i} extends partial ${i - 1}`);
    assert.deepEqual(run(), first, "a new stream starts from fresh states: the same audio, the same text");
    // Silence and an empty push are fine too.
    const quiet = stt.start();
    assert.equal(typeof quiet.push(new Float32Array(0)), "string");
    assert.equal(typeof quiet.push(new Float32Array(16_000)), "string");
    assert.equal(typeof quiet.finish(), "string");
  } finally {
    temp.cleanup();
  }
});

test("wake word (sherpa-onnx keyword spotter): loads with 小蜜小蜜 and a spelled phrase, runs over speech, resets", { skip }, () => {
  const temp = makeTempDir();
  try {
    const dir = installWakeWordProxy(temp.dir, "tiny");
    const tokens = new Set(
      readFileSync(join(dir, "tokens.txt"), "utf8")
        .split("\n")
        .map((l) => l.split(" ")[0]),
    );
    // The proxy's tokens are the real model's kind: the <blk> blank first, pinyin initials and toned finals.
    assert.equal(readFileSync(join(dir, "tokens.txt"), "utf8").split("\n")[0], "<blk> 0");
    for (const phrase of ["小蜜小蜜", "我的数据", "阿宝", "你好军哥", "旅行"]) {
      for (const token of spellKeyword(phrase).split("@")[0]!.trim().split(" ")) assert.ok(tokens.has(token), `${phrase}: token ${token}`);
    }
    const models = join(temp.dir, "models");
    const keywords = [...DEFAULT_KEYWORDS, spellKeyword("我的数据")];
    for (const spotter of [loadWakeWord(models), loadWakeWord(models, { keywords })]) {
      assert.equal(spotter.id, WAKE_WORD_MODEL_ID);
      const heard: (string | null)[] = [];
      for (let round = 0; round < 2; round++) {
        for (const piece of chunks(goForwardSamples())) heard.push(spotter.push(piece));
        heard.push(spotter.push(new Float32Array(16_000)));
        spotter.reset();
      }
      // Random weights: a keyword is chance, but whatever comes back is one of its phrases or nothing.
      for (const h of heard) assert.ok(h === null || spotter.phrases.includes(h), `${h} is one of ${spotter.phrases.join(", ")}`);
    }
    assert.deepEqual(loadWakeWord(models, { keywords }).phrases, ["小蜜小蜜", "我的数据"]);
  } finally {
    temp.cleanup();
  }
});

test("with the wake-word model installed, the daemon's status says so, and a live session loads the real spotter", { skip }, async () => {
  const temp = makeTempDir();
  installVadModel(temp.dir);
  installWakeWordProxy(temp.dir, "tiny");
  const app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true });
  const daemon = await startDaemon(app, { host: "127.0.0.1", port: 0 });
  const wake = async () =>
    (
      (await (await fetch(new URL("api/v1/status", daemon.url))).json()) as {
        voice: { wakeWord: { installed: boolean; loaded: boolean; state: string; reason?: string } };
      }
    ).voice.wakeWord;
  try {
    assert.equal((await wake()).state, "off");
    app.settings.update({ wakeWord: { enabled: true, phrases: ["我的数据"] } });
    let status = await wake();
    assert.equal(status.installed, true);
    assert.notEqual(status.state, "model-not-installed");
    assert.equal(status.state, "microphone-off", "every phrase is in the model's tokens; only the microphone is off");
    app.settings.update({ sensors: { microphone: true } });
    status = await wake();
    assert.equal(status.state, "ready");
    assert.equal(status.reason, undefined);

    const session = app.voice.liveSession({ event: () => undefined, audio: () => undefined });
    try {
      status = await wake();
      assert.equal(status.loaded, true);
      assert.equal(status.state, "listening");
      for (const piece of chunks(goForwardSamples())) session.push(piece);
      session.push(new Float32Array(16_000 * 1.2));
      await session.idle();
    } finally {
      session.close();
    }
    assert.equal((await wake()).state, "ready");
  } finally {
    await daemon.stop();
    await app.close();
    temp.cleanup();
  }
});

test("with the streaming zipformer installed, a voice session shows live partial text while she speaks; SenseVoice gives the final transcript", {
  skip,
}, async () => {
  const temp = makeTempDir();
  installVadModel(temp.dir);
  installSenseVoiceProxy(temp.dir, "tiny");
  installStreamingZipformerProxy(temp.dir, "tiny");
  const app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true });
  try {
    assert.deepEqual(app.voice.status!().partials, { id: ZIPFORMER_ID, languages: ["zh", "en"] });
    app.settings.update({ sensors: { microphone: true } });
    const events: VoiceEvent[] = [];
    const session = createVoiceSession(app.voice.sessionDeps("partials"), { event: (e) => events.push(e), audio: () => undefined });
    const speech = goForwardSamples();
    session.push(new Float32Array(8000));
    for (let i = 0; i < speech.length; i += 512) session.push(speech.subarray(i, i + 512));
    for (let i = 0; i < 16_000 * 1.5; i += 512) session.push(new Float32Array(512));
    await session.idle();
    session.close();
    assert.deepEqual(
      events.filter((e) => e.type === "ready").map((e) => e.type === "ready" && e.partials),
      [true],
    );
    assert.ok(
      events.some((e) => e.type === "partial" && e.text.length > 0),
      events.map((e) => e.type).join(","),
    );
    const transcript = events.find((e) => e.type === "transcript");
    assert.ok(transcript && transcript.type === "transcript" && transcript.text.length > 0, "SenseVoice's words end the turn");
  } finally {
    await app.close();
    temp.cleanup();
  }
});
