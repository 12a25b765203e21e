import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createEspeakTextToSpeech, speakableText, splitSentences } from "./text-to-speech.js";
import { parseWav } from "../perception/voice/wav.js";

const hasEspeak = spawnSync("espeak-ng", ["--version"]).status === 0;

test("replies are split into sentences and cleaned for the ear", () => {
  assert.deepEqual(splitSentences("到点啦～该给妈妈打电话了哦！记得问问她最近好不好。"), ["到点啦～该给妈妈打电话了哦！", "记得问问她最近好不好。"]);
  assert.deepEqual(splitSentences("Time to stretch! You've been sitting for two hours."), ["Time to stretch!", "You've been sitting for two hours."]);
  assert.equal(speakableText("运行 `guimi model pull` 就好啦～😊"), "运行 guimi model pull 就好啦，");
});

test("espeak-ng synthesises zh and en speech on the device", { skip: hasEspeak ? false : "espeak-ng is not installed" }, async () => {
  const tts = createEspeakTextToSpeech();
  for (const [text, lang] of [
    ["明天早上八点提醒你带伞", "zh"],
    ["Time to drink some water", "en"],
  ] as const) {
    const wav = parseWav(new Uint8Array(await tts.synthesize(text, lang)));
    const seconds = wav.samples.length / wav.sampleRate;
    assert.ok(seconds > 0.8 && seconds < 10, `${lang}: ${seconds} s`);
    let energy = 0;
    for (const x of wav.samples) energy += x * x;
    assert.ok(Math.sqrt(energy / wav.samples.length) > 0.01, "not silence");
  }
});
