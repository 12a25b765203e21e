// The voice models Guimi can install (sherpa-onnx release assets), and installing one: the resumable,
// ledger-recorded download, then the archive extracted into `<models>/voice/<id>/` and checked for the
// files the voice capability loads. Nothing counts as installed until that check passes.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { GuimiError } from "../errors.js";
import type { Outbound } from "../privacy/outbound.js";
import { type DownloadProgress, type DownloadResult, downloadModel } from "./model-download.js";

export type VoiceModelRole = "vad" | "asr" | "asr-streaming" | "wake-word" | "tts" | "vocoder";

export interface VoiceCatalogModel {
  id: string;
  role: VoiceModelRole;
  url: string;
  /** Download size, for the progress bar before the server says (the published size where one is known). */
  approxBytes: number;
  /** The release asset's SHA-256, pinned only where public sources agree on it. */
  sha256?: string;
  /** A .tar.bz2 release archive (its top folder is dropped), or one file saved under `file`. */
  archive: "tar.bz2" | null;
  /** The single file's name (archive: null). */
  file?: string;
  /** Paths inside `<models>/voice/<id>/` that must be there for the model to load. */
  files: readonly string[];
  /** Other catalog models this one needs (Matcha needs its vocoder). */
  needs?: readonly string[];
  languages: readonly string[];
  description: { zh: string; en: string };
}

const release = (tag: string, name: string) => `https://github.com/k2-fsa/sherpa-onnx/releases/download/${tag}/${name}`;

