// One base error with a stable code; the CLI maps codes to exit codes and the server to HTTP statuses.
import type { z } from "zod";

export class GuimiError extends Error {
  constructor(
    message: string,
    readonly code: "bad-input" | "not-found" | "refused" | "unavailable" | "conflict",
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "GuimiError";
  }
}

/** Bad input from the user or a client: CLI exit code 2, HTTP 400. */
export class InputError extends GuimiError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, "bad-input", options);
    this.name = "InputError";
  }
}

export class NotFoundError extends GuimiError {
  constructor(message: string) {
    super(message, "not-found");
    this.name = "NotFoundError";
  }
}

/** An outbound connection the user has not enabled. */
export class OutboundRefusedError extends GuimiError {
  constructor(message: string) {
    super(message, "refused");
    this.name = "OutboundRefusedError";
  }
}

/** Names each failing field: `text: Too big: expected string to have <=4000 characters`. */
export function formatZodError(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`).join("; ");
}
