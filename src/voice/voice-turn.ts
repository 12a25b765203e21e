// One spoken turn from a whole recording: VAD → speech-to-text → the normal conversation turn (so the
// fast path, crisis care and memory treat it exactly as typed text) → speech, clause by clause.
import type { Lang } from "../kernel/lang.js";
import { hasHan } from "../kernel/lang.js";
import type { TurnEvent, TurnResult } from "../conversation/conversation-service.js";
import type { TextToSpeech } from "./text-to-speech.js";
import { speakableText } from "./text-to-speech.js";
import type { SpeechToText } from "./speech-to-text.js";
import type { VoiceActivityDetector } from "./voice-activity.js";
import { segmentRecording } from "./utterance-segmenter.js";
import { defaultEndpointRules, type EndpointRules } from "./endpointer.js";
import { ClauseChunker, joinPieces } from "./clause-chunker.js";
import { parseWav, encodeWav16 } from "../perception/voice/wav.js";

/** The conversation as the voice pipeline needs it. */
export interface VoiceConversation {
  turn(input: { conversationId?: string; text: string; lang?: Lang }, onEvent?: (event: TurnEvent) => void): Promise<TurnResult>;
  stop(conversationId?: string): boolean;
}

export interface FileTurnDeps {
  vad: VoiceActivityDetector;
  stt: SpeechToText;
  tts: TextToSpeech;
  conversation: VoiceConversation;
  /** Her voice moves the mood (prosody), before the reply is written. */
  observeVoice?: (samples: Float32Array) => void;
  rules?: EndpointRules;
}

export interface FileTurnResult {
  transcript: string;
  /** null when nothing was said (or nothing recognised): no turn was taken. */
  turn: TurnResult | null;
  /** The reply as speech, one WAV; null when there was no reply. */
  audio: Uint8Array | null;
  utterances: { startMs: number; endMs: number; text: string }[];
  timings: { vadMs: number; asrMs: number; replyMs: number; ttsMs: number };
}

/** Which espeak/sherpa voice a piece should use. */
export const pieceLang = (text: string, fallback: Lang): Lang => (hasHan(text) ? "zh" : /[A-Za-z]/.test(text) ? "en" : fallback);

export async function runFileTurn(deps: FileTurnDeps, samples: Float32Array, options: { conversationId?: string } = {}): Promise<FileTurnResult> {
  let t = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = Math.round(now - t);
    t = now;
    return ms;
  };
  const segments = segmentRecording(deps.vad, samples, deps.rules ?? defaultEndpointRules);
  const vadMs = lap();
  const utterances: FileTurnResult["utterances"] = [];
  for (const segment of segments) {
    const { text } = await deps.stt.transcribe(segment.samples);
    utterances.push({ startMs: segment.startMs, endMs: segment.endMs, text });
  }
  const transcript = joinPieces(utterances.map((u) => u.text).filter(Boolean));
  const asrMs = lap();
  if (!transcript) return { transcript, turn: null, audio: null, utterances, timings: { vadMs, asrMs, replyMs: 0, ttsMs: 0 } };

  if (segments.length > 0) {
    const voiced = new Float32Array(segments.reduce((n, s) => n + s.samples.length, 0));
    let at = 0;
    for (const s of segments) {
      voiced.set(s.samples, at);
      at += s.samples.length;
    }
    deps.observeVoice?.(voiced);
  }
  const turn = await deps.conversation.turn({ text: transcript, ...(options.conversationId ? { conversationId: options.conversationId } : {}) });
  const replyMs = lap();
  const audio = turn.text ? await synthesizeReply(deps.tts, turn.text, turn.lang) : null;
  return { transcript, turn, audio, utterances, timings: { vadMs, asrMs, replyMs, ttsMs: lap() } };
}

/** A whole reply as one WAV, made piece by piece exactly as it would be streamed. */
export async function synthesizeReply(tts: TextToSpeech, text: string, lang: Lang): Promise<Uint8Array | null> {
  const chunker = new ClauseChunker();
  const pieces = [...chunker.push(speakableText(text)), ...chunker.flush()];
  const parts: Float32Array[] = [];
  let rate = 0;
  for (const piece of pieces) {
    const wav = parseWav(new Uint8Array(await tts.synthesize(piece, pieceLang(piece, lang))));
    if (rate && wav.sampleRate !== rate) throw new Error(`speech pieces at different rates (${rate}, ${wav.sampleRate})`);
    rate = wav.sampleRate;
    parts.push(wav.samples);
  }
  if (parts.length === 0) return null;
  const all = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return encodeWav16(all, rate);
}
