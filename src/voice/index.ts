// The voice capability: she talks, Guimi listens (Silero VAD → speech-to-text), answers through the
// normal conversation turn, and speaks. Off until she turns the microphone on in 我的数据; audio is
// processed in memory and never stored.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { defineCapability, type Capability } from "../kernel/capability.js";
import type { MoodEstimate } from "../mood/mood-estimate.js";
import { analyzeUtterance, createVoiceBaseline, type VoiceBaseline } from "../perception/voice/index.js";
import { createEspeakTextToSpeech, type TextToSpeech } from "./text-to-speech.js";
import type { SpeechToText, StreamingSpeechToText } from "./speech-to-text.js";
import type { VoiceActivityDetector } from "./voice-activity.js";
import { loadSileroVad } from "./silero-vad.js";
import { createPocketsphinxSpeechToText, pocketsphinxAvailable } from "./pocketsphinx-stt.js";
import { loadSenseVoice, loadStreamingZipformer, SENSEVOICE_ID, ZIPFORMER_ID } from "./sherpa-stt.js";
import { findVoiceModel, voiceModelDir, voiceModelInstalled } from "../models/voice-models.js";
import { checkWakeWord, loadWakeWord, WAKE_WORD_MODEL_ID } from "./wake-word.js";
import { spellKeyword, wakePhrases } from "./keyword-spelling.js";
import { installedSherpaVoices, loadSherpaTextToSpeech, routeByLanguage } from "./sherpa-tts.js";
import { runFileTurn, type FileTurnResult, type VoiceConversation } from "./voice-turn.js";
import { MicrophoneOffError, installHint } from "./voice-errors.js";
import { defaultEndpointRules, type EndpointRules } from "./endpointer.js";
import { createVoiceSocket } from "./voice-socket.js";
import { createVoiceSession, type VoiceSession, type VoiceSessionDeps, type VoiceSessionOutput } from "./voice-session.js";

export { ModelNotInstalledError, MicrophoneOffError } from "./voice-errors.js";
export type { FileTurnResult } from "./voice-turn.js";

export const VAD_MODEL_ID = "silero-vad";
export const VAD_MODEL_FILE = "silero_vad.onnx";

export interface VoiceDeps {
  /** The data dir's models folder; voice models live in `voice/<id>/` (`guimi model pull <id>`). */
  modelsDir: string;
  /** The microphone switch in 我的数据. */
  microphoneOn: () => boolean;
  /** Her wake-word setting (我的数据): on/off and her own phrases; read on every use. */
  wakeWord?: () => { enabled: boolean; phrases: readonly string[] };
  /** The persona's Chinese name, the first wake phrase (小蜜 → 小蜜小蜜). */
  personaName?: () => string;
  conversation: VoiceConversation & { keepHeard(conversationId: string, replyId: number, heard: string): Promise<void> };
  /** True when a transcript so far is already a whole command (a shorter end-of-speech pause). */
  looksComplete?: (text: string) => boolean;
  observeMood: (estimate: MoodEstimate) => void;
  now: () => Date;
  tts?: TextToSpeech;
  rules?: EndpointRules;
}

export interface VoiceCapability extends Capability {
  /** One whole turn from a recording (16 kHz mono): transcript, reply, reply audio. */
  listenFile(samples: Float32Array, options?: { conversationId?: string }): Promise<FileTurnResult>;
  /** The recogniser in use (loaded on first use). */
  recognizer(): SpeechToText;
  vad(): VoiceActivityDetector;
  /** What one live session needs (the WebSocket and `guimi listen` build sessions from it). */
  sessionDeps(conversationId: string): VoiceSessionDeps;
  /**
   * A live session on the device's own microphone; refused while the microphone switch is off. `wakeWord`
   * overrides her setting (undefined follows it); `keywords` are lines already in the model's tokens.
   */
  liveSession(
    output: VoiceSessionOutput,
    options?: { conversationId?: string; echoCoupling?: number; wakeWord?: boolean; keywords?: readonly string[] },
  ): VoiceSession;
  /** The wake phrases in use now (the persona's name, then hers). */
  wakePhrases(): string[];
  /** The voice she hears, on every path that speaks (replies, care said aloud, media): see chooseSpeech. */
  speech(): TextToSpeech;
}

/**
 * The voice she hears: Kokoro when installed (zh + en), else Matcha for Chinese with espeak-ng for
 * English pieces, else espeak-ng. Loaded on first use; a model that fails to load falls back to
 * espeak-ng and status says why.
 */
