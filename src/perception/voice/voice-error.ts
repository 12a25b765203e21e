// One error type for audio that cannot be analysed, with a stable code callers can branch on.
import { InputError } from "../../errors.js";

export type VoiceErrorCode = "invalid-wav" | "unsupported-format" | "unsupported-sample-rate";

/** Bad input (HTTP 400, CLI exit 2); `reason` says exactly what was wrong. */
export class VoiceInputError extends InputError {
  override readonly name = "VoiceInputError";
  constructor(
    readonly reason: VoiceErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
