// The conversation's routes under /api/v1: a turn as JSON or as a server-sent event stream, stopping the reply
// in flight, the conversations and their messages, and erasing them. Described in the OpenAPI document here.
import { streamSSE } from "hono/streaming";
import { sseErrorEvent } from "../kernel/api-errors.js";
import { readJson, readQuery, type ApiRouter } from "../kernel/http.js";
import { conversationIdSchema, parseId, rowIdSchema } from "../kernel/ids.js";
import { describeApiPaths, jsonBody } from "../kernel/openapi-paths.js";
import { GuimiError } from "../errors.js";
import { chatRequestSchema, pageQuerySchema, stopRequestSchema } from "./conversation-api-schema.js";
import type { ConversationService, TurnEvent } from "./conversation-service.js";
import type { MessageStore } from "./message-store.js";

const ok = (description: string) => ({ description, content: { "application/json": {} } });
const errors = {
  "400": { description: "Bad input; the message names the field" },
  "404": { description: "Not found" },
};

describeApiPaths({
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
});

export interface ConversationRoutesDeps {
  conversation: ConversationService;
  store: MessageStore;
  /** Erases one message through 我的数据, so memories that came only from it go too and screens hear of it. */
  removeMessage(id: string): void;
}

export function conversationRoutes({ conversation, store, removeMessage }: ConversationRoutesDeps): (api: ApiRouter) => void {
  return (api) => {
    api.post("/chat", async (c) => {
      const body = await readJson(c, chatRequestSchema);
      const wantsStream = body.stream ?? (c.req.header("accept") ?? "").includes("text/event-stream");
      if (!wantsStream) return c.json(await conversation.turn(body));
      return streamSSE(c, async (stream) => {
        const queue: TurnEvent[] = [];
        let wake: (() => void) | null = null;
        let finished = false;
        let failure: unknown = null;
        const turn = conversation
          .turn(body, (event) => {
            queue.push(event);
            wake?.();
          })
          .catch((error) => {
            failure = error;
          })
          .finally(() => {
            finished = true;
            wake?.();
          });
        // A client that hangs up stops the generation it asked for.
        stream.onAbort(() => {
          conversation.stop(body.conversationId);
        });
        while (!finished || queue.length > 0) {
          const event = queue.shift();
          if (event) await stream.writeSSE({ event: event.type, data: JSON.stringify(event) });
          else await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
        }
        await turn;
        if (failure) await stream.writeSSE(sseErrorEvent(failure));
      });
    });

    api.post("/chat/stop", async (c) => {
      const body = await readJson(c, stopRequestSchema);
      return c.json({ stopped: conversation.stop(body.conversationId) });
    });

    api.get("/conversations", (c) => c.json({ conversations: store.conversations() }));

    api.get("/conversations/:id/messages", (c) => {
      const page = readQuery(c, pageQuerySchema);
      return c.json({ messages: store.list(parseId(conversationIdSchema, c.req.param("id")), page) });
    });

    api.delete("/conversations/:id", (c) => {
      const conversationId = parseId(conversationIdSchema, c.req.param("id"));
      // Message by message first, so memories that came only from them go too.
      for (let page = store.list(conversationId, { limit: 500 }); page.length > 0; page = store.list(conversationId, { limit: 500 })) {
        for (const message of page) removeMessage(String(message.id));
      }
      if (!store.deleteConversation(conversationId)) throw new GuimiError(`no conversation ${conversationId}`, "not-found");
      return c.json({ deleted: true });
    });

    api.delete("/messages/:id", (c) => {
      removeMessage(String(parseId(rowIdSchema, c.req.param("id"))));
      return c.json({ deleted: true });
    });
  };
}
