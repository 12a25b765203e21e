// The voice-activity port: is this window of 16 kHz audio speech? Adapters: Silero VAD on sherpa-onnx.
// Deciding where an utterance starts and ends is pure code on top (endpointer.ts), so it can be tuned
// and tested without a model.

export interface VoiceActivityDetector {
  readonly id: string;
  /** Samples per decision (Silero: 512 at 16 kHz = 32 ms). */
  readonly windowSize: number;
  /** One window of exactly `windowSize` samples in −1..1; true while speech is heard. */
  isSpeech(window: Float32Array): boolean;
  /** Forget what was heard (a new session). */
  reset(): void;
}
