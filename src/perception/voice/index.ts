// Public surface of voice (prosody) perception.
export * from "./voice-error.js";
export * from "./pcm.js";
export * from "./wav.js";
export * from "./read-speech-wav.js";
export * from "./pitch.js";
export * from "./prosody.js";
export * from "./voice-baseline.js";
export * from "./voice-estimate.js";
export * from "./analyze-utterance.js";
