import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createEspeakTextToSpeech, speakableText, splitSentences, type TextToSpeech } from "./text-to-speech.js";
import { installedSherpaVoices, loadSherpaTextToSpeech, routeByLanguage } from "./sherpa-tts.js";
import { ModelNotInstalledError } from "./voice-errors.js";
import { makeTempDir } from "../testing/paths.js";
import { parseWav } from "../perception/voice/wav.js";

const hasEspeak = spawnSync("espeak-ng", ["--version"]).status === 0;

test("replies are split into sentences and cleaned for the ear", () => {
  assert.deepEqual(splitSentences("到点啦～该给妈妈打电话了哦！记得问问她最近好不好。"), ["到点啦～该给妈妈打电话了哦！", "记得问问她最近好不好。"]);
  assert.deepEqual(splitSentences("Time to stretch! You've been sitting for two hours."), ["Time to stretch!", "You've been sitting for two hours."]);
  assert.equal(speakableText("运行 `guimi model pull` 就好啦～😊"), "运行 guimi model pull 就好啦，");
});

/** The TextToSpeech contract: real speech (not silence, a plausible length) for each language it speaks. */
function ttsContract(name: string, make: () => TextToSpeech, languages: readonly ("zh" | "en")[], skip: string | false) {
  test(`${name}: synthesises ${languages.join(" and ")} speech on the device`, { skip }, async () => {
    const tts = make();
    const texts = { zh: "明天早上八点提醒你带伞", en: "Time to drink some water" };
    for (const lang of languages) {
      const wav = parseWav(new Uint8Array(await tts.synthesize(texts[lang], lang)));
      const seconds = wav.samples.length / wav.sampleRate;
      assert.ok(seconds > 0.8 && seconds < 10, `${lang}: ${seconds} s`);
      let energy = 0;
      for (const x of wav.samples) energy += x * x;
      assert.ok(Math.sqrt(energy / wav.samples.length) > 0.01, "not silence");
    }
  });
}

ttsContract("espeak-ng", () => createEspeakTextToSpeech(), ["zh", "en"], hasEspeak ? false : "espeak-ng is not installed");

// The sherpa-onnx voices run through the same checks on models with their interfaces: sherpa-tts-proxy.test.ts.

test("sherpa voices not installed: the error names the missing file and the pull command (the vocoder too)", () => {
  const { dir, cleanup } = makeTempDir();
  try {
    assert.deepEqual(installedSherpaVoices(dir), []);
    assert.throws(
      () => loadSherpaTextToSpeech(dir, "matcha-zh-baker"),
      (e: Error) =>
        e instanceof ModelNotInstalledError &&
        /model not installed: matcha-zh-baker \(expected .*voice\/matcha-zh-baker\/model-steps-3\.onnx; run guimi model pull matcha-zh-baker \(it also installs vocos-22khz-univ\)\)/.test(
          e.message,
        ),
    );
    // The acoustic model alone is not enough: the vocoder is named.
    const matcha = join(dir, "voice", "matcha-zh-baker");
    mkdirSync(join(matcha, "dict"), { recursive: true });
    for (const f of ["model-steps-3.onnx", "lexicon.txt", "tokens.txt"]) writeFileSync(join(matcha, f), "");
    assert.throws(() => loadSherpaTextToSpeech(dir, "matcha-zh-baker"), /model not installed: vocos-22khz-univ .*run guimi model pull vocos-22khz-univ/);
    assert.deepEqual(installedSherpaVoices(dir), []);
    assert.throws(
      () => loadSherpaTextToSpeech(dir, "kokoro-multi-lang-v1_0"),
      /model not installed: kokoro-multi-lang-v1_0 .*model\.onnx; run guimi model pull kokoro-multi-lang-v1_0/,
    );
  } finally {
    cleanup();
  }
});

test("each language goes to the voice that speaks it (Matcha for zh, espeak-ng for en)", async () => {
  const said: string[] = [];
  const voice = (name: string): TextToSpeech => ({
    synthesize: async (text) => {
      said.push(`${name}:${text}`);
      return Buffer.alloc(0);
    },
    speak: async () => undefined,
    interrupt: () => said.push(`${name}:stop`),
  });
  const tts = routeByLanguage({ zh: voice("matcha"), en: voice("espeak") }, "matcha-zh-baker + espeak-ng (en)");
  await tts.synthesize("你好", "zh");
  await tts.synthesize("hello", "en");
  tts.interrupt();
  assert.deepEqual(said, ["matcha:你好", "espeak:hello", "matcha:stop", "espeak:stop"]);
  assert.equal(tts.id, "matcha-zh-baker + espeak-ng (en)");
});
