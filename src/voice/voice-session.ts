// A live voice conversation over any transport (the page's WebSocket, the device's own microphone):
// audio frames in; events, recognised text and reply audio out. Replies are spoken clause by clause
// while the model is still writing, and her voice during playback stops both at once (barge-in).
import type { TurnEvent } from "../conversation/conversation-service.js";
import type { Lang } from "../kernel/lang.js";
import type { TextToSpeech } from "./text-to-speech.js";
import { speakableText } from "./text-to-speech.js";
import type { LiveUtterance, SpeechToText, StreamingSpeechToText, Transcript } from "./speech-to-text.js";
import type { VoiceActivityDetector } from "./voice-activity.js";
import { UtteranceSegmenter } from "./utterance-segmenter.js";
import { defaultEndpointRules, type EndpointRules } from "./endpointer.js";
import { ClauseChunker, heardText } from "./clause-chunker.js";
import { pieceLang, type VoiceConversation } from "./voice-turn.js";
import { parseWav } from "../perception/voice/wav.js";
import type { WakeWordSpotter } from "./wake-word.js";

export type VoiceEvent =
  | { type: "ready"; recognizer: string; languages: readonly string[]; partials: boolean }
  | { type: "vad-start"; atMs: number }
  | { type: "vad-end"; atMs: number; durationMs: number }
  | { type: "partial"; text: string }
  | { type: "transcript"; text: string; final: true; asrMs: number }
  | { type: "no-speech" }
  | TurnEvent
  | { type: "audio"; index: number; text: string; durationMs: number; bytes: number; firstAudioMs?: number }
  | { type: "speaking-end" }
  | { type: "barge-in"; heard: string; reactionMs: number; afterSpeechMs: number }
  | { type: "wake"; phrase: string }
  | { type: "not-for-me"; durationMs: number }
  | { type: "error"; message: string };

export interface VoiceSessionDeps {
  vad: VoiceActivityDetector;
  stt: SpeechToText;
  /** Partial text while she speaks, when a streaming recogniser is installed. */
  streaming?: StreamingSpeechToText | null;
  tts: TextToSpeech;
  conversation: VoiceConversation & { keepHeard?(conversationId: string, replyId: number, heard: string): Promise<void> };
  observeVoice?: (samples: Float32Array) => void;
  /** True when the words so far already form a command (shorter end-of-speech pause). */
  looksComplete?: (text: string) => boolean;
  rules?: EndpointRules;
  conversationId?: string;
  /** Share of our playback level that reaches the microphone (default 0.25; 0.1 with browser echo cancellation). */
  echoCoupling?: number;
  /**
   * Wake word (off by default): only speech that contains the phrase, or follows it within
   * `awakeMs`, is answered; the rest is not for Guimi and is dropped unheard.
   */
  wakeWord?: WakeWordSpotter | null;
  /** How long after the wake word or a reply she may speak without saying it again (default 8 s). */
  awakeMs?: number;
  /** Monotonic milliseconds (performance.now in the daemon; a virtual clock in tests). */
  clock?: () => number;
}

export interface VoiceSessionOutput {
  event(event: VoiceEvent): void;
  /** One WAV per spoken piece, in order. */
  audio(wav: Uint8Array): void;
}

/**
 * Echo: while we speak, the microphone hears our own voice. She barges in only when her voice is
 * clearly louder than what we are playing would be at the microphone (`echoCoupling` of its level;
 * small where the browser cancels echo, larger for a speaker beside the microphone).
 */
const ECHO_MARGIN = 2;
const MIN_BARGE_RMS = 0.01;
const LEVEL_WINDOWS = 10;

/** RMS over the windows that carry sound (quiet gaps do not dilute speech). */
export function activeLevel(levels: readonly number[]): number {
  const active = levels.filter((l) => l > 0.005);
  return active.length ? Math.sqrt(active.reduce((n, l) => n + l * l, 0) / active.length) : 0;
}

function windowLevels(samples: Float32Array, size = 512): number[] {
  const levels: number[] = [];
  for (let i = 0; i + size <= samples.length; i += size) {
    let s = 0;
    for (let j = i; j < i + size; j++) s += samples[j]! ** 2;
    levels.push(Math.sqrt(s / size));
  }
  return levels;
}

export interface VoiceSession {
  push(samples: Float32Array): void;
  /** Push-to-talk released, or the stream ended: what she was saying ends here. */
  endOfSpeech(): void;
  /** The client finished playing everything it was sent. */
  playbackEnded(): void;
  /** Stops what is being said and generated (the stop button). */
  interrupt(): void;
  close(): void;
  /** Resolves when nothing is being recognised, answered or spoken. */
  idle(): Promise<void>;
}

