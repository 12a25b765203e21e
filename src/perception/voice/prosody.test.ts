import { test } from "node:test";
import assert from "node:assert/strict";
import { extractProsody } from "./prosody.js";
import { yinPitch } from "./pitch.js";

const RATE = 16000;

/**
 * A synthetic "voice": a harmonic-rich tone at `f0` whose loudness rises and falls `syllables`
 * times per second, with silent pauses of `pauseSec` between phrases of `phraseSec`.
 */
function syntheticSpeech(options: {
  f0: number;
  syllablesPerSec: number;
  phrases: number;
  phraseSec: number;
  pauseSec: number;
  vibratoSt?: number;
}): Float32Array {
  const total = options.phrases * options.phraseSec + (options.phrases + 1) * options.pauseSec;
  const out = new Float32Array(Math.round(total * RATE));
  let phase = 0;
  for (let i = 0; i < out.length; i++) {
    const t = i / RATE;
    const cycle = t % (options.phraseSec + options.pauseSec);
    const inPhrase = t >= options.pauseSec && cycle >= options.pauseSec && t < total - options.pauseSec + 1e-9;
    const f = options.f0 * 2 ** (((options.vibratoSt ?? 0) * Math.sin(2 * Math.PI * 0.7 * t)) / 12);
    phase += (2 * Math.PI * f) / RATE;
    if (!inPhrase) continue;
    const local = cycle - options.pauseSec;
    const envelope = 0.15 + 0.85 * Math.sin(Math.PI * options.syllablesPerSec * local) ** 2;
    out[i] = 0.3 * envelope * (Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.25 * Math.sin(3 * phase));
  }
  return out;
}

test("YIN finds the F0 of a harmonic tone", () => {
  for (const f0 of [90, 150, 220, 330]) {
    const frame = new Float32Array(400 + 240);
    for (let i = 0; i < frame.length; i++) {
      const p = (2 * Math.PI * f0 * i) / RATE;
      frame[i] = Math.sin(p) + 0.6 * Math.sin(2 * p) + 0.3 * Math.sin(3 * p);
    }
    const { hz, aperiodicity } = yinPitch(frame, 400, { sampleRate: RATE });
    assert.ok(Math.abs(hz - f0) / f0 < 0.01, `${f0} Hz read as ${hz}`);
    assert.ok(aperiodicity < 0.1);
  }
  const noise = new Float32Array(640).map((_, i) => (Math.sin(i * 12.9898) * 43758.5453) % 1);
  assert.equal(yinPitch(noise, 400, { sampleRate: RATE }).hz, 0);
});

test("prosody measures pitch, syllable rate and pauses of synthetic speech", () => {
  const speech = syntheticSpeech({ f0: 200, syllablesPerSec: 4, phrases: 3, phraseSec: 1.5, pauseSec: 0.5 });
  const p = extractProsody(speech);
  assert.ok(Math.abs(p.pitchHz - 200) < 4, `pitch ${p.pitchHz}`);
  assert.ok(p.pitchVariationSt < 0.3);
  assert.ok(Math.abs(p.syllableRate - 4) < 0.8, `rate ${p.syllableRate}`);
  assert.equal(p.pauseCount, 2);
  assert.ok(Math.abs(p.meanPauseSec - 0.5) < 0.1, `pause ${p.meanPauseSec}`);
  assert.ok(Math.abs(p.phonationSec - 4.5) < 0.3, `phonation ${p.phonationSec}`);
  assert.ok(p.voicedRatio > 0.8);
});

test("faster, higher, livelier synthetic speech differs in the expected direction", () => {
  const calm = extractProsody(syntheticSpeech({ f0: 180, syllablesPerSec: 3, phrases: 2, phraseSec: 2, pauseSec: 0.6 }));
  const lively = extractProsody(syntheticSpeech({ f0: 240, syllablesPerSec: 6, phrases: 2, phraseSec: 2, pauseSec: 0.6, vibratoSt: 3 }));
  assert.ok(lively.pitchSt - calm.pitchSt > 4);
  assert.ok(lively.syllableRate > calm.syllableRate * 1.6);
  assert.ok(lively.pitchVariationSt > calm.pitchVariationSt + 1);
});

test("silence and very short input yield empty features without throwing", () => {
  const silent = extractProsody(new Int16Array(RATE));
  assert.equal(silent.phonationSec, 0);
  assert.equal(silent.syllables, 0);
  assert.equal(silent.pitchHz, 0);
  const tiny = extractProsody(new Float32Array(100));
  assert.equal(tiny.durationSec, 100 / RATE);
  assert.equal(tiny.syllables, 0);
});
