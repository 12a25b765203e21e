// The one error family of the edge, and the one place it becomes HTTP, WebSocket and SSE (in the kernel, so a
// capability streaming its own SSE route reports failures the same way). Every refusal
// (401, 403, 413, 415) and every failure leaves in the same shape: {error: {code, message}}.
import type { Context } from "hono";
import { GuimiError } from "../errors.js";

/** Codes a client can see. The first five are GuimiError's; the rest belong to the edge. */
export type ApiErrorCode = GuimiError["code"] | "unauthorized" | "forbidden" | "too-large" | "unsupported-media-type" | "internal";

/** A refusal at the edge: the request never reached a route. */
export class EdgeError extends Error {
  constructor(
    message: string,
    readonly code: Exclude<ApiErrorCode, GuimiError["code"] | "internal">,
  ) {
    super(message);
    this.name = "EdgeError";
  }
}

export const statusByCode: Record<ApiErrorCode, 400 | 401 | 403 | 404 | 409 | 413 | 415 | 500 | 503> = {
  "bad-input": 400,
  unauthorized: 401,
  refused: 403,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  "too-large": 413,
  "unsupported-media-type": 415,
  unavailable: 503,
  internal: 500,
};

const reasonPhrase: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string };
}

/** What a client is told about any thrown value. Unknown errors are logged and told nothing of their insides. */
export function describeError(error: unknown): { status: number; body: ApiErrorBody } {
  if (error instanceof EdgeError || error instanceof GuimiError) {
    return { status: statusByCode[error.code], body: { error: { code: error.code, message: error.message } } };
  }
  console.error("guimi: unexpected error:", error);
  return { status: 500, body: { error: { code: "internal", message: "something went wrong inside Guimi; nothing stored was lost" } } };
}

export function httpError(c: Context, error: unknown): Response {
  const { status, body } = describeError(error);
  return c.json(body, status as 400);
}

/** The frame a WebSocket client receives. */
export function wsErrorFrame(error: unknown): string {
  return JSON.stringify({ type: "error", ...describeError(error).body });
}

/** The server-sent event a streaming client receives (event name `error`). */
export function sseErrorEvent(error: unknown): { event: "error"; data: string } {
  return { event: "error", data: JSON.stringify(describeError(error).body) };
}

/** A refused WebSocket upgrade, written on the raw socket before it closes. */
export function rawHttpError(error: unknown): string {
  const { status, body } = describeError(error);
  const json = JSON.stringify(body);
  return (
    `HTTP/1.1 ${status} ${reasonPhrase[status] ?? "Error"}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`
  );
}
