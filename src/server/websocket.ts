// /api/v1/ws: every screen and client sees the same stream of events; clients can chat and stop.
// The upgrade passes the same edge guard as every HTTP route (Host, Origin, peer, token). A malformed
// frame (too large, invalid UTF-8, a reserved opcode, an oversize control frame) closes that one socket;
// it never reaches the process.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { GuimiApp } from "../app/guimi-app.js";
import type { GuimiEventName } from "../kernel/event-bus.js";
import { formatZodError, GuimiError, InputError, NotFoundError } from "../errors.js";
import { MAX_MESSAGE_CHARS } from "../conversation/conversation-service.js";
import { wsClientMessageSchema } from "./api-schemas.js";
import { EdgeError, rawHttpError, wsErrorFrame } from "./api-errors.js";
import type { ApiClient, EdgeGuard } from "./edge-guard.js";

const forwarded: GuimiEventName[] = ["message-created", "reply-start", "reply-delta", "reply-end", "care-message", "mood-changed", "media-changed"];
export const WS_PATH = "/api/v1/ws";
export const WS_PROTOCOL = "guimi.v1";
/** The largest chat message (every character escaped as \uXXXX) plus its envelope. */
const CHAT_FRAME_BYTES = MAX_MESSAGE_CHARS * 6 + 512;
/** Per message type; the socket's maxPayload is the largest of them, so ws refuses bigger frames unread. */
const maxBytesByType: Record<string, number> = { chat: CHAT_FRAME_BYTES, stop: 512, ping: 128 };
export const WS_MAX_PAYLOAD = Math.max(...Object.values(maxBytesByType));
const MAX_CLIENTS = 64;
const SWEEP_MS = 15_000;
/** Close code for a revoked device (application range 4000–4999). */
export const CLOSE_REVOKED = 4401;

export function createWebSocketHub(app: GuimiApp, guard: EdgeGuard) {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: WS_MAX_PAYLOAD,
    // Only our protocol is ever echoed back: the bearer.<token> entry stays with the client.
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  const clients = new Map<WebSocket, ApiClient>();
  const unsubscribers = forwarded.map((name) =>
    app.bus.on(name, (payload) => {
      const frame = JSON.stringify({ type: name, ...payload });
      for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(frame);
    }),
  );
  // A revoked device is disconnected at once, not at its next request.
  unsubscribers.push(
    app.devices.onRevoke((deviceId) => {
      for (const [socket, client] of clients) if (client.kind === "device" && client.device.id === deviceId) socket.close(CLOSE_REVOKED, "device revoked");
    }),
  );

  // A device revoked by another process (the CLI with no daemon in reach) is noticed within a sweep.
  const sweep = setInterval(() => {
    const paired = new Set(app.devices.list().map((d) => d.id));
    for (const [socket, client] of clients) if (client.kind === "device" && !paired.has(client.device.id)) socket.close(CLOSE_REVOKED, "device revoked");
  }, SWEEP_MS);
  sweep.unref();

  function reply(socket: WebSocket, frame: string): void {
    if (socket.readyState === socket.OPEN) socket.send(frame);
  }

  wss.on("connection", (socket: WebSocket, _request: IncomingMessage, client: ApiClient) => {
    clients.set(socket, client);
    // ws reports protocol violations here and closes the socket (1002/1007/1009); without a listener
    // the error would be thrown and take the daemon down.
    socket.on("error", () => socket.terminate());
    socket.on("close", () => clients.delete(socket));
    reply(socket, JSON.stringify({ type: "hello", model: app.modelState(), persona: app.persona().name }));
    socket.on("message", (data, isBinary) => {
      if (isBinary) return reply(socket, wsErrorFrame(new InputError("expected a JSON text message")));
      const bytes = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : (data as Buffer).byteLength;
      let raw: unknown;
      try {
        raw = JSON.parse(data.toString());
      } catch {
        return reply(socket, wsErrorFrame(new InputError("expected a JSON message")));
      }
      const type = typeof raw === "object" && raw !== null ? (raw as { type?: unknown }).type : undefined;
      const limit = typeof type === "string" ? maxBytesByType[type] : undefined;
      if (limit !== undefined && bytes > limit) return reply(socket, wsErrorFrame(new EdgeError(`${type}: message larger than ${limit} bytes`, "too-large")));
      const parsed = wsClientMessageSchema.safeParse(raw);
      if (!parsed.success) return reply(socket, wsErrorFrame(new InputError(formatZodError(parsed.error))));
      const message = parsed.data;
      if (message.type === "ping") reply(socket, JSON.stringify({ type: "pong" }));
      else if (message.type === "stop") app.conversation.stop(message.conversationId);
      else app.conversation.turn({ text: message.text, conversationId: message.conversationId }).catch((error: unknown) => reply(socket, wsErrorFrame(error)));
    });
  });

  return {
    handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
      // Node stops watching the raw socket once it is handed here: a reset must not become an uncaught error.
      socket.on("error", () => socket.destroy());
      const refuse = (error: unknown) => {
        if (!socket.writable) return void socket.destroy();
        // end() lets the answer reach the client; the timer makes sure a silent peer cannot hold the socket.
        socket.end(rawHttpError(error));
        setTimeout(() => socket.destroy(), 1000).unref();
      };
      let client: ApiClient | null;
      try {
        const facts = guard.upgradeFacts(request);
        client = guard.admit(facts);
        if (facts.path !== WS_PATH) throw new NotFoundError(`no WebSocket at ${facts.path}; use ${WS_PATH}`);
        if (!client) throw new NotFoundError(`no WebSocket at ${facts.path}`);
        if (clients.size >= MAX_CLIENTS) throw new GuimiError(`too many screens connected (${MAX_CLIENTS}); close one`, "unavailable");
      } catch (error) {
        refuse(error);
        return;
      }
      const admitted = client;
      try {
        wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, request, admitted));
      } catch (error) {
        refuse(error);
      }
    },
    /** How many sockets are open (for tests and /status). */
    size: () => clients.size,
    close(): void {
      clearInterval(sweep);
      for (const off of unsubscribers) off();
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
