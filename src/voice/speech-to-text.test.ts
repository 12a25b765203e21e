// The SpeechToText contract, against every recogniser installed here; models that are not installed
// must fail with the command that installs them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { createPocketsphinxSpeechToText } from "./pocketsphinx-stt.js";
import { loadSenseVoice, loadStreamingZipformer } from "./sherpa-stt.js";
import { tidyTranscript, type SpeechToText } from "./speech-to-text.js";
import { goForwardSamples, hasPocketsphinx } from "./voice-fixtures.js";
import { ModelNotInstalledError } from "./voice-errors.js";
import { makeTempDir } from "../testing/paths.js";

function sttContract(name: string, make: () => SpeechToText, skip: string | false) {
  test(`${name}: recognises a real recording`, { skip }, async () => {
    const stt = make();
    const { text } = await stt.transcribe(goForwardSamples());
    assert.match(text, /go forward/);
    assert.equal(text, text.trim());
  });
  test(`${name}: silence gives empty text, not an error`, { skip }, async () => {
    const { text } = await make().transcribe(new Float32Array(16_000));
    assert.equal(text, "");
  });
  test(`${name}: an aborted request stops`, { skip }, async () => {
    const controller = new AbortController();
    const pending = make().transcribe(goForwardSamples(), { signal: controller.signal });
    controller.abort(new Error("barge-in"));
    await assert.rejects(pending, /barge-in/);
  });
}

sttContract("pocketsphinx", () => createPocketsphinxSpeechToText(), hasPocketsphinx ? false : "pocketsphinx is not installed");

test("SenseVoice and the streaming zipformer, not installed: the error names the model, its folder and its download", () => {
  const { dir, cleanup } = makeTempDir();
  try {
    assert.throws(
      () => loadSenseVoice(join(dir, "voice")),
      (e: Error) =>
        e instanceof ModelNotInstalledError &&
        /model not installed: sensevoice-zh-en-int8 \(expected .*sherpa-onnx-sense-voice-zh-en-ja-ko-yue-2024-07-17\/model.int8.onnx; download https:\/\/github.com\/.*\.tar\.bz2 and extract it there\)/.test(
          e.message,
        ),
    );
    assert.throws(
      () => loadStreamingZipformer(join(dir, "voice")),
      (e: Error) => e instanceof ModelNotInstalledError && /model not installed: zipformer-zh-en-streaming/.test(e.message),
    );
  } finally {
    cleanup();
  }
});

test("transcripts read as she would type them", () => {
  assert.equal(tidyTranscript("GO FORWARD <unk> TEN  METERS"), "go forward ten meters");
  assert.equal(tidyTranscript("十 分钟 后 提醒 我"), "十分钟后提醒我");
  assert.equal(tidyTranscript(" Remind me at 5 PM "), "Remind me at 5 PM");
});