// Sizes and checksums below were checked against public material (nothing can be downloaded where this
// catalog was written): other projects pinning the same k2-fsa release asset, and sherpa-onnx's docs
// (k2-fsa/sherpa docs/source/onnx/...) listing each archive's contents. The sources are named per entry.
export const voiceCatalog: readonly VoiceCatalogModel[] = [
  {
    // 643 854 B, sha256 as pinned by many projects fetching this exact URL (e.g. an Android SenseVoice
    // app's README, a Rust "jarvis" model manager, a Go Whisper wrapper, a Kotlin VadModels installer).
    // It is not the snakers4 v5 file (2 327 524 B) the tests use from ../shared; sherpa-onnx loads both.
    id: "silero-vad",
    role: "vad",
    url: release("asr-models", "silero_vad.onnx"),
    approxBytes: 643_854,
    sha256: "9e2449e1087496d8d4caba907f23e0bd3f78d91fa552479bb9c23ac09cbb1fd6",
    archive: null,
    file: "silero_vad.onnx",
    files: ["silero_vad.onnx"],
    languages: [],
    description: { zh: "语音检测（听出她什么时候在说话），必需", en: "voice activity detection (when she is speaking); required" },
  },
  {
    // 163 002 883 B and sha256 pinned by many projects; model.int8.onnx + tokens.txt in the archive's top folder.
    id: "sensevoice-zh-en-int8",
    role: "asr",
    url: release("asr-models", "sherpa-onnx-sense-voice-zh-en-ja-ko-yue-int8-2024-07-17.tar.bz2"),
    approxBytes: 163_002_883,
    sha256: "7d1efa2138a65b0b488df37f8b89e3d91a60676e416f515b952358d83dfd347e",
    archive: "tar.bz2",
    files: ["model.int8.onnx", "tokens.txt"],
    languages: ["zh", "en", "yue"],
    description: { zh: "语音识别：中文、英文、粤语（推荐）", en: "speech recognition: Chinese, English, Cantonese (recommended)" },
  },
  {
    // 511 274 346 B (several projects, one citing the GitHub API) and sha256 27ffbd9e… pinned by several
    // independent projects (a Swift SherpaOnnxModelDescriptor, a Rust SpeechModelManifest, a Flutter
    // ModelConfig, a TS voice-model package list). The int8 encoder/joiner and the fp32 decoder are the
    // files of csukuangfj/sherpa-onnx-streaming-zipformer-bilingual-zh-en-2023-02-20 on Hugging Face.
    id: "zipformer-zh-en-streaming",
    role: "asr-streaming",
    url: release("asr-models", "sherpa-onnx-streaming-zipformer-bilingual-zh-en-2023-02-20.tar.bz2"),
    approxBytes: 511_274_346,
    sha256: "27ffbd9ee24ad186d99acc2f6354d7992b27bcab490812510665fa8f9389c5f8",
    archive: "tar.bz2",
    files: ["encoder-epoch-99-avg-1.int8.onnx", "decoder-epoch-99-avg-1.onnx", "joiner-epoch-99-avg-1.int8.onnx", "tokens.txt"],
    languages: ["zh", "en"],
    description: { zh: "边说边出字（中英流式识别，屏幕上的实时字幕）", en: "live partial text while she speaks (streaming zh-en)" },
  },
  {
    // 32 654 866 B and sha256 b2f7c896… pinned by several projects (a C# WakeWordModelCatalog, a Python
    // KWS installer, shell and PowerShell fetch scripts). sherpa-onnx's KWS docs list the epoch-12-avg-2
    // chunk-16-left-64 encoder/decoder/joiner (fp32 and int8) and tokens.txt; the current archive also
    // carries epoch-99-avg-1 files, which Guimi does not use.
    id: "kws-zipformer-wenetspeech-3.3m",
    role: "wake-word",
    url: release("kws-models", "sherpa-onnx-kws-zipformer-wenetspeech-3.3M-2024-01-01.tar.bz2"),
    approxBytes: 32_654_866,
    sha256: "b2f7c89690dc8ce4c6ed6afeab7cd800c36ad1421fb6b6302b4a4b194cf7f35f",
    archive: "tar.bz2",
    files: [
      "encoder-epoch-12-avg-2-chunk-16-left-64.int8.onnx",
      "decoder-epoch-12-avg-2-chunk-16-left-64.onnx",
      "joiner-epoch-12-avg-2-chunk-16-left-64.int8.onnx",
      "tokens.txt",
    ],
    languages: ["zh"],
    description: { zh: "唤醒词「小蜜小蜜」（可选，默认关闭）", en: "wake word “小蜜小蜜” (optional, off by default)" },
  },
  {
    // 75 463 442 B (three projects) and sha256 20de2ec0… (two independent projects: a Python TTS-candidate
    // fetcher and a robot's local-TTS setup guide). sherpa-onnx's Matcha docs list model-steps-3.onnx,
    // lexicon.txt, tokens.txt, dict/, phone.fst, date.fst, number.fst in matcha-icefall-zh-baker/.
    id: "matcha-zh-baker",
    role: "tts",
    url: release("tts-models", "matcha-icefall-zh-baker.tar.bz2"),
    approxBytes: 75_463_442,
    sha256: "20de2ec034b55562609d6362771c934905dfe11d0f41ec103d593427ad9a7efb",
    archive: "tar.bz2",
    files: ["model-steps-3.onnx", "lexicon.txt", "tokens.txt", "dict"],
    needs: ["vocos-22khz-univ"],
    languages: ["zh"],
    description: { zh: "中文女声（Matcha，小 CPU 也流畅）", en: "Chinese voice (Matcha; light enough for a small CPU)" },
  },
  {
    // 53 884 024 B and sha256 0574a135… pinned by many projects (Flutter and Kotlin model specs, a Unity
    // SherpaOnnxModelMetadata list, shell setup scripts; one pins the same hash for the copy in
    // k2-fsa/sherpa-onnx-models on Hugging Face).
    id: "vocos-22khz-univ",
    role: "vocoder",
    url: release("vocoder-models", "vocos-22khz-univ.onnx"),
    approxBytes: 53_884_024,
    sha256: "0574a135aa1db2de6e181050db2ec528496cacd4a4701fc5d7faf9f9804c0081",
    archive: null,
    file: "vocos-22khz-univ.onnx",
    files: ["vocos-22khz-univ.onnx"],
    languages: [],
    description: { zh: "Matcha 的声码器（随 matcha-zh-baker 一起装）", en: "vocoder for Matcha (installed with matcha-zh-baker)" },
  },
  {
    // 349 906 910 B and sha256 c5f7e2d2… pinned by many projects, one noting it matches the digest GitHub
    // publishes for the asset. The asset was re-uploaded on 2026-09-08 (53 voices + em_santa): before, it
    // was 349 418 188 B, sha256 c133d263…; a checksum mismatch here may mean another re-upload. The
    // sherpa-onnx Kokoro docs list model.onnx, voices.bin, tokens.txt, espeak-ng-data/, dict/,
    // lexicon-us-en.txt, lexicon-zh.txt (and lexicon-gb-en.txt), phone-zh.fst, date-zh.fst, number-zh.fst;
    // a project pinning the re-uploaded archive still requires dict/ in it.
    id: "kokoro-multi-lang-v1_0",
    role: "tts",
    url: release("tts-models", "kokoro-multi-lang-v1_0.tar.bz2"),
    approxBytes: 349_906_910,
    sha256: "c5f7e2d2caf082bc1d20fb70334a61d99d20b484500aad32e7cf84c128ea3298",
    archive: "tar.bz2",
    files: ["model.onnx", "voices.bin", "tokens.txt", "espeak-ng-data", "dict", "lexicon-zh.txt", "lexicon-us-en.txt"],
    languages: ["zh", "en"],
    description: { zh: "中英混说的温暖声音（Kokoro，适合 4 核以上）", en: "warm voice for mixed Chinese and English (Kokoro; 4+ cores)" },
  },
];

