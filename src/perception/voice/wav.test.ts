import { test } from "node:test";
import assert from "node:assert/strict";
import { int16FromBytes, resample, toFloat32 } from "./pcm.js";
import { decodeSpeechWav, encodeWav16, parseWav } from "./wav.js";
import { VoiceInputError } from "./voice-error.js";

function sine(hz: number, seconds: number, rate: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(seconds * rate));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * hz * i) / rate);
  return out;
}

/** Frequency from upward zero crossings, good enough for a clean sine. */
function zeroCrossingHz(samples: Float32Array, rate: number): number {
  let crossings = 0;
  for (let i = 1; i < samples.length; i++) if (samples[i - 1]! < 0 && samples[i]! >= 0) crossings++;
  return (crossings * rate) / samples.length;
}

test("a 16-bit WAV round-trips through encode and parse", () => {
  const samples = sine(220, 0.5, 16000);
  const decoded = parseWav(encodeWav16(samples, 16000));
  assert.equal(decoded.sampleRate, 16000);
  assert.deepEqual(decoded.source, { sampleRate: 16000, channels: 1, bitsPerSample: 16, format: "pcm" });
  assert.equal(decoded.samples.length, samples.length);
  for (let i = 0; i < samples.length; i += 97) assert.ok(Math.abs(decoded.samples[i]! - samples[i]!) < 1e-4);
});

test("stereo is mixed down and other rates are resampled to 16 kHz", () => {
  const mono = encodeWav16(sine(300, 1, 22050), 22050);
  // Rewrite as stereo: duplicate each sample, fix the header fields.
  const frames = (mono.length - 44) / 2;
  const stereo = new Uint8Array(44 + frames * 4);
  stereo.set(mono.subarray(0, 44));
  const view = new DataView(stereo.buffer);
  view.setUint32(4, 36 + frames * 4, true);
  view.setUint16(22, 2, true);
  view.setUint32(28, 22050 * 4, true);
  view.setUint16(32, 4, true);
  view.setUint32(40, frames * 4, true);
  for (let f = 0; f < frames; f++) {
    stereo.set(mono.subarray(44 + f * 2, 46 + f * 2), 44 + f * 4);
    stereo.set(mono.subarray(44 + f * 2, 46 + f * 2), 46 + f * 4);
  }
  const decoded = decodeSpeechWav(stereo);
  assert.equal(decoded.sampleRate, 16000);
  assert.equal(decoded.source.channels, 2);
  assert.equal(decoded.source.sampleRate, 22050);
  assert.ok(Math.abs(decoded.samples.length - 16000) <= 1);
  assert.ok(Math.abs(zeroCrossingHz(decoded.samples, 16000) - 300) < 3);
  assert.throws(
    () => decodeSpeechWav(stereo, { resample: false }),
    (e: unknown) => e instanceof VoiceInputError && e.reason === "unsupported-sample-rate" && /22050 Hz/.test(e.message),
  );
});

test("bad or unsupported WAV files are rejected with a clear error", () => {
  const good = encodeWav16(sine(200, 0.1, 16000), 16000);
  const expectCode = (bytes: Uint8Array, code: string) =>
    assert.throws(
      () => parseWav(bytes),
      (e: unknown) => e instanceof VoiceInputError && e.reason === code,
    );
  expectCode(new TextEncoder().encode("ID3 this is an mp3"), "invalid-wav");
  const twelveBit = good.slice();
  new DataView(twelveBit.buffer).setUint16(34, 12, true);
  expectCode(twelveBit, "unsupported-format");
  const alaw = good.slice();
  new DataView(alaw.buffer).setUint16(20, 6, true);
  expectCode(alaw, "unsupported-format");
  expectCode(good.slice(0, 36), "invalid-wav"); // header cut before the data chunk
});

test("resampling keeps a tone's frequency and removes what the new rate cannot hold", () => {
  const up = resample(sine(440, 1, 8000), 8000, 16000);
  assert.equal(up.length, 16000);
  assert.ok(Math.abs(zeroCrossingHz(up, 16000) - 440) < 3);
  // 10 kHz cannot exist at 16 kHz: it must be filtered out, not folded down to 6 kHz.
  const down = resample(sine(10000, 0.5, 44100), 44100, 16000);
  const rms = Math.sqrt(down.reduce((s, x) => s + x * x, 0) / down.length);
  assert.ok(rms < 0.02, `aliased energy ${rms}`);
});

test("raw 16-bit little-endian bytes and Int16 samples convert to floats", () => {
  const ints = int16FromBytes(new Uint8Array([0x00, 0x80, 0xff, 0x7f, 0x00, 0x00]));
  assert.deepEqual([...ints], [-32768, 32767, 0]);
  const floats = toFloat32(ints);
  assert.equal(floats[0], -1);
  assert.ok(Math.abs(floats[1]! - 1) < 1e-4);
  assert.throws(() => int16FromBytes(new Uint8Array(3)), VoiceInputError);
});
