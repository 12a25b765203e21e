// Request bodies of the public API, validated at the edge. The OpenAPI document is generated from these.
import { z } from "zod";
import { MAX_MESSAGE_CHARS } from "../conversation/conversation-service.js";
import { conversationIdSchema, rowIdSchema } from "../kernel/ids.js";

export const chatRequestSchema = z
  .object({
    text: z.string().min(1).max(MAX_MESSAGE_CHARS),
    conversationId: conversationIdSchema.optional(),
    /** Answer as a server-sent event stream (also chosen by `Accept: text/event-stream`). */
    stream: z.boolean().optional(),
  })
  .strict();

export const stopRequestSchema = z.object({ conversationId: conversationIdSchema.optional() }).strict();

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional(),
  before: rowIdSchema.optional(),
});

/** Messages a WebSocket client may send. */
export const wsClientMessageSchema = z.discriminatedUnion("type", [
  z
    .object({
      type: z.literal("chat"),
      text: z.string().min(1).max(MAX_MESSAGE_CHARS),
      conversationId: z
        .string()
        .regex(/^[A-Za-z0-9_.:-]{1,64}$/)
        .optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal("stop"),
      conversationId: z
        .string()
        .regex(/^[A-Za-z0-9_.:-]{1,64}$/)
        .optional(),
    })
    .strict(),
  z.object({ type: z.literal("ping") }).strict(),
]);
