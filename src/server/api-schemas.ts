// Request bodies of the public API, validated at the edge. The OpenAPI document is generated from these.
import { z } from "zod";
import { MAX_MESSAGE_CHARS } from "../conversation/conversation-service.js";
export { chatRequestSchema, pageQuerySchema, stopRequestSchema } from "../conversation/conversation-api-schema.js";

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
