// Errors of the voice pipeline that a person can act on.
import { GuimiError } from "../errors.js";
import { pullHint } from "../models/voice-models.js";

/** How to install a voice model: the file it needs and the command that installs it. */
export function installHint(modelId: string, path: string): string {
  return `${modelId} (expected ${path}; ${pullHint(modelId)})`;
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
