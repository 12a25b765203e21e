// guimi bench voice: from the end of her speech to the first byte of reply audio, per stage (VAD tail,
// speech-to-text, the reply's first clause, its first speech chunk), p50/p95, on the always-installed
// path (Silero VAD, pocketsphinx, espeak-ng), plus how quickly her voice stops a reply (barge-in).
// With `asr: "sensevoice-sized"` the recogniser is the real sherpa-onnx SenseVoice adapter on a model of
// SenseVoice-small's size with random weights (scripts/voice/make-sensevoice-proxy.py): its compute, not
// its words — no trained SenseVoice can be downloaded here. `benchListening` measures what always
// listening costs: the wake-word spotter (and the streaming zipformer) over a minute of speech, on models of
// the real ones' size with random weights (scripts/voice/make-transducer-proxy.py). With `tts: "kokoro-sized"`
// the reply is spoken by the real sherpa-onnx Kokoro adapter on a Kokoro-v1.0-sized voice with random weights,
// and benchSherpaVoices() times each sherpa voice on its own (scripts/voice/make-tts-proxy.py): first audio
// and real-time factor, their compute, not their sound.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createGuimiApp } from "../app/guimi-app.js";
import { makeTempDir, sharedPath } from "../testing/paths.js";
import {
  goForwardRaw,
  goForwardSamples,
  hasEspeakData,
  hasPythonOnnx,
  installSenseVoiceProxy,
  installStreamingZipformerProxy,
  installTtsProxy,
  installVadModel,
  installWakeWordProxy,
  pocketsphinxWords,
  speech60sPath,
} from "../voice/voice-fixtures.js";
import { decodeSpeechWav, parseWav } from "../perception/voice/wav.js";
import { loadStreamingZipformer } from "../voice/sherpa-stt.js";
import { loadSherpaTextToSpeech, type SherpaVoiceId } from "../voice/sherpa-tts.js";
import { DEFAULT_KEYWORDS, loadWakeWord } from "../voice/wake-word.js";
import { createVoiceSession, type VoiceEvent } from "../voice/voice-session.js";
import { defaultEndpointRules } from "../voice/endpointer.js";
import type { TextToSpeech } from "../voice/text-to-speech.js";

/** CPU and wall time to push `samples` through `push` in 100 ms pieces, as fast as it goes. */
function cost(samples: Float32Array, push: (piece: Float32Array) => void, end: () => void = () => undefined) {
  const seconds = samples.length / 16_000;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let at = 0; at < samples.length; at += 1600) push(samples.subarray(at, Math.min(at + 1600, samples.length)));
  end();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const cpuMsPerAudioSecond = cpuMs / seconds;
  return {
    audioSeconds: Math.round(seconds * 10) / 10,
    cpuMsPerAudioSecond: Math.round(cpuMsPerAudioSecond * 10) / 10,
    /** Always listening: the share of one core it keeps busy. */
    percentOfOneCore: Math.round(cpuMsPerAudioSecond * 10) / 100,
    realTimeFactor: Math.round((wallMs / 1000 / seconds) * 1000) / 1000,
  };
}

/**
 * What always listening costs on this CPU: the wake-word spotter (kws-zipformer-wenetspeech-3.3m's size, one
 * thread) and the streaming bilingual zipformer (its ~70 M weights, one thread) over 60 s of speech in 100 ms
 * pieces, after one warm-up pass. Random weights: their compute, not their words.
 */
