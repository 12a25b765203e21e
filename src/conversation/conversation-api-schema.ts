// Request bodies of the conversation's routes, validated at the edge. The OpenAPI document is generated from these.
import { z } from "zod";
import { conversationIdSchema, rowIdSchema } from "../kernel/ids.js";
import { MAX_MESSAGE_CHARS } from "./conversation-service.js";

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
