// /api/v1/ws: every screen and client sees the same stream of events; clients can chat and stop.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { GuimiApp } from "../app/guimi-app.js";
import type { GuimiEventName } from "../app/event-bus.js";
import { formatZodError } from "../errors.js";
import { wsClientMessageSchema } from "./api-schemas.js";
import { isLoopback } from "./remote-access.js";

const forwarded: GuimiEventName[] = ["message-created", "reply-start", "reply-delta", "reply-end", "care-message", "mood-changed", "media-changed"];
const MAX_FRAME = 64 * 1024;

export function createWebSocketHub(app: GuimiApp) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME });
  const unsubscribers = forwarded.map((name) =>
    app.bus.on(name, (payload) => {
      const frame = JSON.stringify({ type: name, ...payload });
      for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(frame);
    }),
  );

  wss.on("connection", (socket: WebSocket) => {
    socket.send(JSON.stringify({ type: "hello", model: app.modelState(), persona: app.persona().name }));
    socket.on("message", (data) => {
      let raw: unknown;
      try {
        raw = JSON.parse(data.toString());
      } catch {
        socket.send(JSON.stringify({ type: "error", message: "expected a JSON message" }));
        return;
      }
      const parsed = wsClientMessageSchema.safeParse(raw);
      if (!parsed.success) {
        socket.send(JSON.stringify({ type: "error", message: formatZodError(parsed.error) }));
        return;
      }
      const message = parsed.data;
      if (message.type === "ping") socket.send(JSON.stringify({ type: "pong" }));
      else if (message.type === "stop") app.conversation.stop(message.conversationId);
      else
        app.conversation.turn({ text: message.text, conversationId: message.conversationId }).catch((error: Error) => {
          socket.send(JSON.stringify({ type: "error", message: error.message }));
        });
    });
  });

  return {
    handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
      const url = new URL(request.url ?? "/", "http://localhost");
      const remote = request.socket.remoteAddress ?? "";
      const token = url.searchParams.get("token") ?? request.headers.authorization?.replace(/^Bearer\s+/i, "");
      if (url.pathname !== "/api/v1/ws" || (!isLoopback(remote) && token !== app.pairingToken())) {
        socket.write(`HTTP/1.1 ${url.pathname !== "/api/v1/ws" ? "404 Not Found" : "401 Unauthorized"}\r\nConnection: close\r\n\r\n`);
        socket.destroy();
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, request));
    },
    close(): void {
      for (const off of unsubscribers) off();
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