export function createVoiceSession(deps: VoiceSessionDeps, out: VoiceSessionOutput): VoiceSession {
  const clock = deps.clock ?? (() => performance.now());
  const conversationId = deps.conversationId ?? "default";
  const segmenter = new UtteranceSegmenter(deps.vad, deps.rules ?? defaultEndpointRules);
  let partial: ReturnType<StreamingSpeechToText["start"]> | null = null;
  /** The recogniser hearing the utterance in progress, and the stream position fed to it so far. */
  let live: LiveUtterance | null = null;
  let liveAt = 0;
  /** Wake word: heard during the utterance in progress, and until when she is listened to without it. */
  let wokeInUtterance = false;
  let awakeUntil = Number.NEGATIVE_INFINITY;
  const awakeMs = deps.awakeMs ?? 8000;
  let lastPartial = "";
  let ignoring = false;
  let closed = false;
  let work: Promise<void> = Promise.resolve();

  /** The reply being spoken: what was sent, when playback began, and how to stop it. */
  let speaking: {
    pieces: { text: string; durationMs: number; level: number }[];
    startedAt: number | null;
    replyId: number | null;
    abort: AbortController;
    done: boolean;
  } | null = null;
  const recent: number[] = [];
  const coupling = deps.echoCoupling ?? 0.25;
  const bargeInMinMs = (deps.rules ?? defaultEndpointRules).bargeInMinSpeechMs;

  deps.vad.reset();
  out.event({ type: "ready", recognizer: deps.stt.id, languages: deps.stt.languages, partials: Boolean(deps.streaming) });

  /** Playback is still going on at the client, by the durations sent. */
  function playing(): boolean {
    if (!speaking || speaking.startedAt === null) return Boolean(speaking && !speaking.done);
    const total = speaking.pieces.reduce((n, p) => n + p.durationMs, 0);
    return !speaking.done || clock() - speaking.startedAt < total;
  }

  function bargeIn(afterSpeechMs = 0): void {
    const current = speaking;
    if (!current) return;
    const started = clock();
    speaking = null;
    current.abort.abort(new Error("barge-in"));
    deps.conversation.stop(conversationId);
    const heard = current.startedAt === null ? "" : heardText(current.pieces, started - current.startedAt);
    // reactionMs: our own work to stop; afterSpeechMs: audio from her first voiced window to the decision.
    out.event({ type: "barge-in", heard, reactionMs: Math.round(clock() - started), afterSpeechMs });
    if (current.replyId !== null && deps.conversation.keepHeard) {
      void deps.conversation.keepHeard(conversationId, current.replyId, heard).catch((error: Error) => out.event({ type: "error", message: error.message }));
    }
  }

  /** The level of the piece playing now, as sent. */
  function playbackLevel(): number {
    if (!speaking || speaking.startedAt === null) return 0;
    let at = speaking.startedAt;
    for (const piece of speaking.pieces) {
      at += piece.durationMs;
      if (clock() < at) return piece.level;
    }
    return speaking.pieces.at(-1)?.level ?? 0;
  }

  /** Our own voice through the speaker reaches the microphone: only clearly louder speech is hers. */
  function louderThanEcho(): boolean {
    return activeLevel(recent) >= Math.max(MIN_BARGE_RMS, playbackLevel() * coupling * ECHO_MARGIN);
  }

  /** Audio from her first voiced window to now. */
  function sinceOnsetMs(): number {
    return Math.max(0, Math.round(((segmenter.endpointer.samples - segmenter.endpointer.onsetSample) * 1000) / 16_000));
  }

  /**
   * Barge-in before the utterance is confirmed: a few voiced windows, clearly louder than our echo,
   * stop playback at once; the utterance itself still starts only after `minSpeechMs`.
   */
  function earlyBargeIn(): void {
    if (!speaking || ignoring || !segmenter.endpointer.active || segmenter.endpointer.voicedMs < bargeInMinMs || !playing()) return;
    if (louderThanEcho()) bargeIn(sinceOnsetMs());
  }

  function handle(events: ReturnType<UtteranceSegmenter["push"]>): void {
    for (const event of events) {
      if (event.type === "speech-start") {
        if (playing()) {
          // Our own voice through the speaker reaches the microphone: only clearly louder speech is hers.
          if (!louderThanEcho()) {
            ignoring = true; // this utterance is our own voice: not heard, not answered
            continue;
          }
          bargeIn(sinceOnsetMs());
        }
        ignoring = false;
        out.event({ type: "vad-start", atMs: event.atMs });
        partial = deps.streaming ? deps.streaming.start() : null;
        live = deps.stt.listen?.() ?? null;
        liveAt = event.startSample;
        feedLive();
      } else {
        if (ignoring) {
          ignoring = false;
          continue;
        }
        out.event({ type: "vad-end", atMs: event.endMs, durationMs: event.endMs - event.startMs });
        const finalPartial = partial?.finish();
        partial = null;
        if (deps.wakeWord && !wokeInUtterance && clock() > awakeUntil) {
          // Not addressed to Guimi: not recognised, not stored, not answered.
          live?.finish().catch(() => undefined);
          live = null;
          out.event({ type: "not-for-me", durationMs: event.endMs - event.startMs });
          continue;
        }
        wokeInUtterance = false;
        const samples = event.samples;
        let recognised: Promise<Transcript> | null = null;
        if (live) {
          // The recogniser has heard all but the tail: it finishes now, while an earlier reply may still be spoken.
          live.push(samples.subarray(Math.max(0, liveAt - event.startSample)));
          recognised = live.finish();
          recognised.catch(() => undefined); // reported when the turn reads it
          live = null;
        }
        const endedAt = clock();
        work = work
          .then(() => answer(samples, finalPartial, recognised, endedAt))
          .catch((error: Error) => out.event({ type: "error", message: error.message }));
      }
    }
  }

  /** New audio of the utterance in progress, to the recogniser listening to it. */
  function feedLive(): void {
    if (!live) return;
    const to = segmenter.endpointer.samples;
    if (to > liveAt) live.push(segmenter.audio(liveAt, to));
    liveAt = to;
  }

  async function answer(samples: Float32Array, streamed: string | undefined, recognised: Promise<Transcript> | null, endedAt: number): Promise<void> {
    if (closed) return;
    const started = recognised ? endedAt : clock();
    const { text } = await (recognised ?? deps.stt.transcribe(samples));
    const transcript = text || streamed || "";
    if (!transcript) {
      out.event({ type: "no-speech" });
      return;
    }
    out.event({ type: "transcript", text: transcript, final: true, asrMs: Math.round(clock() - started) });
    deps.observeVoice?.(samples);
    await speakTurn(transcript, started);
  }

  async function speakTurn(text: string, heardAt: number): Promise<void> {
    const abort = new AbortController();
    const state = {
      pieces: [] as { text: string; durationMs: number; level: number }[],
      startedAt: null as number | null,
      replyId: null as number | null,
      abort,
      done: false,
    };
    speaking = state;
    const chunker = new ClauseChunker();
    let lang: Lang = "zh";
    let synth: Promise<void> = Promise.resolve();
    let index = 0;
    const say = (piece: string) => {
      synth = synth.then(async () => {
        if (abort.signal.aborted) return;
        const wav = new Uint8Array(await deps.tts.synthesize(piece, pieceLang(piece, lang)));
        if (abort.signal.aborted) return;
        const decoded = parseWav(wav);
        const durationMs = Math.round((decoded.samples.length / decoded.sampleRate) * 1000);
        if (state.startedAt === null) state.startedAt = clock();
        state.pieces.push({ text: piece, durationMs, level: activeLevel(windowLevels(decoded.samples)) });
        out.event({
          type: "audio",
          index,
          text: piece,
          durationMs,
          bytes: wav.length,
          ...(index === 0 ? { firstAudioMs: Math.round(clock() - heardAt) } : {}),
        });
        index += 1;
        out.audio(wav);
      });
    };
    const result = await deps.conversation.turn({ text, conversationId }, (event) => {
      if (abort.signal.aborted) return;
      out.event(event);
      if (event.type === "reply-start") {
        lang = event.lang;
        state.replyId = event.replyId;
      } else if (event.type === "reply-delta") for (const piece of chunker.push(speakableText(event.text))) say(piece);
      else if (event.finish !== "cancelled") for (const piece of chunker.flush()) say(piece);
    });
    state.replyId = result.replyId;
    await synth.catch((error: Error) => out.event({ type: "error", message: `speech: ${error.message}` }));
    state.done = true;
    // A conversation: her answer to the reply, once it has played, needs no wake word.
    awakeUntil = (state.startedAt ?? clock()) + state.pieces.reduce((n, p) => n + p.durationMs, 0) + awakeMs;
    if (!abort.signal.aborted) out.event({ type: "speaking-end" });
  }

  return {
    push(samples) {
      if (closed) return;
      // Window by window, so the level at each decision is the level of the audio it was made on.
      for (let i = 0; i < samples.length; i += 512) {
        const window = samples.subarray(i, i + 512);
        recent.push(...windowLevels(window, window.length));
        if (recent.length > LEVEL_WINDOWS) recent.splice(0, recent.length - LEVEL_WINDOWS);
        if (deps.wakeWord) {
          const phrase = deps.wakeWord.push(window);
          if (phrase) {
            wokeInUtterance = true;
            awakeUntil = clock() + awakeMs;
            out.event({ type: "wake", phrase });
          }
        }
        handle(segmenter.push(window));
        earlyBargeIn();
        if (segmenter.speaking) feedLive();
        if (partial && segmenter.speaking) {
          const text = partial.push(window);
          if (text && text !== lastPartial) {
            lastPartial = text;
            out.event({ type: "partial", text });
            segmenter.endpointer.setLooksComplete(deps.looksComplete?.(text) ?? false);
          }
        }
      }
    },
    endOfSpeech() {
      handle(segmenter.flush());
    },
    playbackEnded() {
      if (speaking?.done) speaking = null;
    },
    interrupt() {
      if (speaking) bargeIn();
      else deps.conversation.stop(conversationId);
    },
    close() {
      closed = true;
      live?.finish().catch(() => undefined);
      live = null;
      if (speaking) {
        speaking.abort.abort(new Error("closed"));
        deps.conversation.stop(conversationId);
        speaking = null;
      }
    },
    idle: () => work,
  };
}