export function benchListening() {
  const temp = makeTempDir("guimi-listen-bench-");
  try {
    const speech = decodeSpeechWav(new Uint8Array(readFileSync(speech60sPath))).samples;
    installWakeWordProxy(temp.dir, "real");
    const spotter = loadWakeWord(join(temp.dir, "models"), { keywords: DEFAULT_KEYWORDS });
    const spot = (piece: Float32Array) => void spotter.push(piece);
    cost(speech.subarray(0, 16_000 * 5), spot);
    spotter.reset();
    const wakeWord = cost(speech, spot);
    const stt = loadStreamingZipformer(installStreamingZipformerProxy(temp.dir, "real"));
    const decode = () => {
      const stream = stt.start();
      return cost(
        speech,
        (piece) => void stream.push(piece),
        () => void stream.finish(),
      );
    };
    decode();
    const streamingAsr = decode();
    return {
      bench: "listening",
      input: `speech-16k-60s.wav (${wakeWord.audioSeconds} s) in 100 ms pieces, as fast as it runs; CPU is process.cpuUsage (user + system)`,
      wakeWord: { model: "kws-zipformer-wenetspeech-3.3m's size (zipformer2, 2.9 M weights, random), 1 thread", ...wakeWord },
      streamingAsr: { model: "zipformer-zh-en-streaming's size (zipformer, 67 M weights, random), 1 thread", ...streamingAsr },
      note: "random weights: the compute of the real models' architecture and size, not their words or their beam's width on real speech",
    };
  } finally {
    temp.cleanup();
  }
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
};
const summary = (values: number[]) => ({ p50: Math.round(percentile(values, 50)), p95: Math.round(percentile(values, 95)), n: values.length });

