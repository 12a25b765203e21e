// The wake word: the spotter's errors without a model, keyword lines checked against the model's
// tokens, and a live session that answers only speech addressed to it (real VAD, ASR and conversation;
// the spotter is a double because its model cannot be downloaded here).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTempDir } from "../testing/paths.js";
import { checkKeywords, DEFAULT_KEYWORDS, loadWakeWord, type WakeWordSpotter } from "./wake-word.js";
import { ModelNotInstalledError } from "./voice-errors.js";
import { createGuimiApp } from "../app/guimi-app.js";
import { goForwardSamples, hasEspeak, hasPocketsphinx, installVadModel } from "./voice-fixtures.js";
import { createVoiceSession, type VoiceEvent } from "./voice-session.js";

test("without the keyword model, the wake word says which file is missing and the pull command", () => {
  const { dir, cleanup } = makeTempDir();
  try {
    assert.throws(
      () => loadWakeWord(dir),
      (e: Error) =>
        e instanceof ModelNotInstalledError &&
        /model not installed: kws-zipformer-wenetspeech-3\.3m .*run guimi model pull kws-zipformer-wenetspeech-3\.3m/.test(e.message),
    );
  } finally {
    cleanup();
  }
});

test("keyword lines are checked against the model's tokens before the native spotter sees them", () => {
  const tokens = new Set(["x", "iǎo", "m", "ì", "n", "ǐ", "h", "ǎo"]);
  assert.deepEqual(checkKeywords(DEFAULT_KEYWORDS, tokens), DEFAULT_KEYWORDS);
  assert.throws(() => checkKeywords(["x iǎo q iáng @小强"], tokens), /小强.*no token q, iáng/);
  assert.throws(() => checkKeywords(["x iǎo m ì"], tokens), /expected "<tokens> @<phrase>"/);
  assert.throws(() => checkKeywords(["", "  "], tokens), /no keywords/);
  // Through the loader too, with the model's own tokens file.
  const { dir, cleanup } = makeTempDir();
  try {
    const model = join(dir, "voice", "kws-zipformer-wenetspeech-3.3m");
    mkdirSync(model, { recursive: true });
    for (const f of [
      "encoder-epoch-12-avg-2-chunk-16-left-64.int8.onnx",
      "decoder-epoch-12-avg-2-chunk-16-left-64.onnx",
      "joiner-epoch-12-avg-2-chunk-16-left-64.int8.onnx",
    ])
      writeFileSync(join(model, f), "");
    writeFileSync(join(model, "tokens.txt"), [...tokens].map((t, i) => `${t} ${i}`).join("\n"));
    assert.throws(() => loadWakeWord(dir, { keywords: ["b ǎo b èi @宝贝"] }), /宝贝.*no token b, èi$/);
  } finally {
    cleanup();
  }
});

test("with the wake word on, speech without it is not for Guimi; with it, she is answered (and may answer back)", {
  skip: !hasPocketsphinx ? "pocketsphinx is not installed" : !hasEspeak ? "espeak-ng is not installed" : false,
}, async () => {
  const temp = makeTempDir();
  installVadModel(temp.dir);
  const app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true });
  try {
    let armed = false;
    const spotter: WakeWordSpotter = {
      id: "double",
      phrases: ["小蜜小蜜"],
      push: () => (armed ? ((armed = false), "小蜜小蜜") : null),
      reset: () => undefined,
    };
    let now = 0;
    const events: VoiceEvent[] = [];
    const session = createVoiceSession(
      { ...app.voice.sessionDeps("default"), wakeWord: spotter, clock: () => now },
      { event: (e) => events.push(e), audio: () => undefined },
    );
    const turn = async () => {
      session.push(new Float32Array(8000));
      session.push(goForwardSamples());
      session.push(new Float32Array(16_000 * 1.2));
      await session.idle();
    };
    await turn();
    assert.equal(events.filter((e) => e.type === "not-for-me").length, 1);
    assert.equal(events.filter((e) => e.type === "transcript").length, 0);
    assert.equal(app.store.list("default").length, 0, "nothing stored");

    armed = true;
    await turn();
    assert.equal(events.filter((e) => e.type === "wake").length, 1);
    assert.equal(events.filter((e) => e.type === "transcript").length, 1);

    // Once the reply has played she answers back without the wake word; much later she must say it again.
    const played = events.filter((e): e is Extract<VoiceEvent, { type: "audio" }> => e.type === "audio").reduce((n, e) => n + e.durationMs, 0);
    now += played + 1000;
    await turn();
    assert.equal(events.filter((e) => e.type === "transcript").length, 2);
    now += 60_000;
    await turn();
    assert.equal(events.filter((e) => e.type === "transcript").length, 2);
    assert.equal(events.filter((e) => e.type === "not-for-me").length, 2);
    session.close();
  } finally {
    await app.close();
    temp.cleanup();
  }
});
