// Silero VAD v5/v6 (MIT, snakers4/silero-vad) run by sherpa-onnx. sherpa's own segmenter is told to
// follow the model almost frame by frame (tiny min silence/speech); Guimi's endpointer makes the real
// decisions about pauses, so slow speakers are not cut off.
import { existsSync } from "node:fs";
import { loadSherpa, type SherpaVad } from "./sherpa.js";
import type { VoiceActivityDetector } from "./voice-activity.js";
import { ModelNotInstalledError } from "./voice-errors.js";

export const SILERO_WINDOW = 512;

export interface SileroOptions {
  modelPath: string;
  /** Speech probability above which a window counts as speech (Silero's own default 0.5). */
  threshold?: number;
}

export function loadSileroVad(options: SileroOptions): VoiceActivityDetector {
  if (!existsSync(options.modelPath)) throw new ModelNotInstalledError("silero-vad", options.modelPath);
  const sherpa = loadSherpa();
  const config = {
    sileroVad: {
      model: options.modelPath,
      threshold: options.threshold ?? 0.5,
      minSilenceDuration: 0.05,
      minSpeechDuration: 0.03,
      maxSpeechDuration: 120,
      windowSize: SILERO_WINDOW,
    },
    sampleRate: 16_000,
    numThreads: 1,
    provider: "cpu",
    debug: false,
  };
  // The buffer holds the current sherpa segment until popped; we pop after every window.
  const vad: SherpaVad = new sherpa.Vad(config, 30);
  return {
    id: "silero-vad",
    windowSize: SILERO_WINDOW,
    isSpeech(window) {
      vad.acceptWaveform(window);
      const speech = vad.isDetected();
      while (!vad.isEmpty()) vad.pop();
      return speech;
    },
    reset() {
      vad.reset();
    },
  };
}
