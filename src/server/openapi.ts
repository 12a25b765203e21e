// The OpenAPI 3.1 document for /api/v1, with request bodies generated from the zod schemas the server validates with.
import { VERSION } from "../version.js";
import { chatRequestSchema, stopRequestSchema } from "./api-schemas.js";
import { describeApiPaths, describedApiPaths, jsonBody } from "../kernel/openapi-paths.js";

export { describeApiPaths, jsonBody };

const ok = (description: string) => ({ description, content: { "application/json": {} } });
const errors = {
  "400": { description: "Bad input; the message names the field" },
  "404": { description: "Not found" },
};

export function buildOpenApiDocument(): object {
  return {
    openapi: "3.1.0",
    info: {
      title: "Guimi API",
      version: VERSION,
      description:
        "The companion daemon's public API. Loopback clients need no token; paired devices send `Authorization: Bearer <token>`. " +
        "WebSocket at /api/v1/ws: send {type:'chat',text,conversationId?} or {type:'stop'}; receive reply-start, reply-delta, reply-end, message-created and later proactive events.",
    },
    servers: [{ url: "/api/v1" }],
    paths: {
      "/health": { get: { summary: "Liveness", responses: { "200": ok("ok and version") } } },
      "/status": { get: { summary: "Model state, time zone, persona name, uptime", responses: { "200": ok("status") } } },
      "/chat": {
        post: {
          summary: "One conversation turn",
          description: "JSON by default; a server-sent event stream (reply-start, reply-delta…, reply-end) with `stream: true` or `Accept: text/event-stream`.",
          requestBody: jsonBody(chatRequestSchema),
          responses: { "200": { description: "The turn result, or an SSE stream", content: { "application/json": {}, "text/event-stream": {} } }, ...errors },
        },
      },
      "/chat/stop": { post: { summary: "Stop the reply in flight", requestBody: jsonBody(stopRequestSchema), responses: { "200": ok("{stopped}") } } },
      "/conversations": { get: { summary: "Conversations, most recent first", responses: { "200": ok("list") } } },
      "/conversations/{id}/messages": {
        get: {
          summary: "Messages of a conversation, oldest first; page back with `before`",
          parameters: [
            { name: "id", in: "path", required: true, schema: { type: "string" } },
            { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 500 } },
            { name: "before", in: "query", schema: { type: "integer" } },
          ],
          responses: { "200": ok("messages"), ...errors },
        },
      },
      "/conversations/{id}": { delete: { summary: "Erase a conversation", responses: { "200": ok("deleted"), ...errors } } },
      "/messages/{id}": { delete: { summary: "Erase one message", responses: { "200": ok("deleted"), ...errors } } },
      "/ledger": { get: { summary: "Outbound connections: when, where, why, how many bytes", responses: { "200": ok("entries") } } },
      "/persona": {
        get: { summary: "The persona (name, style, topics to avoid, boundaries)", responses: { "200": ok("persona") } },
        put: { summary: "Replace the persona", responses: { "200": ok("persona"), ...errors } },
      },
      "/ws": { get: { summary: "WebSocket upgrade for streamed replies and proactive messages", responses: { "101": { description: "Switching protocols" } } } },
      ...describedApiPaths(),
    },
  };
}