export async function benchVoice(
  options: { runs?: number; model?: string | null; asr?: "default" | "sensevoice-sized"; tts?: "default" | "kokoro-sized" } = {},
) {
  const runs = options.runs ?? 7;
  const temp = makeTempDir("guimi-voice-bench-");
  installVadModel(temp.dir);
  if (options.asr === "sensevoice-sized") installSenseVoiceProxy(temp.dir, "small");
  if (options.tts === "kokoro-sized") installTtsProxy(temp.dir, "kokoro", "real");
  const model =
    options.model === undefined
      ? existsSync(sharedPath("models", "llama-2-tiny-random.gguf"))
        ? sharedPath("models", "llama-2-tiny-random.gguf")
        : null
      : options.model;
  const app = await createGuimiApp({ dataDir: temp.dir, ...(model ? { model } : { withoutModel: true }) });
  await app.modelReady;
  app.settings.update({ sensors: { microphone: true } });
  try {
    const stages = {
      vadTailMs: [] as number[],
      asrMs: [] as number[],
      firstClauseMs: [] as number[],
      ttsFirstChunkMs: [] as number[],
      totalMs: [] as number[],
    };
    const barge = { afterSpeechMs: [] as number[], afterWordMs: [] as number[], stopMs: [] as number[] };
    const firstWordMs = (pocketsphinxWords(goForwardRaw)[0]?.start ?? 0) * 1000;
    const speech = goForwardSamples();
    const silence = new Float32Array(16_000 * 1.2);
    for (let run = 0; run < runs; run++) {
      const base = app.voice.sessionDeps("bench");
      let firstSynth: { start: number; end: number } | null = null;
      const tts: TextToSpeech = {
        ...base.tts,
        async synthesize(text, lang) {
          const start = performance.now();
          const wav = await base.tts.synthesize(text, lang);
          firstSynth ??= { start, end: performance.now() };
          return wav;
        },
      };
      const events: { at: number; event: VoiceEvent }[] = [];
      const session = createVoiceSession({ ...base, tts }, { event: (event) => events.push({ at: performance.now(), event }), audio: () => undefined });
      session.push(new Float32Array(8000));
      // Her words and the silence after them arrive in real time, as from a microphone: a recogniser that
      // listens live works while she speaks, and the VAD tail is audio she has to wait through.
      const frame = 512;
      const t0 = performance.now();
      let sent = 0;
      const realTime = async (samples: Float32Array, stop: () => boolean) => {
        for (let i = 0; i < samples.length; i += frame) {
          session.push(samples.subarray(i, i + frame));
          sent += Math.min(frame, samples.length - i);
          if (stop()) return;
          const due = t0 + sent / 16 - performance.now();
          if (due > 0) await new Promise((r) => setTimeout(r, due));
        }
      };
      await realTime(speech, () => false);
      await realTime(silence, () => events.some((e) => e.event.type === "vad-end"));
      await session.idle();
      const vadEnd = events.find((e) => e.event.type === "vad-end");
      const transcript = events.find((e) => e.event.type === "transcript");
      const firstAudio = events.find((e) => e.event.type === "audio");
      if (!vadEnd || !transcript || !firstAudio || !firstSynth) throw new Error(`run ${run}: incomplete turn (${events.map((e) => e.event.type).join(",")})`);
      // The VAD tail: audio between her last word and the end-of-speech decision.
      const vadTail = defaultEndpointRules.endSilenceMs;
      const s = firstSynth as { start: number; end: number };
      stages.vadTailMs.push(vadTail);
      stages.asrMs.push(transcript.at - vadEnd.at);
      stages.firstClauseMs.push(s.start - transcript.at);
      stages.ttsFirstChunkMs.push(s.end - s.start);
      stages.totalMs.push(vadTail + (firstAudio.at - vadEnd.at));

      // Barge-in: she speaks up while the reply plays. Timed from the start of her first word (as
      // pocketsphinx aligns it in the recording), so the VAD's own lag is counted too.
      session.push(new Float32Array(16_000 * 0.3));
      const loud = speech.map((x) => Math.max(-1, Math.min(1, x * 3)));
      for (let i = 0; i < loud.length; i += frame) {
        session.push(loud.subarray(i, i + frame));
        const b = events.find((e) => e.event.type === "barge-in")?.event;
        if (b && b.type === "barge-in") {
          barge.afterSpeechMs.push(b.afterSpeechMs);
          barge.afterWordMs.push(((i + frame) * 1000) / 16_000 - firstWordMs);
          barge.stopMs.push(b.reactionMs);
          break;
        }
      }
      session.close();
      await session.idle();
    }
    return {
      bench: "voice",
      path: {
        vad: "silero-vad (sherpa-onnx)",
        asr:
          options.asr === "sensevoice-sized"
            ? `${app.voice.recognizer().id} (random weights, SenseVoice-small's size: its compute, not its words)`
            : app.voice.recognizer().id,
        llm: model ? model.split("/").pop() : "none (honest no-model reply)",
        tts:
          options.tts === "kokoro-sized"
            ? `${String((app.voice.status!().speech as { id?: unknown }).id)} (random weights, Kokoro v1.0's size: its compute, not its voice)`
            : "espeak-ng",
      },
      input: "goforward.raw (2.6 s, 'go forward ten meters') then silence, both in real time",
      recognition: app.voice.recognizer().listen ? "live (decodes while she speaks)" : "whole utterance after she stops",
      endOfSpeechToFirstAudio: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, summary(v)])),
      bargeIn: {
        rule: `${defaultEndpointRules.bargeInMinSpeechMs} ms voiced and louder than our echo (utterances start at ${defaultEndpointRules.minSpeechMs} ms)`,
        detectedAfterSpeechOnsetMs: summary(barge.afterSpeechMs),
        detectedAfterFirstWordMs: summary(barge.afterWordMs),
        stopMs: summary(barge.stopMs),
      },
      note: "vadTailMs is the end-of-speech silence rule (endSilenceMs); commands end on quickEndSilenceMs when a streaming recogniser shows partial text",
    };
  } finally {
    await app.close();
    temp.cleanup();
  }
}

/** Whether the sherpa voices can be built here (python3-onnx; Kokoro also needs Debian's espeak-ng-data). */
const canBuildSherpaVoices = { matcha: hasPythonOnnx, kokoro: hasPythonOnnx && hasEspeakData };

/** Replies as Guimi says them: one short, one of three clauses, one of several sentences. */
const replies = ["好呀，我记下了。", "明天早上八点提醒你带伞，路上注意安全哦。", "今天辛苦啦。先喝点温水，休息一下吧。要是还觉得累，我们就早点睡，好不好？"];

/**
 * Each sherpa voice at its real model's size (random weights): load time, then per reply the time to its
 * first audio chunk (what she waits for) and the real-time factor (synthesis time / audio length), on one
 * thread as the daemon runs it.
 */
