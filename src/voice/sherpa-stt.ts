// sherpa-onnx recognisers: SenseVoice (non-streaming; zh, en, yue, ja, ko; run on each VAD utterance)
// and the streaming bilingual zh-en zipformer (partial text while she speaks). Both load from the
// release archive, which `guimi model pull <id>` unpacks into <data dir>/models/voice/<id>/; a missing
// model is a clear error naming the file and the command that installs it.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadSherpa } from "./sherpa.js";
import type { SpeechToText, StreamingSpeechToText } from "./speech-to-text.js";
import { tidyTranscript } from "./speech-to-text.js";
import { ModelNotInstalledError } from "./voice-errors.js";
import type { Lang } from "../kernel/lang.js";

export const SENSEVOICE_ID = "sensevoice-zh-en-int8";
export const ZIPFORMER_ID = "zipformer-zh-en-streaming";

function need(modelId: string, ...paths: string[]): void {
  for (const path of paths) if (!existsSync(path)) throw new ModelNotInstalledError(modelId, path);
}

/** SenseVoice int8 from its folder (`<models>/voice/sensevoice-zh-en-int8/`). */
export function loadSenseVoice(dir: string, options: { threads?: number } = {}): SpeechToText {
  const model = join(dir, "model.int8.onnx");
  const tokens = join(dir, "tokens.txt");
  need(SENSEVOICE_ID, model, tokens);
  const sherpa = loadSherpa();
  const recognizer = new sherpa.OfflineRecognizer({
    featConfig: { sampleRate: 16_000, featureDim: 80 },
    modelConfig: {
      senseVoice: { model, language: "", useInverseTextNormalization: 1 },
      tokens,
      numThreads: options.threads ?? 1,
      provider: "cpu",
      debug: 0,
    },
  });
  return {
    id: SENSEVOICE_ID,
    languages: ["zh", "en", "yue"],
    async transcribe(samples, { signal } = {}) {
      signal?.throwIfAborted();
      const stream = recognizer.createStream();
      stream.acceptWaveform({ samples, sampleRate: 16_000 });
      recognizer.decode(stream);
      const result = recognizer.getResult(stream);
      // SenseVoice tags the language it heard: "<|zh|>", "<|en|>", "<|yue|>".
      const tag = /(zh|en|yue)/.exec(result.lang ?? "")?.[1];
      const lang: Lang | undefined = tag === "en" ? "en" : tag ? "zh" : undefined;
      return { text: tidyTranscript(result.text), ...(lang ? { lang } : {}) };
    },
  };
}

/** The streaming bilingual zipformer (transducer) from its folder (`<models>/voice/zipformer-zh-en-streaming/`). */
export function loadStreamingZipformer(dir: string, options: { threads?: number } = {}): StreamingSpeechToText {
  const files = {
    encoder: join(dir, "encoder-epoch-99-avg-1.int8.onnx"),
    decoder: join(dir, "decoder-epoch-99-avg-1.onnx"),
    joiner: join(dir, "joiner-epoch-99-avg-1.int8.onnx"),
    tokens: join(dir, "tokens.txt"),
  };
  need(ZIPFORMER_ID, ...Object.values(files));
  const sherpa = loadSherpa();
  const recognizer = new sherpa.OnlineRecognizer({
    featConfig: { sampleRate: 16_000, featureDim: 80 },
    modelConfig: {
      transducer: { encoder: files.encoder, decoder: files.decoder, joiner: files.joiner },
      tokens: files.tokens,
      numThreads: options.threads ?? 1,
      provider: "cpu",
      debug: 0,
    },
    decodingMethod: "greedy_search",
    enableEndpoint: 0,
  });
  return {
    id: ZIPFORMER_ID,
    start() {
      const stream = recognizer.createStream();
      const read = () => {
        while (recognizer.isReady(stream)) recognizer.decode(stream);
        return tidyTranscript(recognizer.getResult(stream).text);
      };
      return {
        push(samples) {
          stream.acceptWaveform({ samples, sampleRate: 16_000 });
          return read();
        },
        finish() {
          stream.inputFinished();
          return read();
        },
      };
    },
  };
}
