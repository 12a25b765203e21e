// The SpeechToText contract, against every recogniser installed here; models that are not installed
// must fail with the command that installs them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { createPocketsphinxSpeechToText, parseHypothesis } from "./pocketsphinx-stt.js";
import { loadSenseVoice, loadStreamingZipformer } from "./sherpa-stt.js";
import { tidyTranscript, type SpeechToText } from "./speech-to-text.js";
import { goForwardSamples, hasPocketsphinx } from "./voice-fixtures.js";
import { ModelNotInstalledError } from "./voice-errors.js";
import { makeTempDir } from "../testing/paths.js";

function sttContract(name: string, make: () => SpeechToText, skip: string | false) {
  const using = async (body: (stt: SpeechToText) => Promise<void>) => {
    const stt = make();
    try {
      await body(stt);
    } finally {
      stt.dispose?.();
    }
  };
  test(`${name}: recognises a real recording`, { skip }, () =>
    using(async (stt) => {
      const { text } = await stt.transcribe(goForwardSamples());
      assert.match(text, /go forward/);
      assert.equal(text, text.trim());
    }),
  );
  test(`${name}: silence gives empty text, not an error`, { skip }, () =>
    using(async (stt) => {
      assert.equal((await stt.transcribe(new Float32Array(16_000))).text, "");
      assert.equal((await stt.transcribe(new Float32Array(0))).text, "");
    }),
  );
  test(`${name}: an aborted request stops`, { skip }, () =>
    using(async (stt) => {
      const controller = new AbortController();
      const pending = stt.transcribe(goForwardSamples(), { signal: controller.signal });
      controller.abort(new Error("barge-in"));
      await assert.rejects(pending, /barge-in/);
      // The recogniser still answers the next utterance, with its own text.
      assert.match((await stt.transcribe(goForwardSamples())).text, /go forward/);
    }),
  );
  test(`${name}: listening while she speaks gives what the whole recording gives`, { skip }, () =>
    using(async (stt) => {
      if (!stt.listen) return; // a recogniser that cannot listen live is only asked for whole utterances
      const speech = goForwardSamples();
      const live = stt.listen();
      for (let i = 0; i < speech.length; i += 512) live.push(speech.subarray(i, i + 512));
      assert.equal((await live.finish()).text, (await stt.transcribe(speech)).text);
      const abandoned = stt.listen();
      abandoned.push(speech);
      const controller = new AbortController();
      controller.abort(new Error("closed"));
      await assert.rejects(abandoned.finish({ signal: controller.signal }), /closed/);
      assert.match((await stt.transcribe(speech)).text, /go forward/);
    }),
  );
  test(`${name}: utterances queued together come back in order`, { skip }, () =>
    using(async (stt) => {
      const results = await Promise.all([stt.transcribe(goForwardSamples()), stt.transcribe(new Float32Array(8000)), stt.transcribe(goForwardSamples())]);
      assert.deepEqual(
        results.map((r) => /go forward/.test(r.text)),
        [true, false, true],
      );
    }),
  );
}

sttContract("pocketsphinx", () => createPocketsphinxSpeechToText(), hasPocketsphinx ? false : "pocketsphinx is not installed");

test("pocketsphinx stays loaded between utterances and comes back after its process dies", {
  skip: hasPocketsphinx ? false : "pocketsphinx is not installed",
}, async () => {
  const stt = createPocketsphinxSpeechToText();
  try {
    assert.match((await stt.transcribe(goForwardSamples())).text, /go forward/);
    const decoders = () =>
      spawnSync("pgrep", ["-P", String(process.pid), "-f", "pocketsphinx_batch"])
        .stdout.toString()
        .trim();
    const shells = decoders();
    assert.equal(shells.split("\n").length, 1, "one resident decoder");
    assert.match((await stt.transcribe(goForwardSamples())).text, /go forward/);
    assert.equal(decoders(), shells, "the same process answered the second utterance");
    process.kill(-Number(shells), "SIGKILL");
    await new Promise((r) => setTimeout(r, 100));
    assert.match((await stt.transcribe(goForwardSamples())).text, /go forward/);
    assert.notEqual(decoders(), shells, "a new decoder replaced the dead one");
  } finally {
    stt.dispose?.();
  }
});

test("pocketsphinx hypothesis lines read as text", () => {
  assert.equal(parseHypothesis("go forward ten meters (audio -7066)"), "go forward ten meters");
  assert.equal(parseHypothesis(" (audio 0)"), "");
});

test("SenseVoice and the streaming zipformer, not installed: the error names the model, its folder and its download", () => {
  const { dir, cleanup } = makeTempDir();
  try {
    assert.throws(
      () => loadSenseVoice(join(dir, "voice", "sensevoice-zh-en-int8")),
      (e: Error) =>
        e instanceof ModelNotInstalledError &&
        /model not installed: sensevoice-zh-en-int8 \(expected .*voice\/sensevoice-zh-en-int8\/model.int8.onnx; run guimi model pull sensevoice-zh-en-int8\)/.test(
          e.message,
        ),
    );
    assert.throws(
      () => loadStreamingZipformer(join(dir, "voice", "zipformer-zh-en-streaming")),
      (e: Error) =>
        e instanceof ModelNotInstalledError && /model not installed: zipformer-zh-en-streaming .*guimi model pull zipformer-zh-en-streaming/.test(e.message),
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
