// One WebSocket to /api/v1/ws for the whole page: streamed replies and proactive messages.
// Reconnects with exponential backoff (0.5 s → 15 s) and keeps the line alive with pings.
export type ServerEvent =
  | { type: "hello"; model?: unknown; persona?: unknown }
  | { type: "message-created"; conversationId: string; messageId: number; role: "user" | "assistant" | "care"; text: string; at: string }
  | { type: "reply-start"; conversationId: string; replyId: number | null; userMessageId: number; lang: string; source: string }
  | { type: "reply-delta"; conversationId: string; replyId: number | null; text: string }
  | { type: "reply-end"; conversationId: string; replyId: number | null; text: string; finish: string; source: string; expression?: string }
  | { type: "mood-changed"; mood?: { expression?: string }; expression?: string }
  | {
      type: "reminder-due" | "care-message";
      messageId?: number;
      kind?: string;
      rule?: string;
      reason?: string;
      text?: string;
      lang?: string;
      at?: string;
      reminderId?: string;
      offer?: Record<string, unknown>;
    }
  | { type: "error"; error: { code: string; message: string } }
  | ({ type: "media-changed" } & import("./api").MediaStatus)
  | { type: "pong" };

import { pairedToken } from "./api";

type Listener = (event: ServerEvent) => void;

export interface Socket {
  send(message: object): boolean;
  on(listener: Listener): () => void;
  onState(listener: (open: boolean) => void): () => void;
  isOpen(): boolean;
}

export function createSocket(path = "/api/v1/ws"): Socket {
  const listeners = new Set<Listener>();
  const stateListeners = new Set<(open: boolean) => void>();
  let socket: WebSocket | null = null;
  let open = false;
  let delay = 500;
  let ping: ReturnType<typeof setInterval> | undefined;

  const setOpen = (value: boolean) => {
    if (open === value) return;
    open = value;
    for (const listener of stateListeners) listener(value);
  };

  function connect(): void {
    const url = new URL(path, location.href);
    url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
    // A paired phone or tablet proves itself with a subprotocol; tokens never go in URLs.
    const token = pairedToken();
    const ws = new WebSocket(url, token ? ["guimi.v1", `bearer.${token}`] : ["guimi.v1"]);
    socket = ws;
    ws.onopen = () => {
      delay = 500;
      setOpen(true);
      clearInterval(ping);
      ping = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ type: "ping" })), 25_000);
    };
    ws.onmessage = (message) => {
      let event: ServerEvent;
      try {
        event = JSON.parse(String(message.data)) as ServerEvent;
      } catch {
        return;
      }
      for (const listener of listeners) listener(event);
    };
    ws.onclose = () => {
      clearInterval(ping);
      setOpen(false);
      if (socket !== ws) return;
      setTimeout(connect, delay + Math.random() * 250);
      delay = Math.min(delay * 2, 15_000);
    };
    ws.onerror = () => ws.close();
  }

  connect();
  return {
    send(message) {
      if (!socket || socket.readyState !== WebSocket.OPEN) return false;
      socket.send(JSON.stringify(message));
      return true;
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    isOpen: () => open,
  };
}
