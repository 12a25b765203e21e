// A small RIFF/WAVE reader: PCM 8/16/24/32-bit integer or 32-bit float, any channel count,
// returned as mono Float32 at 16 kHz, ready for prosody analysis. Rejects anything else by name.
import { SPEECH_SAMPLE_RATE, resample } from "./pcm.js";
import { VoiceInputError } from "./voice-error.js";

export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  format: "pcm" | "float";
}

export interface DecodedAudio {
  /** Mono samples in −1..1 at `sampleRate`. */
  samples: Float32Array;
  sampleRate: number;
  /** What the file itself contained. */
  source: WavInfo;
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;

/** Parses a WAV file's bytes into mono Float32 at its own sample rate. */
export function parseWav(bytes: Uint8Array): DecodedAudio {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (bytes.length < 12 || tag(0) !== "RIFF" || tag(8) !== "WAVE") {
    throw new VoiceInputError("invalid-wav", "not a WAV file (no RIFF/WAVE header)");
  }
  let info: WavInfo | undefined;
  let data: Uint8Array | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = tag(offset);
    const declared = view.getUint32(offset + 4, true);
    const start = offset + 8;
    // Streaming writers leave the size at 0 or 0xFFFFFFFF; take what is there.
    const size = Math.min(declared, bytes.length - start);
    if (id === "fmt ") {
      if (size < 16) throw new VoiceInputError("invalid-wav", "WAV fmt chunk too short");
      let code = view.getUint16(start, true);
      if (code === FORMAT_EXTENSIBLE && size >= 26) code = view.getUint16(start + 24, true);
      const bitsPerSample = view.getUint16(start + 14, true);
      info = {
        channels: view.getUint16(start + 2, true),
        sampleRate: view.getUint32(start + 4, true),
        bitsPerSample,
        format: code === FORMAT_FLOAT ? "float" : "pcm",
      };
      if (code !== FORMAT_PCM && code !== FORMAT_FLOAT) {
        throw new VoiceInputError("unsupported-format", `WAV format code ${code} is not supported (use PCM or IEEE float)`);
      }
      if (info.format === "pcm" && ![8, 16, 24, 32].includes(bitsPerSample)) {
        throw new VoiceInputError("unsupported-format", `${bitsPerSample}-bit PCM is not supported`);
      }
      if (info.format === "float" && bitsPerSample !== 32) {
        throw new VoiceInputError("unsupported-format", `${bitsPerSample}-bit float is not supported`);
      }
      if (info.channels < 1) throw new VoiceInputError("invalid-wav", "WAV declares no channels");
      if (info.sampleRate < 4000 || info.sampleRate > 384_000) {
        throw new VoiceInputError("unsupported-sample-rate", `sample rate ${info.sampleRate} Hz is out of range`);
      }
    } else if (id === "data") {
      data = bytes.subarray(start, start + (declared === 0 ? bytes.length - start : size));
    }
    offset = start + size + (size % 2);
  }
  if (!info) throw new VoiceInputError("invalid-wav", "WAV file has no fmt chunk");
  if (!data) throw new VoiceInputError("invalid-wav", "WAV file has no data chunk");

  const bytesPerSample = info.bitsPerSample / 8;
  const frameBytes = bytesPerSample * info.channels;
  const frames = Math.floor(data.length / frameBytes);
  const dataView = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const read = sampleReader(dataView, info);
  const samples = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < info.channels; c++) sum += read(f * frameBytes + c * bytesPerSample);
    samples[f] = sum / info.channels;
  }
  return { samples, sampleRate: info.sampleRate, source: info };
}

function sampleReader(view: DataView, info: WavInfo): (byteOffset: number) => number {
  if (info.format === "float") return (o) => view.getFloat32(o, true);
  switch (info.bitsPerSample) {
    case 8:
      return (o) => (view.getUint8(o) - 128) / 128;
    case 16:
      return (o) => view.getInt16(o, true) / 32768;
    case 24:
      return (o) => (view.getUint8(o) | (view.getUint8(o + 1) << 8) | (view.getInt8(o + 2) << 16)) / 8388608;
    default:
      return (o) => view.getInt32(o, true) / 2147483648;
  }
}

/** Parses a WAV and brings it to 16 kHz mono (resampling other rates). */
export function decodeSpeechWav(bytes: Uint8Array, options: { resample?: boolean } = {}): DecodedAudio {
  const decoded = parseWav(bytes);
  if (decoded.sampleRate === SPEECH_SAMPLE_RATE) return decoded;
  if (options.resample === false) {
    throw new VoiceInputError(
      "unsupported-sample-rate",
      `expected ${SPEECH_SAMPLE_RATE} Hz audio, got ${decoded.sampleRate} Hz (resample it, e.g. sox in.wav -r 16000 out.wav)`,
    );
  }
  return { ...decoded, samples: resample(decoded.samples, decoded.sampleRate, SPEECH_SAMPLE_RATE), sampleRate: SPEECH_SAMPLE_RATE };
}

/** Encodes mono Float32 as a 16-bit PCM WAV (for tests and fixtures). */
export function encodeWav16(samples: Float32Array, sampleRate: number): Uint8Array {
  const out = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(out.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) out[offset + i] = text.charCodeAt(i);
  };
  ascii(0, "RIFF");
  view.setUint32(4, 36 + samples.length * 2, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, FORMAT_PCM, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, "data");
  view.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) {
    view.setInt16(44 + i * 2, Math.max(-32768, Math.min(32767, Math.round(samples[i]! * 32768))), true);
  }
  return out;
}
