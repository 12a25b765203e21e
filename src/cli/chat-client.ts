// How the CLI talks: to the running daemon when there is one (so every screen sees the conversation
// and proactive messages reach the terminal), otherwise to an in-process Guimi.
import WebSocket from "ws";
import type { GuimiApp } from "../app/guimi-app.js";
import type { TurnEvent, TurnResult } from "../conversation/conversation-service.js";
import type { DaemonInfo } from "../server/daemon.js";
import { GuimiError, InputError } from "../errors.js";

export interface ChatClient {
  readonly where: "daemon" | "in-process";
  send(text: string, conversationId: string | undefined, onEvent: (event: TurnEvent) => void): Promise<TurnResult>;
  stop(conversationId?: string): void;
  /** Proactive and other-screen messages (daemon only). */
  onOtherMessage?(listener: (text: string) => void): void;
  close(): Promise<void>;
}

export function inProcessClient(app: GuimiApp): ChatClient {
  return {
    where: "in-process",
    send: (text, conversationId, onEvent) => app.conversation.turn({ text, conversationId }, onEvent),
    stop: (conversationId) => void app.conversation.stop(conversationId),
    close: () => app.close(),
  };
}

/** One turn over HTTP with a server-sent event stream. */
export async function sendOverHttp(
  daemon: DaemonInfo,
  text: string,
  conversationId: string | undefined,
  onEvent: (event: TurnEvent) => void,
): Promise<TurnResult> {
  const response = await fetch(new URL("api/v1/chat", daemon.url), {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify({ text, conversationId }),
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as ErrorBody;
    throw clientError(body, `HTTP ${response.status}`);
  }
  let start: Extract<TurnEvent, { type: "reply-start" }> | undefined;
  let end: Extract<TurnEvent, { type: "reply-end" }> | undefined;
  let firstDeltaMs: number | null = null;
  const began = performance.now();
  const decoder = new TextDecoder();
  let buffer = "";
  let eventName = "";
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, "");
      buffer = buffer.slice(newline + 1);
      if (line.startsWith("event:")) eventName = line.slice(6).trim();
      else if (line.startsWith("data:")) {
        const data = JSON.parse(line.slice(5).trim()) as TurnEvent | ErrorBody;
        if (eventName === "error") throw clientError(data as ErrorBody, "the reply failed");
        const event = data as TurnEvent;
        if (event.type === "reply-start") start = event;
        if (event.type === "reply-delta" && firstDeltaMs === null) firstDeltaMs = performance.now() - began;
        if (event.type === "reply-end") end = event;
        onEvent(event);
      }
    }
  }
  if (!start || !end) throw new GuimiError("the daemon closed the stream before the reply ended", "unavailable");
  return turnResult(start, end, firstDeltaMs);
}

/** Every error the daemon sends (HTTP body, SSE `error` event, WebSocket `error` frame) has this shape. */
type ErrorBody = { error?: { code?: string; message?: string } };

function clientError(body: ErrorBody, fallback: string): GuimiError {
  const message = body.error?.message ?? fallback;
  return body.error?.code === "bad-input" ? new InputError(message) : new GuimiError(message, body.error?.code === "not-found" ? "not-found" : "unavailable");
}

type ReplyStart = Extract<TurnEvent, { type: "reply-start" }>;
type ReplyEnd = Extract<TurnEvent, { type: "reply-end" }>;

/** A turn's result, rebuilt from its streamed start and end events. */
function turnResult(start: ReplyStart, end: ReplyEnd, firstDeltaMs: number | null): TurnResult {
  return {
    conversationId: start.conversationId,
    userMessageId: start.userMessageId,
    replyId: start.replyId,
    text: end.text,
    lang: start.lang,
    source: end.source,
    finish: end.finish,
    firstDeltaMs,
    ...(end.expression ? { expression: end.expression } : {}),
  };
}

/** Chat over the daemon's WebSocket: replies stream in, and proactive messages arrive between turns. */
export async function daemonClient(daemon: DaemonInfo): Promise<ChatClient> {
  const wsUrl = new URL("api/v1/ws", daemon.url);
  wsUrl.protocol = wsUrl.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(wsUrl, ["guimi.v1"]);
  // A dropped connection surfaces as a rejected turn, never as an uncaught error.
  socket.on("error", (error) => pending?.reject(error));
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  const otherListeners: ((text: string) => void)[] = [];
  let pending: {
    resolve: (r: TurnResult) => void;
    reject: (e: Error) => void;
    onEvent: (e: TurnEvent) => void;
    start?: Extract<TurnEvent, { type: "reply-start" }>;
    began: number;
    firstDeltaMs: number | null;
    text: string;
  } | null = null;
  let expected: string | null = null;

  socket.on("message", (data) => {
    const frame = JSON.parse(data.toString()) as { type: string; [key: string]: unknown };
    if (frame.type === "error" && pending) {
      pending.reject(clientError(frame as ErrorBody, "the daemon refused the message"));
      pending = null;
      return;
    }
    if (frame.type === "message-created" && frame.role === "care") {
      for (const listener of otherListeners) listener(String(frame.text));
      return;
    }
    if (!pending) return;
    if (frame.type === "reply-start") {
      if (frame.conversationId !== expected) return;
      pending.start = frame as unknown as Extract<TurnEvent, { type: "reply-start" }>;
      pending.onEvent(pending.start);
    } else if (frame.type === "reply-delta" && pending.start && frame.replyId === pending.start.replyId) {
      pending.firstDeltaMs ??= performance.now() - pending.began;
      pending.onEvent({ type: "reply-delta", text: String(frame.text) });
    } else if (frame.type === "reply-end" && pending.start && frame.replyId === pending.start.replyId) {
      const end = {
        type: "reply-end",
        text: String(frame.text),
        finish: frame.finish,
        source: String(frame.source),
        ...(frame.expression ? { expression: String(frame.expression) } : {}),
      } as ReplyEnd;
      pending.onEvent(end);
      pending.resolve(turnResult(pending.start, end, pending.firstDeltaMs));
      pending = null;
    }
  });

  return {
    where: "daemon",
    send(text, conversationId, onEvent) {
      expected = conversationId ?? "default";
      return new Promise<TurnResult>((resolve, reject) => {
        pending = { resolve, reject, onEvent, began: performance.now(), firstDeltaMs: null, text };
        socket.send(JSON.stringify({ type: "chat", text, conversationId }));
      });
    },
    stop(conversationId) {
      socket.send(JSON.stringify({ type: "stop", conversationId }));
    },
    onOtherMessage(listener) {
      otherListeners.push(listener);
    },
    async close() {
      socket.close();
    },
  };
}
