// Errors of the voice pipeline that a person can act on.
import { GuimiError } from "../errors.js";

/** A speech model is not on the device: says which command installs it. */
export class ModelNotInstalledError extends GuimiError {
  constructor(readonly modelId: string, readonly path: string) {
    super(`model not installed: run guimi model pull ${modelId} (expected ${path}) / 语音模型还没装：运行 guimi model pull ${modelId}`, "unavailable");
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
