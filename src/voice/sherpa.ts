// Loads sherpa-onnx-node (a CommonJS native addon) on first use, so commands that never listen skip it.
import { createRequire } from "node:module";

/** The parts of sherpa-onnx-node Guimi uses, typed narrowly. */
export interface SherpaModule {
  Vad: new (config: Record<string, unknown>, bufferSeconds: number) => SherpaVad;
  OfflineRecognizer: new (config: Record<string, unknown>) => SherpaOfflineRecognizer;
  OnlineRecognizer: new (config: Record<string, unknown>) => SherpaOnlineRecognizer;
  OfflineTts: new (config: Record<string, unknown>) => SherpaOfflineTts;
  KeywordSpotter: new (config: Record<string, unknown>) => SherpaKeywordSpotter;
}

export interface SherpaVad {
  acceptWaveform(samples: Float32Array): void;
  isDetected(): boolean;
  isEmpty(): boolean;
  pop(): void;
  reset(): void;
  clear(): void;
}

export interface SherpaOfflineStream {
  acceptWaveform(wave: { samples: Float32Array; sampleRate: number }): void;
}

export interface SherpaOfflineRecognizer {
  createStream(): SherpaOfflineStream;
  decode(stream: SherpaOfflineStream): void;
  getResult(stream: SherpaOfflineStream): { text: string; lang?: string };
}

export interface SherpaOnlineStream {
  acceptWaveform(wave: { samples: Float32Array; sampleRate: number }): void;
  inputFinished(): void;
}

export interface SherpaOnlineRecognizer {
  createStream(): SherpaOnlineStream;
  isReady(stream: SherpaOnlineStream): boolean;
  decode(stream: SherpaOnlineStream): void;
  isEndpoint(stream: SherpaOnlineStream): boolean;
  reset(stream: SherpaOnlineStream): void;
  getResult(stream: SherpaOnlineStream): { text: string };
}

export interface SherpaOfflineTts {
  sampleRate: number;
  numSpeakers: number;
  generate(request: { text: string; sid: number; speed: number }): { samples: Float32Array; sampleRate: number };
  /** Off the main thread; onProgress gets each sentence's samples as it is made (return 0 to stop). */
  generateAsync(request: {
    text: string;
    sid: number;
    speed: number;
    onProgress?: (info: { samples: Float32Array; progress: number }) => number | boolean | undefined;
  }): Promise<{ samples: Float32Array; sampleRate: number }>;
}

export interface SherpaKeywordSpotter {
  createStream(): SherpaOnlineStream;
  isReady(stream: SherpaOnlineStream): boolean;
  decode(stream: SherpaOnlineStream): void;
  getResult(stream: SherpaOnlineStream): { keyword: string };
  reset(stream: SherpaOnlineStream): void;
}

let loaded: SherpaModule | null = null;

export function loadSherpa(): SherpaModule {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  try {
    loaded = require("sherpa-onnx-node") as SherpaModule;
  } catch (error) {
    throw new Error(`cannot load sherpa-onnx-node (${(error as Error).message}); reinstall Guimi's dependencies`);
  }
  return loaded;
}
