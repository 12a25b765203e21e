// One error type for audio that cannot be analysed, with a stable code callers can branch on.
export type VoiceErrorCode = "invalid-wav" | "unsupported-format" | "unsupported-sample-rate";

export class VoiceInputError extends Error {
  override readonly name = "VoiceInputError";
  constructor(
    readonly code: VoiceErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