function chooseSpeech(modelsDir: string): { tts: TextToSpeech; status(): Record<string, unknown> } {
  const espeak = createEspeakTextToSpeech();
  const installed = installedSherpaVoices(modelsDir);
  const wanted = installed[0];
  if (!wanted) return { tts: espeak, status: () => ({ id: "espeak-ng", languages: ["zh", "en"] }) };
  let loaded: TextToSpeech | null = null;
  let failure: string | null = null;
  let id: string = wanted === "matcha-zh-baker" ? "matcha-zh-baker + espeak-ng (en)" : wanted;
  const get = (): TextToSpeech => {
    if (loaded) return loaded;
    try {
      const voice = loadSherpaTextToSpeech(modelsDir, wanted);
      loaded = wanted === "matcha-zh-baker" ? routeByLanguage({ zh: voice, en: espeak }, id) : voice;
    } catch (error) {
      failure = (error as Error).message;
      id = "espeak-ng";
      loaded = espeak;
    }
    return loaded;
  };
  return {
    tts: {
      synthesize: (text, lang) => get().synthesize(text, lang),
      speak: (text, lang) => get().speak(text, lang),
      interrupt: () => loaded?.interrupt(),
    },
    status: () => ({ id, languages: ["zh", "en"], ...(failure ? { error: `${wanted} did not load: ${failure}` } : {}) }),
  };
}

