// sherpa-onnx voices (TextToSpeech adapters next to espeak-ng): Matcha zh-baker (Chinese, light enough
// for a small CPU; needs the vocos vocoder) and Kokoro multi-lang v1.0 (Chinese and English in one
// voice). Audio streams sentence by sentence (generateAsync's onProgress), so the first clause plays
// while the rest is still being made. Models come from `guimi model pull <id>` into models/voice/<id>/.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Lang } from "../kernel/lang.js";
import { encodeWav16 } from "../perception/voice/wav.js";
import { voiceModelDir } from "../models/voice-models.js";
import { loadSherpa } from "./sherpa.js";
import { type TextToSpeech, speakableText, splitSentences } from "./text-to-speech.js";
import { ModelNotInstalledError } from "./voice-errors.js";

export const SHERPA_VOICE_IDS = ["kokoro-multi-lang-v1_0", "matcha-zh-baker"] as const;
export type SherpaVoiceId = (typeof SHERPA_VOICE_IDS)[number];

/** A voice that can hand over audio while it is still being made. */
export interface StreamingTextToSpeech extends TextToSpeech {
  readonly id: string;
  readonly languages: readonly Lang[];
  /** Samples as each sentence is ready (`onChunk`), then the whole reply as WAV. */
  synthesizeStream(text: string, lang: Lang, onChunk: (samples: Float32Array, sampleRate: number) => void, options?: { signal?: AbortSignal }): Promise<Buffer>;
}

export interface SherpaTtsOptions {
  threads?: number;
  /** Speaker id inside the model (Kokoro: 0–52; the default is a warm zh female voice). */
  speaker?: number;
  speed?: number;
  /** Plays WAV bytes on the device (stdin); default mpv. */
  player?: readonly string[];
}

/** Paths that exist, joined as sherpa-onnx wants lists ("a,b,c"). */
const present = (dir: string, names: string[]) =>
  names
    .map((n) => join(dir, n))
    .filter((p) => existsSync(p))
    .join(",");

function need(modelId: string, paths: string[]): void {
  for (const path of paths) if (!existsSync(path)) throw new ModelNotInstalledError(modelId, path);
}

/** The sherpa-onnx config for one voice; throws ModelNotInstalledError naming the first missing file. */
export function sherpaTtsConfig(modelsDir: string, id: SherpaVoiceId, threads = 1): Record<string, unknown> {
  const dir = voiceModelDir(modelsDir, id);
  const common = { numThreads: threads, provider: "cpu", debug: 0 };
  if (id === "matcha-zh-baker") {
    const vocoder = join(voiceModelDir(modelsDir, "vocos-22khz-univ"), "vocos-22khz-univ.onnx");
    const files = { acousticModel: join(dir, "model-steps-3.onnx"), lexicon: join(dir, "lexicon.txt"), tokens: join(dir, "tokens.txt") };
    need(id, [...Object.values(files), join(dir, "dict")]);
    need("vocos-22khz-univ", [vocoder]);
    return {
      model: { matcha: { ...files, vocoder, dictDir: join(dir, "dict") }, ...common },
      maxNumSentences: 1,
      ruleFsts: present(dir, ["phone.fst", "date.fst", "number.fst"]),
    };
  }
  const files = { model: join(dir, "model.onnx"), voices: join(dir, "voices.bin"), tokens: join(dir, "tokens.txt"), dataDir: join(dir, "espeak-ng-data") };
  need(id, [...Object.values(files), join(dir, "dict"), join(dir, "lexicon-zh.txt"), join(dir, "lexicon-us-en.txt")]);
  return {
    model: { kokoro: { ...files, dictDir: join(dir, "dict"), lexicon: present(dir, ["lexicon-us-en.txt", "lexicon-zh.txt"]) }, ...common },
    maxNumSentences: 1,
    ruleFsts: present(dir, ["phone-zh.fst", "date-zh.fst", "number-zh.fst"]),
  };
}

/** The voices installed, best first (Kokoro speaks both languages; Matcha only Chinese). */
export function installedSherpaVoices(modelsDir: string): SherpaVoiceId[] {
  return SHERPA_VOICE_IDS.filter((id) => {
    try {
      sherpaTtsConfig(modelsDir, id);
      return true;
    } catch {
      return false;
    }
  });
}