export function findVoiceModel(id: string): VoiceCatalogModel | undefined {
  return voiceCatalog.find((m) => m.id === id);
}

/** Where a voice model lives once installed. */
export function voiceModelDir(modelsDir: string, id: string): string {
  return join(modelsDir, "voice", id);
}

/** Every file the model needs is there. */
export function voiceModelInstalled(modelsDir: string, model: VoiceCatalogModel): boolean {
  const dir = voiceModelDir(modelsDir, model.id);
  return model.files.every((f) => existsSync(join(dir, f)));
}

/** What to tell her when a voice model is missing. */
export function pullHint(id: string): string {
  const needs = findVoiceModel(id)?.needs ?? [];
  return `run guimi model pull ${id}${needs.length ? ` (it also installs ${needs.join(", ")})` : ""}`;
}

export interface VoiceInstallOptions {
  modelsDir: string;
  outbound: Outbound;
  /** A mirror instead of the release URL. */
  url?: string;
  sha256?: string;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
}

export interface VoiceInstallResult {
  id: string;
  dir: string;
  download: DownloadResult;
}

/** `tar xjf` needs Debian's bzip2; say so rather than failing obscurely. */
function extract(archive: string, into: string): void {
  mkdirSync(into, { recursive: true });
  const result = spawnSync("tar", ["-xjf", archive, "-C", into, "--strip-components=1", "--no-same-owner"], { encoding: "utf8" });
  if (result.error) throw new GuimiError(`cannot run tar to unpack the model: ${result.error.message}`, "unavailable");
  if (result.status !== 0) {
    const why = result.stderr.trim().slice(-300);
    const hint = /bzip2/.test(why) ? " (install Debian's bzip2: apt install bzip2)" : "";
    throw new GuimiError(`could not unpack the model archive: ${why}${hint}; run the same command again to retry`, "unavailable");
  }
}

/**
 * Downloads and installs one voice model (not what it needs: the caller pulls those too). The archive
 * is unpacked next to its final folder and moved into place only when every expected file is there.
 */
export async function installVoiceModel(model: VoiceCatalogModel, options: VoiceInstallOptions): Promise<VoiceInstallResult> {
  const voiceDir = join(options.modelsDir, "voice");
  mkdirSync(voiceDir, { recursive: true });
  const dir = voiceModelDir(options.modelsDir, model.id);
  const download = join(voiceDir, `.${model.id}.${model.archive ?? "download"}`);
  const staging = join(voiceDir, `.${model.id}.unpacking`);
  const result = await downloadModel({
    url: options.url ?? model.url,
    dest: download,
    outbound: options.outbound,
    ...((options.sha256 ?? model.sha256) ? { sha256: options.sha256 ?? model.sha256 } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  rmSync(staging, { recursive: true, force: true });
  try {
    if (model.archive === "tar.bz2") extract(download, staging);
    else {
      mkdirSync(staging, { recursive: true });
      renameSync(download, join(staging, model.file!));
    }
    const missing = model.files.filter((f) => !existsSync(join(staging, f)));
    if (missing.length > 0) {
      throw new GuimiError(`the ${model.id} archive lacks ${missing.join(", ")}; it may be a different release. Nothing was installed.`, "unavailable");
    }
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(download, { force: true });
  }
  return { id: model.id, dir, download: { ...result, path: dir } };
}
