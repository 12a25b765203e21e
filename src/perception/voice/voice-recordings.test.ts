// Real read speech from Debian's pocketsphinx-testdata (LibriVox and short command recordings).
// Syllable counts are checked against the transcripts shipped with the data.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeUtterance } from "./analyze-utterance.js";
import { int16FromBytes } from "./pcm.js";
import { extractProsody } from "./prosody.js";
import { readSpeechWav } from "./read-speech-wav.js";
import { createVoiceBaseline } from "./voice-baseline.js";
import { decodeSpeechWav } from "./wav.js";
import { makeTempDir } from "../../testing/paths.js";

const DATA = process.env.POCKETSPHINX_TESTDATA ?? "/usr/share/pocketsphinx/test/data";
const skip = existsSync(join(DATA, "librivox")) ? false : `pocketsphinx-testdata not found at ${DATA} (apt-get install pocketsphinx-testdata)`;
const hasSox = spawnSync("sox", ["--version"]).status === 0;

// "sense_and_sensibility_01_austen_64kb-NNNN.wav" → syllables of its transcript, counted by hand.
const LIBRIVOX: [string, number][] = [
  ["0870", 31],
  ["0880", 9],
  ["0890", 20],
  ["0920", 27],
  ["0930", 13],
];
const librivox = (id: string) => join(DATA, "librivox", `sense_and_sensibility_01_austen_64kb-${id}.wav`);

test("real speech: plausible pitch and syllable counts close to the transcripts", { skip }, async () => {
  let relativeError = 0;
  for (const [id, syllables] of LIBRIVOX) {
    const audio = await readSpeechWav(librivox(id));
    assert.equal(audio.source.sampleRate, 16000);
    const p = extractProsody(audio.samples);
    assert.ok(p.pitchHz > 75 && p.pitchHz < 140, `${id}: pitch ${p.pitchHz}`); // one adult male reader
    assert.ok(p.syllableRate > 2.5 && p.syllableRate < 7, `${id}: rate ${p.syllableRate}`);
    assert.ok(p.voicedRatio > 0.3, `${id}: voiced ${p.voicedRatio}`);
    relativeError += Math.abs(p.syllables - syllables) / syllables;
  }
  const mean = relativeError / LIBRIVOX.length;
  assert.ok(mean < 0.2, `mean syllable-count error ${mean.toFixed(3)}`);
});

test("real speech: .raw 16 kHz PCM files decode and analyse", { skip }, () => {
  const samples = int16FromBytes(new Uint8Array(readFileSync(join(DATA, "numbers.raw"))));
  const p = extractProsody(samples);
  assert.ok(p.durationSec > 3 && p.durationSec < 5);
  assert.ok(p.pitchHz > 70 && p.pitchHz < 300, `pitch ${p.pitchHz}`);
  assert.ok(p.syllables >= 4);
});

test("real speech: the baseline builds over a speaker's utterances and confidence rises", { skip }, async () => {
  let baseline = createVoiceBaseline();
  const confidences: number[] = [];
  for (const [id] of LIBRIVOX) {
    const result = analyzeUtterance((await readSpeechWav(librivox(id))).samples, baseline);
    confidences.push(result.estimate.confidence);
    baseline = result.baseline;
    // Calm reading in his own voice stays near his usual arousal.
    assert.ok(result.estimate.arousal > 0.15 && result.estimate.arousal < 0.7, `${id}: arousal ${result.estimate.arousal}`);
  }
  assert.equal(baseline.count, LIBRIVOX.length);
  assert.ok(confidences.at(-1)! > confidences[0]! + 0.2, `confidences ${confidences.join(", ")}`);
  // His voice is low: after learning it, the baseline sits well below the population prior.
  assert.ok(baseline.features.pitchSt.mean < 3);
});

test("real speech sped up and raised with sox reads as more aroused than slowed and lowered", {
  skip: skip || (hasSox ? false : "sox is not installed (apt-get install sox)"),
}, async () => {
  let baseline = createVoiceBaseline();
  for (const [id] of LIBRIVOX.slice(0, 4)) baseline = analyzeUtterance((await readSpeechWav(librivox(id))).samples, baseline).baseline;
  const temp = makeTempDir();
  try {
    const variant = (tempo: string, cents: string) => {
      const out = join(temp.dir, `${tempo}_${cents}.wav`);
      execFileSync("sox", [librivox("0930"), out, "tempo", "-s", tempo, "pitch", cents]);
      return decodeSpeechWav(new Uint8Array(readFileSync(out))).samples;
    };
    const up = analyzeUtterance(variant("1.35", "300"), baseline, { learn: false });
    const original = analyzeUtterance((await readSpeechWav(librivox("0930"))).samples, baseline, { learn: false });
    const down = analyzeUtterance(variant("0.8", "-300"), baseline, { learn: false });
    assert.ok(Math.abs(up.features.pitchSt - original.features.pitchSt - 3) < 1, `+3 st read as ${up.features.pitchSt - original.features.pitchSt}`);
    assert.ok(up.estimate.arousal > original.estimate.arousal + 0.1, `original ${original.estimate.arousal}, up ${up.estimate.arousal}`);
    assert.ok(down.estimate.arousal < original.estimate.arousal - 0.1, `original ${original.estimate.arousal}, down ${down.estimate.arousal}`);
    assert.ok(down.estimate.fatigue > up.estimate.fatigue);
  } finally {
    temp.cleanup();
  }
});
