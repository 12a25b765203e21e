// Images that cannot be decoded, with a stable code (the CLI maps it to exit code 2).
import { InputError } from "../../errors.js";

export type ImageErrorCode = "unsupported-image" | "invalid-image" | "image-too-large";

/** Bad input (HTTP 400, CLI exit 2); `reason` says exactly what was wrong. */
export class ImageDecodeError extends InputError {
  override readonly name = "ImageDecodeError";
  constructor(
    readonly reason: ImageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
