// The wake word (off by default): sherpa-onnx's keyword spotter (the 3.3M-parameter wenetspeech
// zipformer, `guimi model pull kws-zipformer-wenetspeech-3.3m`) listening for the persona's name
// ("小蜜小蜜") and her own phrases (我的数据, spelled by keyword-spelling.ts). On a headless box it decides
// which speech is meant for Guimi; push-to-talk never needs it.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { voiceModelDir } from "../models/voice-models.js";
import { GuimiError } from "../errors.js";
import { loadSherpa } from "./sherpa.js";
import { ModelNotInstalledError } from "./voice-errors.js";

export const WAKE_WORD_MODEL_ID = "kws-zipformer-wenetspeech-3.3m";
/** 小蜜小蜜 in the model's tokens: pinyin initials and toned finals, then the phrase reported. */
export const DEFAULT_KEYWORDS = ["x iǎo m ì x iǎo m ì @小蜜小蜜"];

/** The wake-word port: audio in, the phrase when it was heard. */
export interface WakeWordSpotter {
  readonly id: string;
  readonly phrases: readonly string[];
  /** 16 kHz mono in −1..1; the phrase heard in it, or null. */
  push(samples: Float32Array): string | null;
  reset(): void;
}

const MODEL_FILES = {
  encoder: "encoder-epoch-12-avg-2-chunk-16-left-64.int8.onnx",
  decoder: "decoder-epoch-12-avg-2-chunk-16-left-64.onnx",
  joiner: "joiner-epoch-12-avg-2-chunk-16-left-64.int8.onnx",
  tokens: "tokens.txt",
};

/**
 * Checks keyword lines against the model's tokens: an unknown token would make the native spotter
 * fail without saying which phrase is wrong.
 */
export function checkKeywords(lines: readonly string[], tokens: ReadonlySet<string>): string[] {
  const clean = lines.map((l) => l.trim()).filter(Boolean);
  if (clean.length === 0) throw new GuimiError("wake word: no keywords given", "bad-input");
  for (const line of clean) {
    const [spelled = "", phrase] = line.split("@");
    const unknown = [...new Set(spelled.trim().split(/\s+/))].filter((t) => t && !tokens.has(t));
    if (!phrase?.trim()) throw new GuimiError(`wake word "${line}": expected "<tokens> @<phrase>"`, "bad-input");
    if (unknown.length > 0) throw new GuimiError(`wake word "${phrase.trim()}": the model has no token ${unknown.join(", ")}`, "bad-input");
  }
  return clean;
}

const modelFiles = (modelsDir: string): typeof MODEL_FILES => {
  const dir = voiceModelDir(modelsDir, WAKE_WORD_MODEL_ID);
  return Object.fromEntries(Object.entries(MODEL_FILES).map(([k, f]) => [k, join(dir, f)])) as typeof MODEL_FILES;
};

const readTokens = (path: string): Set<string> =>
  new Set(
    readFileSync(path, "utf8")
      .split("\n")
      .map((l) => l.trim().split(/\s+/)[0] ?? "")
      .filter(Boolean),
  );

/**
 * Whether these keyword lines would load, without loading the native spotter (for status): the model's
 * files present and every token known. Throws the error loading would give.
 */
export function checkWakeWord(modelsDir: string, keywords: readonly string[]): void {
  const files = modelFiles(modelsDir);
  for (const path of Object.values(files)) if (!existsSync(path)) throw new ModelNotInstalledError(WAKE_WORD_MODEL_ID, path);
  checkKeywords(keywords, readTokens(files.tokens));
}

export function loadWakeWord(modelsDir: string, options: { keywords?: readonly string[]; threshold?: number } = {}): WakeWordSpotter {
  const files = modelFiles(modelsDir);
  const dir = voiceModelDir(modelsDir, WAKE_WORD_MODEL_ID);
  for (const path of Object.values(files)) if (!existsSync(path)) throw new ModelNotInstalledError(WAKE_WORD_MODEL_ID, path);
  const lines = checkKeywords(options.keywords ?? DEFAULT_KEYWORDS, readTokens(files.tokens));
  // sherpa-onnx reads keywords from a file; ours sits beside the model it belongs to.
  const keywordsFile = join(dir, "guimi-keywords.txt");
  writeFileSync(keywordsFile, `${lines.join("\n")}\n`);
  const sherpa = loadSherpa();
  const spotter = new sherpa.KeywordSpotter({
    featConfig: { sampleRate: 16_000, featureDim: 80 },
    modelConfig: {
      transducer: { encoder: files.encoder, decoder: files.decoder, joiner: files.joiner },
      tokens: files.tokens,
      numThreads: 1,
      provider: "cpu",
      debug: 0,
    },
    keywordsThreshold: options.threshold ?? 0.25,
    keywordsFile,
  });
  let stream = spotter.createStream();
  return {
    id: WAKE_WORD_MODEL_ID,
    phrases: lines.map((l) => l.split("@")[1]!.trim()),
    push(samples) {
      stream.acceptWaveform({ samples, sampleRate: 16_000 });
      let heard: string | null = null;
      while (spotter.isReady(stream)) {
        spotter.decode(stream);
        const keyword = spotter.getResult(stream).keyword;
        if (keyword) {
          heard = keyword;
          spotter.reset(stream);
        }
      }
      return heard;
    },
    reset() {
      stream = spotter.createStream();
    },
  };
}
