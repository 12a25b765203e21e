// PCM sample conversions. Analysis runs on Float32 samples in −1..1 at 16 kHz mono.
import { VoiceInputError } from "./voice-error.js";

export const SPEECH_SAMPLE_RATE = 16_000;

/** Int16 PCM (or already-float samples) as Float32 in −1..1. */
export function toFloat32(samples: Float32Array | Int16Array): Float32Array {
  if (samples instanceof Float32Array) return samples;
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = samples[i]! / 32768;
  return out;
}

/** Raw little-endian 16-bit PCM bytes (a .raw file, a microphone buffer) as Int16 samples. */
export function int16FromBytes(bytes: Uint8Array): Int16Array {
  if (bytes.length % 2 !== 0) throw new VoiceInputError("invalid-wav", "16-bit PCM needs an even number of bytes");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Int16Array(bytes.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true);
  return out;
}

/**
 * Band-limited resampling with a Hann-windowed sinc. The cut-off sits below the lower Nyquist
 * frequency, so downsampling (espeak-ng writes 22 050 Hz) does not fold high bands into speech.
 */
export function resample(samples: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (!(fromRate > 0) || !(toRate > 0) || !Number.isInteger(fromRate) || !Number.isInteger(toRate)) {
    throw new VoiceInputError("unsupported-sample-rate", `invalid sample rate ${fromRate} → ${toRate}`);
  }
  if (fromRate === toRate) return samples;
  const ratio = toRate / fromRate;
  const outLength = Math.floor(samples.length * ratio);
  const out = new Float32Array(outLength);
  const cutoff = 0.95 * Math.min(1, ratio); // relative to the input Nyquist
  const halfWidth = Math.ceil(12 / cutoff); // input samples on each side
  const taps = 2 * halfWidth + 1;
  // Output sample i sits at input position i·from/to; its fractional part repeats every
  // to/gcd outputs, so the kernels are computed once per phase (320 phases for 22 050 → 16 000).
  const phases = toRate / gcd(fromRate, toRate);
  const table = phases <= 4096 ? new Float32Array(phases * taps) : undefined;
  const kernel = (fraction: number, into: Float32Array, offset: number) => {
    let norm = 0;
    for (let k = 0; k < taps; k++) {
      const t = k - halfWidth - fraction;
      const window = 0.5 + 0.5 * Math.cos((Math.PI * t) / (halfWidth + 1));
      const x = cutoff * t;
      const w = (x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x)) * window;
      into[offset + k] = w;
      norm += w;
    }
    for (let k = 0; k < taps; k++) into[offset + k]! /= norm;
  };
  if (table) for (let p = 0; p < phases; p++) kernel(((p * fromRate) % toRate) / toRate, table, p * taps);
  const scratch = new Float32Array(taps);
  for (let i = 0; i < outLength; i++) {
    const base = Math.floor((i * fromRate) / toRate);
    let weights: Float32Array;
    let offset: number;
    if (table) {
      weights = table;
      offset = (i % phases) * taps;
    } else {
      kernel((i * fromRate) / toRate - base, scratch, 0);
      weights = scratch;
      offset = 0;
    }
    let sum = 0;
    for (let k = 0; k < taps; k++) {
      const j = base - halfWidth + k;
      if (j >= 0 && j < samples.length) sum += weights[offset + k]! * samples[j]!;
    }
    out[i] = sum;
  }
  return out;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}
