// Sleep sounds made on the device: sox synthesises noise through filters into raw PCM, then the end
// is crossfaded (equal power) into the start so the file loops with no seam; cached as WAV.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export type SleepSoundId = "white-noise" | "pink-noise" | "brown-noise" | "rain" | "waves";

export interface SleepSound {
  id: SleepSoundId;
  title: { zh: string; en: string };
  /** sox effects after `synth <s> <noise>`. */
  synth: string[];
}

const RATE = 44_100;
/** Loop length; the waves' tremolo period divides it, so the swell lines up with the loop too. */
export const LOOP_SECONDS = 60;
const CROSSFADE_SECONDS = 3;
// Bump when a recipe changes, so cached files are made again.
const RECIPE_VERSION = 1;

export const sleepSounds: SleepSound[] = [
  { id: "white-noise", title: { zh: "白噪音", en: "white noise" }, synth: ["whitenoise", "vol", "0.25"] },
  { id: "pink-noise", title: { zh: "粉红噪音", en: "pink noise" }, synth: ["pinknoise", "vol", "0.4"] },
  { id: "brown-noise", title: { zh: "棕色噪音", en: "brown noise" }, synth: ["brownnoise", "highpass", "20", "vol", "0.5"] },
  // Steady rain: pink noise without its rumble and hiss, with a fast uneven flutter of drops.
  { id: "rain", title: { zh: "雨声", en: "rain" }, synth: ["pinknoise", "highpass", "400", "lowpass", "8000", "tremolo", "7", "15", "vol", "0.45"] },
  // Waves: low brown noise swelling every 10 s (6 swells a loop).
  { id: "waves", title: { zh: "海浪声", en: "ocean waves" }, synth: ["brownnoise", "lowpass", "1200", "tremolo", "0.1", "90", "vol", "0.6"] },
];

export function findSleepSound(id: string): SleepSound | undefined {
  return sleepSounds.find((s) => s.id === id);
}

/** The cached loop of a sleep sound, made with sox the first time. */
export async function ensureSleepSound(id: SleepSoundId, cacheDir: string, options: { sox?: string } = {}): Promise<string> {
  const sound = findSleepSound(id);
  if (!sound) throw new Error(`no sleep sound ${id}`);
  const dir = join(cacheDir, "media");
  const path = join(dir, `${id}-v${RECIPE_VERSION}.wav`);
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const total = LOOP_SECONDS + CROSSFADE_SECONDS;
  const raw = await runSox(options.sox ?? "sox", [
    "-n",
    "-r",
    String(RATE),
    "-c",
    "1",
    "-b",
    "16",
    "-e",
    "signed-integer",
    "-t",
    "raw",
    "-",
    "synth",
    String(total),
    ...sound.synth,
  ]);
  // Copied into its own buffer: a Buffer's offset need not be 2-byte aligned.
  const pcm = new Int16Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + (raw.byteLength & ~1)));
  const looped = seamlessLoop(pcm, RATE * CROSSFADE_SECONDS);
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, wav(looped, RATE));
  renameSync(tmp, path);
  return path;
}

/**
 * A loop of `samples.length - overlap` samples whose last sample leads straight into its first: the
 * extra `overlap` samples at the end are faded out over a fade-in of the start (equal power).
 */
export function seamlessLoop(samples: Int16Array, overlap: number): Int16Array {
  const length = samples.length - overlap;
  if (length <= overlap) throw new Error("too short to loop");
  // out[i] = A[i + overlap] for the body; the last `overlap` samples blend A[length + k] out and A[k] in.
  const out = new Int16Array(length);
  out.set(samples.subarray(overlap, length));
  for (let k = 0; k < overlap; k++) {
    const t = (k + 0.5) / overlap;
    const value = samples[length + k]! * Math.cos((t * Math.PI) / 2) + samples[k]! * Math.sin((t * Math.PI) / 2);
    out[length - overlap + k] = Math.max(-32768, Math.min(32767, Math.round(value)));
  }
  return out;
}

export function wav(samples: Int16Array, rate: number): Buffer {
  const header = Buffer.alloc(44);
  const dataBytes = samples.length * 2;
  header.write("RIFF", 0);
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write("WAVEfmt ", 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36);
  header.writeUInt32LE(dataBytes, 40);
  return Buffer.concat([header, Buffer.from(samples.buffer, samples.byteOffset, dataBytes)]);
}

function runSox(binary: string, args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", (error) => reject(new Error(`cannot run ${binary}: ${error.message} (install Debian's sox)`)));
    child.on("close", (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`sox failed (${code}): ${stderr.trim().slice(-300)}`))));
  });
}
