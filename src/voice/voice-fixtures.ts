// Real recordings and tools for the voice tests: ../shared's Silero model and speech, Debian's
// pocketsphinx test recordings, and a data dir with the VAD model installed where Guimi looks for it.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { projectRoot, sharedPath } from "../testing/paths.js";
import { int16FromBytes, toFloat32 } from "../perception/voice/pcm.js";
import { VAD_MODEL_FILE } from "./index.js";
import { SENSEVOICE_ID, ZIPFORMER_ID } from "./sherpa-stt.js";
import { WAKE_WORD_MODEL_ID } from "./wake-word.js";

export const sileroModelPath = sharedPath("models", "silero_vad.onnx");
export const speech60sPath = sharedPath("audio", "speech-16k-60s.wav");
export const pocketsphinxData = "/usr/share/pocketsphinx/test/data";
export const goForwardRaw = `${pocketsphinxData}/goforward.raw`;
export const librivoxDir = `${pocketsphinxData}/librivox`;

export const hasPocketsphinx = spawnSync("pocketsphinx_continuous", ["-h"], { stdio: "ignore" }).error === undefined && existsSync(goForwardRaw);
export const hasEspeak = spawnSync("espeak-ng", ["--version"], { stdio: "ignore" }).status === 0;

/** "go forward ten meters", raw 16 kHz s16le, as Float32. */
export function goForwardSamples(): Float32Array {
  return toFloat32(int16FromBytes(new Uint8Array(readFileSync(goForwardRaw))));
}

/** Installs the Silero model into a data dir where `guimi model pull silero-vad` puts it (models/voice/silero-vad/). */
export function installVadModel(dataDir: string): void {
  const dir = join(dataDir, "models", "voice", "silero-vad");
  mkdirSync(dir, { recursive: true });
  copyFileSync(sileroModelPath, join(dir, VAD_MODEL_FILE));
}

/** Debian's python3-onnx, which the random-weight model writers in scripts/voice/ need. */
export const hasPythonOnnx = spawnSync("/usr/bin/python3", ["-c", "import onnx, numpy"], { stdio: "ignore" }).status === 0;

/** Runs one of the scripts/voice/make-*-proxy.py writers; throws with its stderr when it fails. */
function writeProxy(script: string, args: string[]): void {
  const made = spawnSync("/usr/bin/python3", [join(projectRoot, "scripts", "voice", script), ...args], { encoding: "utf8" });
  if (made.status !== 0) throw new Error(`${script} failed: ${made.stderr || made.error?.message}`);
}

/**
 * Writes a model with SenseVoice's interface and random weights where `guimi model pull sensevoice-zh-en-int8`
 * puts the real one (models/voice/sensevoice-zh-en-int8/): "tiny" for tests, "small" for SenseVoice-small's compute.
 */
export function installSenseVoiceProxy(dataDir: string, size: "tiny" | "small"): string {
  const dir = join(dataDir, "models", "voice", SENSEVOICE_ID);
  writeProxy("make-sensevoice-proxy.py", ["--out", dir, "--size", size]);
  return dir;
}

/**
 * Writes a streaming zipformer transducer with the real model's interface and random weights
 * (scripts/voice/make-transducer-proxy.py) where `guimi model pull` puts the real one: "kws" the wake-word
 * model (models/voice/kws-zipformer-wenetspeech-3.3m/), "zipformer" the streaming bilingual recogniser
 * (models/voice/zipformer-zh-en-streaming/); "tiny" for tests, "real" for the real model's size and compute.
 */
export function installTransducerProxy(dataDir: string, kind: "kws" | "zipformer", size: "tiny" | "real"): string {
  const dir = join(dataDir, "models", "voice", kind === "kws" ? WAKE_WORD_MODEL_ID : ZIPFORMER_ID);
  writeProxy("make-transducer-proxy.py", ["--kind", kind, "--out", dir, "--size", size]);
  return dir;
}

/** The wake-word model (kws-zipformer-wenetspeech-3.3m) as a random-weight proxy; returns its folder. */
export const installWakeWordProxy = (dataDir: string, size: "tiny" | "real"): string => installTransducerProxy(dataDir, "kws", size);

/** The streaming bilingual zipformer (zipformer-zh-en-streaming) as a random-weight proxy; returns its folder. */
export const installStreamingZipformerProxy = (dataDir: string, size: "tiny" | "real"): string => installTransducerProxy(dataDir, "zipformer", size);

/** Debian's espeak-ng data, which the Kokoro proxy copies into its model dir as the real download ships it. */
export const espeakDataDir = "/usr/lib/x86_64-linux-gnu/espeak-ng-data";
export const hasEspeakData = existsSync(join(espeakDataDir, "phontab"));

/**
 * Writes sherpa-onnx voices with the real models' interfaces and random weights (scripts/voice/make-tts-proxy.py)
 * where `guimi model pull` puts the real ones: "matcha" is matcha-zh-baker/ + vocos-22khz-univ/, "kokoro" is
 * kokoro-multi-lang-v1_0/ (with Debian's espeak-ng-data copied in). "tiny" for tests, "real" for the real
 * models' size and compute. They speak noise. Returns the models dir (<dataDir>/models) the loaders take.
 */
export function installTtsProxy(dataDir: string, voice: "matcha" | "kokoro", size: "tiny" | "real"): string {
  const modelsDir = join(dataDir, "models");
  writeProxy("make-tts-proxy.py", ["--voice", voice, "--out", join(modelsDir, "voice"), "--size", size, "--espeak-data", espeakDataDir]);
  return modelsDir;
}

/** Word timings pocketsphinx aligns in a 16 kHz WAV or raw s16le file: an independent check on VAD cuts. */
export function pocketsphinxWords(path: string): { word: string; start: number; end: number }[] {
  const m = "/usr/share/pocketsphinx/model/en-us";
  const result = spawnSync(
    "pocketsphinx_continuous",
    ["-infile", path, "-time", "yes", "-hmm", `${m}/en-us`, "-lm", `${m}/en-us.lm.bin`, "-dict", `${m}/cmudict-en-us.dict`, "-logfn", "/dev/null"],
    { encoding: "utf8" },
  );
  return result.stdout
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((parts) => parts.length === 4 && !/^<|^\[|^\(/.test(parts[0]!) && !Number.isNaN(Number(parts[1])))
    .map(([word, start, end]) => ({ word: word!.replace(/\(\d+\)$/, ""), start: Number(start), end: Number(end) }));
}
