// Errors of the voice pipeline that a person can act on.
import { GuimiError } from "../errors.js";

const release = "https://github.com/k2-fsa/sherpa-onnx/releases/download/asr-models";
/** Where each voice model comes from (`guimi model pull` does not install voice models in this build yet). */
export const voiceModelSources: Readonly<Record<string, string>> = {
  "silero-vad": `${release}/silero_vad.onnx`,
  "sensevoice-zh-en-int8": `${release}/sherpa-onnx-sense-voice-zh-en-ja-ko-yue-2024-07-17.tar.bz2`,
  "zipformer-zh-en-streaming": `${release}/sherpa-onnx-streaming-zipformer-bilingual-zh-en-2023-02-20.tar.bz2`,
};

/** How to install a voice model by hand: the file it needs and where it comes from. */
export function installHint(modelId: string, path: string): string {
  const source = voiceModelSources[modelId];
  return `${modelId} (expected ${path}${source ? `; download ${source}${source.endsWith(".tar.bz2") ? " and extract it there" : ""}` : ""})`;
}

/** A speech model is not on the device: says what is missing and where it comes from. */
export class ModelNotInstalledError extends GuimiError {
  constructor(
    readonly modelId: string,
    readonly path: string,
  ) {
    super(`model not installed: ${installHint(modelId, path)} / 语音模型还没装：${modelId}`, "unavailable");
    this.name = "ModelNotInstalledError";
  }
}

/** The microphone switch in 我的数据 is off. */
export class MicrophoneOffError extends GuimiError {
  constructor() {
    super("microphone is off: turn it on in 我的数据 (sensors.microphone) / 麦克风已关闭：请在「我的数据」里打开", "refused");
    this.name = "MicrophoneOffError";
  }
}