export function loadSherpaTextToSpeech(modelsDir: string, id: SherpaVoiceId, options: SherpaTtsOptions = {}): StreamingTextToSpeech {
  const config = sherpaTtsConfig(modelsDir, id, options.threads ?? 1);
  const sherpa = loadSherpa();
  const tts = new sherpa.OfflineTts(config);
  const speaker = Math.min(Math.max(0, options.speaker ?? (id === "kokoro-multi-lang-v1_0" ? 45 : 0)), Math.max(0, tts.numSpeakers - 1));
  const speed = options.speed ?? 1;
  const player = options.player ?? ["mpv", "--no-video", "--really-quiet", "-"];
  let queue: Promise<void> = Promise.resolve();
  let playing: ReturnType<typeof spawn> | null = null;
  let generation = 0;
  // One synthesis at a time: the native engine is not re-entrant.
  let engine: Promise<unknown> = Promise.resolve();

  async function synthesizeStream(
    text: string,
    _lang: Lang,
    onChunk: (samples: Float32Array, sampleRate: number) => void,
    { signal }: { signal?: AbortSignal } = {},
  ): Promise<Buffer> {
    const run = async () => {
      signal?.throwIfAborted();
      let audio: { samples: Float32Array; sampleRate: number };
      try {
        audio = await tts.generateAsync({
          text: speakableText(text),
          sid: speaker,
          speed,
          onProgress: (info) => {
            if (signal?.aborted) return 0; // stops the engine
            onChunk(info.samples, tts.sampleRate);
            // A stop asked for while this chunk was handled: no further sentence is made.
            return signal?.aborted ? 0 : 1;
          },
        });
      } catch (error) {
        // Nothing the voice can read (empty text; English words Matcha's lexicon lacks): no audio, not a failure.
        signal?.throwIfAborted();
        if (!/produced no audio/.test((error as Error).message)) throw error;
        audio = { samples: new Float32Array(0), sampleRate: tts.sampleRate };
      }
      signal?.throwIfAborted();
      return Buffer.from(encodeWav16(audio.samples, audio.sampleRate));
    };
    const result = engine.then(run, run);
    engine = result.catch(() => undefined);
    return result;
  }

  function play(wav: Buffer): Promise<void> {
    return new Promise((resolve) => {
      const [bin, ...args] = player;
      const child = spawn(bin!, args, { stdio: ["pipe", "ignore", "ignore"] });
      playing = child;
      child.on("error", () => resolve());
      child.on("close", () => {
        playing = null;
        resolve();
      });
      child.stdin.on("error", () => undefined);
      child.stdin.end(wav);
    });
  }

  return {
    id,
    languages: id === "matcha-zh-baker" ? ["zh"] : ["zh", "en"],
    synthesizeStream,
    synthesize,
    speak(text, lang) {
      const mine = generation;
      for (const sentence of splitSentences(speakableText(text))) {
        queue = queue
          .then(async () => {
            if (mine !== generation) return;
            const wav = await synthesize(sentence, lang);
            if (wav.length > 44) await play(wav); // a header alone: nothing to play
          })
          // A sentence that fails does not silence the rest of the reply, or every later one.
          .catch(() => undefined);
      }
      return queue;
    },
    interrupt() {
      generation += 1;
      playing?.kill("SIGTERM");
    },
  };

  function synthesize(text: string, lang: Lang) {
    return synthesizeStream(text, lang, () => undefined);
  }
}

/**
 * Each language to the voice that speaks it: Matcha for Chinese with espeak-ng for English pieces,
 * or Kokoro for both. `id` names what is used, for an honest status line.
 */
export function routeByLanguage(voices: { zh: TextToSpeech; en: TextToSpeech }, id: string): TextToSpeech & { id: string } {
  return {
    id,
    synthesize: (text, lang) => voices[lang].synthesize(text, lang),
    speak: (text, lang) => voices[lang].speak(text, lang),
    interrupt() {
      voices.zh.interrupt();
      if (voices.en !== voices.zh) voices.en.interrupt();
    },
  };
}