export async function benchSherpaVoices(options: { runs?: number; voices?: ("matcha" | "kokoro")[] } = {}) {
  const runs = options.runs ?? 5;
  const wanted = options.voices ?? (["matcha", "kokoro"] as const).filter((v) => canBuildSherpaVoices[v]);
  const ids: Record<"matcha" | "kokoro", SherpaVoiceId> = { matcha: "matcha-zh-baker", kokoro: "kokoro-multi-lang-v1_0" };
  const results: Record<string, unknown> = {};
  for (const voice of wanted) {
    const temp = makeTempDir("guimi-tts-bench-");
    try {
      const modelsDir = installTtsProxy(temp.dir, voice, "real");
      const loadStart = performance.now();
      const tts = loadSherpaTextToSpeech(modelsDir, ids[voice]);
      const loadMs = performance.now() - loadStart;
      await tts.synthesize("你好。", "zh"); // warm-up
      const firstChunk: number[] = [];
      const rtf: number[] = [];
      const audioSeconds: number[] = [];
      const chunks: number[] = [];
      for (let run = 0; run < runs; run++) {
        for (const text of replies) {
          const start = performance.now();
          let first: number | null = null;
          let n = 0;
          const wav = await tts.synthesizeStream(text, "zh", () => {
            first ??= performance.now() - start;
            n += 1;
          });
          const total = performance.now() - start;
          const audio = parseWav(new Uint8Array(wav));
          const secs = audio.samples.length / audio.sampleRate;
          firstChunk.push(first ?? total);
          rtf.push(total / 1000 / secs);
          audioSeconds.push(secs);
          chunks.push(n);
        }
      }
      results[ids[voice]] = {
        model: voice === "matcha" ? "Matcha zh-baker steps-3 (~19 M) + vocos-22khz-univ (~13.5 M) sized" : "Kokoro v1.0 (~88 M) sized",
        threads: 1,
        loadMs: Math.round(loadMs),
        firstChunkMs: summary(firstChunk),
        realTimeFactor: {
          p50: Number(percentile(rtf, 50).toFixed(3)),
          p95: Number(percentile(rtf, 95).toFixed(3)),
          n: rtf.length,
        },
        replies: replies.map((text, i) => ({ text, audioS: Number(audioSeconds[i]!.toFixed(2)), chunks: chunks[i] })),
      };
    } finally {
      temp.cleanup();
    }
  }
  return {
    bench: "sherpa-voices",
    note: "random weights at the real models' sizes (scripts/voice/make-tts-proxy.py): compute, not sound; durations follow the proxies' fixed frames per token, not a trained duration model",
    ...results,
  };
}

/**
 * Every voice measurement `guimi bench voice` reports: the always-installed path, then — where Debian's
 * python3-onnx can build the random-weight models — SenseVoice-sized recognition, always listening, the sherpa
 * voices, and a turn with SenseVoice-sized recognition and a Kokoro-sized voice.
 */
export async function benchVoiceAll(log: (line: string) => void): Promise<Record<string, unknown>> {
  const missing = "not measured: apt-get install python3-onnx to build the random-weight models";
  log("voice: 7 spoken turns (Silero VAD, pocketsphinx, espeak-ng)…");
  const result: Record<string, unknown> = await benchVoice();
  if (!hasPythonOnnx) return { ...result, senseVoiceSized: missing, listening: missing, sherpaVoices: missing };
  log("voice: 7 more with SenseVoice (sherpa-onnx) on a SenseVoice-small-sized model with random weights…");
  result.senseVoiceSized = await benchVoice({ asr: "sensevoice-sized" });
  log("voice: always listening — the wake word and the streaming zipformer over 60 s of speech (real sizes, random weights)…");
  result.listening = benchListening();
  log("voice: sherpa voices (Matcha zh-baker + vocos, Kokoro v1.0) at their real sizes with random weights…");
  result.sherpaVoices = await benchSherpaVoices();
  if (canBuildSherpaVoices.kokoro) {
    log("voice: 7 more turns with SenseVoice-sized recognition and a Kokoro-sized voice…");
    result.senseVoiceAndKokoroSized = await benchVoice({ asr: "sensevoice-sized", tts: "kokoro-sized" });
  }
  return result;
}
