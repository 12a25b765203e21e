// The sherpa-onnx voices (Matcha zh-baker + vocos, Kokoro multi-lang v1.0) through real sherpa-onnx inference.
// No trained voice can be downloaded here, so the models are ones with the real interfaces and random weights
// (scripts/voice/make-tts-proxy.py): they prove that sherpa-onnx accepts the adapter's configuration and files,
// and that audio comes back at the model's rate, sentence by sentence, stops when asked and is made one
// synthesis at a time. The audio is noise; nothing about how it sounds is tested.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createGuimiApp } from "../app/guimi-app.js";
import { parseWav } from "../perception/voice/wav.js";
import { makeTempDir } from "../testing/paths.js";
import { installedSherpaVoices, loadSherpaTextToSpeech, type SherpaVoiceId } from "./sherpa-tts.js";
import { goForwardSamples, hasEspeak, hasEspeakData, hasPythonOnnx, installSenseVoiceProxy, installTtsProxy, installVadModel } from "./voice-fixtures.js";

const skip = hasPythonOnnx ? false : "python3-onnx is not installed (apt-get install python3-onnx)";
const skipKokoro = skip || (hasEspeakData ? false : "Debian's espeak-ng-data is not installed");

// One install of each voice for the whole file, removed when the process exits: sherpa-onnx initialises
// espeak-ng once per process with the first Kokoro's espeak-ng-data path, so that folder must outlive the test.
const installs = new Map<string, string>();
function proxyModels(voice: "matcha" | "kokoro"): string {
  let modelsDir = installs.get(voice);
  if (!modelsDir) {
    const temp = makeTempDir();
    process.on("exit", temp.cleanup);
    modelsDir = installTtsProxy(temp.dir, voice, "tiny");
    installs.set(voice, modelsDir);
  }
  return modelsDir;
}

const seconds = (wav: Buffer) => {
  const audio = parseWav(new Uint8Array(wav));
  return audio.samples.length / audio.sampleRate;
};

const voices: { id: SherpaVoiceId; proxy: "matcha" | "kokoro"; rate: number; skip: string | false }[] = [
  { id: "matcha-zh-baker", proxy: "matcha", rate: 22050, skip },
  { id: "kokoro-multi-lang-v1_0", proxy: "kokoro", rate: 24000, skip: skipKokoro },
];

for (const voice of voices) {
  test(`${voice.id} (sherpa-onnx): loads and speaks a WAV at ${voice.rate} Hz, longer for longer text`, { skip: voice.skip }, async () => {
    const modelsDir = proxyModels(voice.proxy);
    assert.ok(installedSherpaVoices(modelsDir).includes(voice.id), "the files are where the loader looks");
    const tts = loadSherpaTextToSpeech(modelsDir, voice.id);
    const short = await tts.synthesize("你好。", "zh");
    const long = await tts.synthesize("你好。今天过得怎么样？", "zh");
    for (const wav of [short, long]) {
      const audio = parseWav(new Uint8Array(wav));
      assert.equal(audio.sampleRate, voice.rate);
      assert.equal(audio.source.channels, 1);
      let energy = 0;
      for (const x of audio.samples) energy += x * x;
      assert.ok(Math.sqrt(energy / audio.samples.length) > 0.001, "not silence");
    }
    assert.ok(seconds(short) > 0.2, `${seconds(short)} s`);
    assert.ok(seconds(long) > 2 * seconds(short), `${seconds(long)} s vs ${seconds(short)} s`);
    if (voice.proxy === "kokoro") {
      // English goes through the model's own phonemiser (espeak-ng on Debian's data).
      assert.ok(seconds(await tts.synthesize("Hello, how are you today?", "en")) > 0.5);
    }
  });

  test(`${voice.id}: streams sentence by sentence, stops when asked, one synthesis at a time`, { skip: voice.skip }, async () => {
    const tts = loadSherpaTextToSpeech(proxyModels(voice.proxy), voice.id);
    // Two sentences: two chunks, the first before the whole reply is ready, together the whole reply.
    const chunks: number[] = [];
    let resolved = false;
    let firstBeforeDone: boolean | null = null;
    const streaming = tts.synthesizeStream("今天天气很好，我们出去走走吧。你觉得怎么样？", "zh", (samples, rate) => {
      assert.equal(rate, voice.rate);
      firstBeforeDone ??= !resolved;
      chunks.push(samples.length);
    });
    const wav = await streaming.then((w) => {
      resolved = true;
      return w;
    });
    const whole = parseWav(new Uint8Array(wav)).samples.length;
    assert.ok(chunks.length >= 2, `${chunks.length} chunks`);
    assert.equal(firstBeforeDone, true, "the first sentence is handed over before the promise resolves");
    assert.ok(chunks[0]! < whole);
    assert.equal(
      chunks.reduce((a, b) => a + b, 0),
      whole,
      "the chunks are the reply",
    );

    // A stop during synthesis (she starts talking after the first sentence): rejects, and no more sentences.
    const three = "你好。今天过得怎么样？我们出去走走吧，好不好呀？";
    const controller = new AbortController();
    const heard: number[] = [];
    await assert.rejects(
      tts.synthesizeStream(
        three,
        "zh",
        (samples) => {
          heard.push(samples.length);
          controller.abort(new Error("barge-in"));
        },
        { signal: controller.signal },
      ),
      /barge-in/,
    );
    assert.equal(heard.length, 1, "no sentence is handed over after the stop");
    const stopped = new AbortController();
    stopped.abort(new Error("already stopped"));
    await assert.rejects(
      tts.synthesizeStream(three, "zh", () => assert.fail("nothing is made"), { signal: stopped.signal }),
      /already stopped/,
    );
    // The engine still works after a stop.
    const again: number[] = [];
    await tts.synthesizeStream(three, "zh", (samples) => again.push(samples.length));
    assert.ok(again.length >= 2 && again[0] === heard[0], "the same text starts the same way after a stop");

    // Two calls at once: both complete, one after the other (the engine is not re-entrant).
    const order: string[] = [];
    const [a, b] = await Promise.all([
      tts.synthesizeStream("你好。今天过得怎么样？", "zh", () => order.push("a")),
      tts.synthesizeStream("我们出去走走吧。好不好呀？", "zh", () => order.push("b")),
    ]);
    assert.ok(seconds(a) > 0 && seconds(b) > 0);
    assert.deepEqual(order, [...order.filter((x) => x === "a"), ...order.filter((x) => x === "b")], order.join(""));
    assert.ok(order.includes("a") && order.includes("b"));
  });
}

