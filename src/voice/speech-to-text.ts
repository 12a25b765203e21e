// The speech-to-text port. Adapters: SenseVoice on sherpa-onnx (zh/en/yue, the default once installed),
// the streaming zh-en zipformer (live partial text), and Debian's pocketsphinx (en, always there).
import { type Lang, HAN_CHARS } from "../kernel/lang.js";

export interface Transcript {
  text: string;
  /** The language the recogniser heard, when it says. */
  lang?: Lang;
}

export interface SpeechToText {
  /** Stable id shown in status ("sensevoice-zh-en-int8", "pocketsphinx-en-us"). */
  readonly id: string;
  /** Languages it recognises, for an honest status line. */
  readonly languages: readonly string[];
  /** One utterance, 16 kHz mono in −1..1. Empty text when nothing was recognised. */
  transcribe(samples: Float32Array, options?: { signal?: AbortSignal }): Promise<Transcript>;
  /**
   * Recognises while she is still speaking: audio goes in as it arrives, and `finish` (she stopped)
   * answers with what `transcribe` would give for all of it. Recognisers that cannot omit it.
   */
  listen?(): LiveUtterance;
  dispose?(): void;
}

export interface LiveUtterance {
  push(samples: Float32Array): void;
  /** No more audio; the whole utterance's text. Always call it (an abandoned utterance too, then ignore it). */
  finish(options?: { signal?: AbortSignal }): Promise<Transcript>;
}

/** A recogniser that can show words while she is still speaking. */
export interface StreamingSpeechToText {
  readonly id: string;
  /** A new utterance; feed it audio, read partial text, finish it for the final text. */
  start(): { push(samples: Float32Array): string; finish(): string };
}

const SPACE_BETWEEN_HAN = new RegExp(`(?<=[${HAN_CHARS}])\\s+(?=[${HAN_CHARS}])`, "gu");

/** Recognisers write "GO FORWARD", "<unk>", stray spaces between Han characters: text as she would type it. */
export function tidyTranscript(raw: string): string {
  let text = raw
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  // Spaces between Chinese characters are an artefact of the tokeniser.
  text = text.replace(SPACE_BETWEEN_HAN, "");
  if (text === text.toUpperCase() && /[A-Z]/.test(text)) text = text.toLowerCase();
  return text;
}
