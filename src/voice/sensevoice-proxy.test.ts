// The SenseVoice adapter through real sherpa-onnx inference. No trained SenseVoice can be downloaded here,
// so the model is one with SenseVoice's interface and random weights (scripts/voice/make-sensevoice-proxy.py):
// it proves that sherpa-onnx accepts the adapter's configuration, that features, decoding and the language tag
// come back through it, and that a whole voice turn runs on it. Its words are noise; their content is not tested.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createGuimiApp } from "../app/guimi-app.js";
import { makeTempDir } from "../testing/paths.js";
import { loadSenseVoice, SENSEVOICE_ID } from "./sherpa-stt.js";
import { goForwardSamples, hasEspeak, hasPythonOnnx, installSenseVoiceProxy, installVadModel } from "./voice-fixtures.js";

const skip = hasPythonOnnx ? false : "python3-onnx is not installed (apt-get install python3-onnx)";

test("SenseVoice (sherpa-onnx): real inference on a recording, silence, empty and tiny input, and a stop", { skip }, async () => {
  const temp = makeTempDir();
  try {
    const stt = loadSenseVoice(installSenseVoiceProxy(temp.dir, "tiny"));
    const heard = await stt.transcribe(goForwardSamples());
    assert.ok(heard.text.length > 0, "2.6 s of speech decodes to tokens");
    assert.doesNotMatch(heard.text, /<\|/, "the prompt tags (language, emotion, event, ITN) are not part of the text");
    // The proxy answers "auto" with the Chinese tag, as SenseVoice does for Mandarin: the adapter reads it.
    assert.equal(heard.lang, "zh");
    for (const n of [0, 1, 100]) assert.equal((await stt.transcribe(new Float32Array(n))).text, "", `${n} samples give no text`);
    const controller = new AbortController();
    controller.abort(new Error("barge-in"));
    await assert.rejects(stt.transcribe(goForwardSamples(), { signal: controller.signal }), /barge-in/);
    assert.equal((await stt.transcribe(goForwardSamples())).text, heard.text, "the same audio decodes the same way after a stop");
  } finally {
    temp.cleanup();
  }
});

test("with SenseVoice installed a voice turn runs on it and status names it (zh, en, yue)", {
  skip: skip || (hasEspeak ? false : "espeak-ng is not installed"),
}, async () => {
  const temp = makeTempDir();
  installVadModel(temp.dir);
  installSenseVoiceProxy(temp.dir, "tiny");
  const app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true });
  try {
    assert.deepEqual(app.voice.status!().recognizer, { id: SENSEVOICE_ID, languages: ["zh", "en", "yue"] });
    assert.equal(app.voice.recognizer().id, SENSEVOICE_ID);
    app.settings.update({ sensors: { microphone: true } });
    const result = await app.voice.listenFile(goForwardSamples());
    assert.ok(result.transcript.length > 0);
    assert.deepEqual(
      app.store.list("default").map((m) => m.role),
      ["user", "assistant"],
    );
    assert.equal(app.store.list("default")[0]!.text, result.transcript, "what SenseVoice heard is what was stored");
    assert.ok(result.audio && result.audio.length > 44, "the reply is spoken");
  } finally {
    await app.close();
    temp.cleanup();
  }
});