test("matcha-zh-baker: a sentence it cannot read is no audio, not a failure, and the rest of the reply is still said", { skip }, async () => {
  const temp = makeTempDir();
  try {
    const played = join(temp.dir, "played");
    // A stand-in for mpv: reads the WAV, notes its size.
    const player = ["sh", "-c", `wc -c >> ${played}`];
    const tts = loadSherpaTextToSpeech(proxyModels("matcha"), "matcha-zh-baker", { player });
    for (const text of ["", "hello"]) {
      const audio = parseWav(new Uint8Array(await tts.synthesize(text, "zh")));
      assert.equal(audio.samples.length, 0, JSON.stringify(text));
      assert.equal(audio.sampleRate, 22050);
    }
    await tts.speak("OK\n你好。", "zh"); // "OK" alone: no word Matcha knows
    await tts.speak("今天过得怎么样？", "zh");
    const sizes = readFileSync(played, "utf8").trim().split("\n").map(Number);
    assert.equal(sizes.length, 2, "two sentences played, the unreadable one skipped");
    assert.ok(sizes.every((n) => n > 44));
  } finally {
    temp.cleanup();
  }
});

test("with Matcha installed the daemon's voice status names it (espeak-ng for English)", { skip }, async () => {
  const temp = makeTempDir();
  installTtsProxy(temp.dir, "matcha", "tiny");
  const app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true });
  try {
    assert.deepEqual(app.voice.status!().speech, { id: "matcha-zh-baker + espeak-ng (en)", languages: ["zh", "en"] });
  } finally {
    await app.close();
    temp.cleanup();
  }
});

test("with Kokoro installed a voice turn and the device speaker speak in Kokoro's voice (24 kHz), and status names it", {
  skip: skipKokoro || (hasEspeak ? false : "espeak-ng is not installed"),
}, async () => {
  const temp = makeTempDir();
  installVadModel(temp.dir);
  installSenseVoiceProxy(temp.dir, "tiny");
  installTtsProxy(temp.dir, "kokoro", "tiny");
  const app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true });
  try {
    assert.deepEqual(app.voice.status!().speech, { id: "kokoro-multi-lang-v1_0", languages: ["zh", "en"] });
    app.settings.update({ sensors: { microphone: true } });
    const result = await app.voice.listenFile(goForwardSamples());
    assert.ok(result.audio && result.audio.length > 44, "the reply is spoken");
    assert.equal(parseWav(new Uint8Array(result.audio)).sampleRate, 24000, "by Kokoro, not espeak-ng (22050 Hz)");
    assert.deepEqual(app.voice.status!().speech, { id: "kokoro-multi-lang-v1_0", languages: ["zh", "en"] }, "it loaded: no error");
    // The device speaker (care said aloud, media) speaks with the same voice, not a separate espeak-ng.
    const spoken = await app.voice.speech().synthesize("晚安，早点休息。", "zh");
    assert.equal(parseWav(new Uint8Array(spoken)).sampleRate, 24000);
  } finally {
    await app.close();
    temp.cleanup();
  }
});