export const voiceCapability = defineCapability<VoiceDeps, VoiceCapability>({
  name: "voice",
  create(deps) {
    // Looked up on every use: a model pulled while the daemon runs is found without a restart.
    const vadAt = () => {
      const path = join(voiceModelDir(deps.modelsDir, VAD_MODEL_ID), VAD_MODEL_FILE);
      // Earlier builds kept the file straight in voice/.
      const legacy = join(deps.modelsDir, "voice", VAD_MODEL_FILE);
      return !existsSync(path) && existsSync(legacy) ? legacy : path;
    };
    const senseVoiceDir = voiceModelDir(deps.modelsDir, SENSEVOICE_ID);
    const speech = deps.tts ? { tts: deps.tts, status: () => ({ id: "custom", languages: ["zh", "en"] }) } : chooseSpeech(deps.modelsDir);
    const tts = speech.tts;
    const rules = deps.rules ?? defaultEndpointRules;
    let vad: VoiceActivityDetector | null = null;
    let stt: SpeechToText | null = null;
    let baseline: VoiceBaseline = createVoiceBaseline();

    const senseVoiceInstalled = () => existsSync(join(senseVoiceDir, "model.int8.onnx")) && existsSync(join(senseVoiceDir, "tokens.txt"));
    /** SenseVoice when installed (zh/en/yue), else Debian's pocketsphinx (en). */
    const chosenRecognizer = (): { id: string; languages: string[] } | null =>
      senseVoiceInstalled()
        ? { id: SENSEVOICE_ID, languages: ["zh", "en", "yue"] }
        : pocketsphinxAvailable()
          ? { id: "pocketsphinx-en-us", languages: ["en"] }
          : null;

    const recognizer = () => (stt ??= senseVoiceInstalled() ? loadSenseVoice(senseVoiceDir) : createPocketsphinxSpeechToText());
    // Live partial text on the screen while she speaks: the streaming zipformer when installed (the final
    // transcript is still the recogniser's). Looked up until it loads; a load failure is reported, not retried.
    const zipformer = findVoiceModel(ZIPFORMER_ID)!;
    let streaming: StreamingSpeechToText | null = null;
    let streamingFailure: string | null = null;
    const partials = (): StreamingSpeechToText | null => {
      if (streaming || streamingFailure || !voiceModelInstalled(deps.modelsDir, zipformer)) return streaming;
      try {
        streaming = loadStreamingZipformer(voiceModelDir(deps.modelsDir, ZIPFORMER_ID));
      } catch (error) {
        streamingFailure = (error as Error).message;
      }
      return streaming;
    };
    const getVad = () => (vad ??= loadSileroVad({ modelPath: vadAt() }));

    function observeVoice(samples: Float32Array): void {
      const analysis = analyzeUtterance(samples, baseline);
      baseline = analysis.baseline;
      deps.observeMood({ modality: "voice", at: deps.now(), ...analysis.estimate });
    }

    const wakeSetting = () => deps.wakeWord?.() ?? { enabled: false, phrases: [] };
    const currentPhrases = () => wakePhrases(deps.personaName?.() ?? "小蜜", wakeSetting().phrases);
    /** Spotters loaded in this process (a `guimi listen` session; the daemon's page uses push-to-talk). */
    let spottersLoaded = 0;

    /** What the wake word really does now, in words she can act on. */
    function wakeWordStatus() {
      const enabled = wakeSetting().enabled;
      const phrases = currentPhrases();
      const installed = voiceModelInstalled(deps.modelsDir, findVoiceModel(WAKE_WORD_MODEL_ID)!);
      const base = { enabled, id: WAKE_WORD_MODEL_ID, installed, loaded: spottersLoaded > 0, phrases };
      if (!enabled) return { ...base, state: "off" as const };
      if (!installed) {
        return {
          ...base,
          state: "model-not-installed" as const,
          reason: `wake word: model not installed: run guimi model pull ${WAKE_WORD_MODEL_ID} / 唤醒词模型还没装：运行 guimi model pull ${WAKE_WORD_MODEL_ID}`,
        };
      }
      try {
        checkWakeWord(deps.modelsDir, phrases.map(spellKeyword));
      } catch (error) {
        return { ...base, state: "error" as const, reason: (error as Error).message };
      }
      if (!deps.microphoneOn()) return { ...base, state: "microphone-off" as const, reason: "the microphone is off in 我的数据 / 麦克风已关闭" };
      return { ...base, state: spottersLoaded > 0 ? ("listening" as const) : ("ready" as const) };
    }

    function status() {
      const asr = chosenRecognizer();
      const vadPath = vadAt();
      const vadInstalled = existsSync(vadPath);
      const missing = !vadInstalled
        ? `voice activity model not installed: ${installHint(VAD_MODEL_ID, vadPath)} / 还没装语音检测模型（${VAD_MODEL_ID}）`
        : !asr
          ? `no speech recogniser: apt install pocketsphinx pocketsphinx-en-us, or ${installHint(SENSEVOICE_ID, senseVoiceDir)} / 还没有语音识别`
          : null;
      return {
        available: missing === null,
        ...(missing ? { reason: missing } : {}),
        microphone: deps.microphoneOn(),
        vad: { id: VAD_MODEL_ID, installed: vadInstalled },
        recognizer: asr,
        ...(asr?.id === "pocketsphinx-en-us"
          ? {
              note: `English only (pocketsphinx); for Chinese install ${installHint(SENSEVOICE_ID, senseVoiceDir)} / 目前只听得懂英文；装上 ${SENSEVOICE_ID} 就能听中文`,
            }
          : {}),
        // Live partial text while she speaks (the streaming zipformer), when installed.
        partials: voiceModelInstalled(deps.modelsDir, zipformer)
          ? { id: ZIPFORMER_ID, languages: ["zh", "en"], ...(streamingFailure ? { error: `${ZIPFORMER_ID} did not load: ${streamingFailure}` } : {}) }
          : null,
        speech: speech.status(),
        // Used by hands-free `guimi listen`; the page's button is push-to-talk and never needs it.
        wakeWord: wakeWordStatus(),
      };
    }

    const sessionDeps = (conversationId: string): VoiceSessionDeps => ({
      // Each session has its own VAD state; the recogniser is shared.
      vad: loadSileroVad({ modelPath: vadAt() }),
      stt: recognizer(),
      streaming: partials(),
      tts,
      conversation: deps.conversation,
      observeVoice,
      rules,
      conversationId,
      ...(deps.looksComplete ? { looksComplete: deps.looksComplete } : {}),
    });
    let socket: ReturnType<typeof createVoiceSocket> | null = null;
    const voiceSocket = () => (socket ??= createVoiceSocket({ microphoneOn: deps.microphoneOn, sessionDeps }));

    return {
      name: "voice",
      status,
      upgrades: [{ path: "/api/v1/voice", handle: (request, s, head) => voiceSocket().handle(request, s, head) }],
      sessionDeps,
      liveSession(output, options = {}) {
        if (!deps.microphoneOn()) throw new MicrophoneOffError();
        const wanted = options.wakeWord ?? wakeSetting().enabled;
        const wakeWord = wanted ? loadWakeWord(deps.modelsDir, { keywords: options.keywords ?? currentPhrases().map(spellKeyword) }) : null;
        const base = sessionDeps(options.conversationId ?? "default");
        const session = createVoiceSession(
          { ...base, wakeWord, ...(options.echoCoupling !== undefined ? { echoCoupling: options.echoCoupling } : {}) },
          output,
        );
        if (!wakeWord) return session;
        spottersLoaded += 1;
        let open = true;
        return {
          ...session,
          close() {
            if (open) spottersLoaded -= 1;
            open = false;
            session.close();
          },
        };
      },
      wakePhrases: currentPhrases,
      speech: () => tts,
      recognizer,
      vad: getVad,
      async listenFile(samples, options = {}) {
        if (!deps.microphoneOn()) throw new MicrophoneOffError();
        return runFileTurn({ vad: getVad(), stt: recognizer(), tts, conversation: deps.conversation, observeVoice, rules }, samples, options);
      },
      stop() {
        socket?.close();
        socket = null;
        stt?.dispose?.();
      },
    };
  },
});
