// Real Silero VAD (sherpa-onnx) on real speech: utterances found, none cut mid-word.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { loadSileroVad } from "./silero-vad.js";
import { segmentRecording } from "./utterance-segmenter.js";
import { readSpeechWav } from "../perception/voice/index.js";
import { goForwardRaw, goForwardSamples, hasPocketsphinx, librivoxDir, pocketsphinxWords, sileroModelPath, speech60sPath } from "./voice-fixtures.js";
import type { VoiceActivityDetector } from "./voice-activity.js";
import { ModelNotInstalledError } from "./voice-errors.js";

// The contract every VoiceActivityDetector keeps.
function vadContract(name: string, make: () => VoiceActivityDetector) {
  test(`${name}: silence and noise are not speech, speech is`, async () => {
    const vad = make();
    const silence = new Float32Array(vad.windowSize);
    for (let i = 0; i < 20; i++) assert.equal(vad.isSpeech(silence), false);
    const noise = new Float32Array(vad.windowSize);
    let seed = 7;
    for (let n = 0; n < 30; n++) {
      for (let i = 0; i < noise.length; i++) noise[i] = ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff - 0.5) * 0.02;
      assert.equal(vad.isSpeech(noise), false, "faint white noise");
    }
    vad.reset();
    const speech = goForwardSamples();
    let voiced = 0;
    for (let i = 0; i + vad.windowSize <= speech.length; i += vad.windowSize) if (vad.isSpeech(speech.subarray(i, i + vad.windowSize))) voiced += 1;
    const seconds = (voiced * vad.windowSize) / 16_000;
    assert.ok(seconds > 1 && seconds < 2.9, `voiced ${seconds} s of "go forward ten meters"`);
  });
}

vadContract("silero-vad", () => loadSileroVad({ modelPath: sileroModelPath }));

test("a missing VAD model says where it belongs and the command that installs it", () => {
  assert.throws(
    () => loadSileroVad({ modelPath: "/nonexistent/silero_vad.onnx" }),
    (error: Error) =>
      error instanceof ModelNotInstalledError &&
      /model not installed: silero-vad \(expected \/nonexistent\/silero_vad.onnx; run guimi model pull silero-vad\)/.test(error.message),
  );
});

test("60 s of real speech: utterances found at the pauses, no cut inside loud speech", async () => {
  const vad = loadSileroVad({ modelPath: sileroModelPath });
  const { samples } = await readSpeechWav(speech60sPath);
  const utterances = segmentRecording(vad, samples);
  assert.ok(utterances.length >= 4 && utterances.length <= 14, `${utterances.length} utterances`);
  let covered = 0;
  for (const u of utterances) {
    assert.ok(u.endMs > u.startMs && Math.abs(u.samples.length - (u.endMs - u.startMs) * 16) <= 16, `${u.startMs}–${u.endMs} holds its samples`);
    covered += u.endMs - u.startMs;
  }
  assert.ok(covered > 30_000 && covered < 60_000, `${covered} ms of speech`);
  // Each cut (an utterance's end) sits in quiet: the 100 ms before it are far quieter than the speech.
  const rms = (from: number, to: number) => {
    let s = 0;
    for (let i = from; i < to; i++) s += samples[i]! ** 2;
    return Math.sqrt(s / Math.max(1, to - from));
  };
  const speechLevel = rms(0, samples.length);
  for (const u of utterances.filter((u) => u.reason === "silence")) {
    const end = u.endMs * 16;
    assert.ok(rms(end - 1600, end) < speechLevel * 0.5, `cut at ${u.endMs} ms is in quiet`);
  }
});

function assertWordsInside(words: { word: string; start: number; end: number }[], utterances: { startMs: number; endMs: number }[], label: string) {
  assert.ok(words.length > 0, `${label}: pocketsphinx aligned words`);
  for (const w of words) {
    const inside = utterances.some((u) => u.startMs <= w.start * 1000 + 30 && u.endMs >= w.end * 1000 - 30);
    assert.ok(
      inside,
      `${label}: "${w.word}" (${w.start}–${w.end} s) lies wholly inside one utterance: ${JSON.stringify(utterances.map((u) => [u.startMs, u.endMs]))}`,
    );
  }
}

test("go forward ten meters: one utterance holding every word", { skip: hasPocketsphinx ? false : "pocketsphinx-testdata is not installed" }, () => {
  const vad = loadSileroVad({ modelPath: sileroModelPath });
  const utterances = segmentRecording(vad, goForwardSamples());
  assert.equal(utterances.length, 1);
  assertWordsInside(pocketsphinxWords(goForwardRaw), utterances, "goforward");
});

test("LibriVox sentences: every word pocketsphinx aligns lies inside an utterance (none cut mid-word)", {
  skip: hasPocketsphinx ? false : "pocketsphinx-testdata is not installed",
}, async () => {
  const vad = loadSileroVad({ modelPath: sileroModelPath });
  const files = readdirSync(librivoxDir)
    .filter((f) => f.endsWith(".wav"))
    .slice(0, 3);
  assert.ok(files.length >= 2);
  for (const file of files) {
    const path = join(librivoxDir, file);
    const { samples } = await readSpeechWav(path);
    const utterances = segmentRecording(vad, samples);
    assert.ok(utterances.length >= 1, file);
    assertWordsInside(pocketsphinxWords(path), utterances, file);
  }
});
