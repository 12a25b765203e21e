// Images that cannot be decoded, with a stable code (the CLI maps it to exit code 2).
export type ImageErrorCode = "unsupported-image" | "invalid-image" | "image-too-large";

export class ImageDecodeError extends Error {
  override readonly name = "ImageDecodeError";
  constructor(
    readonly code: ImageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
