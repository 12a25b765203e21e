// Guimi speaking first (a reminder ringing, care, a greeting, an assistant over MCP): stored in the
// conversation with its rule and reason, so "why did you say that?" has an answer, then sent to every screen.
import type { EventBus, GuimiEvents } from "../kernel/event-bus.js";
import { DEFAULT_CONVERSATION } from "./conversation-service.js";
import type { MessageStore } from "./message-store.js";

export type Delivery = Omit<GuimiEvents["care-message"], "messageId" | "at">;

export function createDeliver(deps: { store: MessageStore; bus: Pick<EventBus, "emit">; now: () => Date }): (message: Delivery) => number {
  return (message) => {
    const at = deps.now();
    const messageId = deps.store.add(DEFAULT_CONVERSATION, "care", message.text, at, message.lang === "en" ? "en" : "zh", {
      kind: message.kind,
      rule: message.rule,
      reason: message.reason,
      ...(message.reminderId ? { reminderId: message.reminderId } : {}),
      // Something she can accept with 好 / yes (media plays it): see src/media/media-offer.ts.
      ...(message.offer ? { offer: message.offer } : {}),
    });
    deps.bus.emit("message-created", { conversationId: DEFAULT_CONVERSATION, messageId, role: "care", text: message.text, at: at.toISOString() });
    deps.bus.emit("care-message", { ...message, messageId, at: at.toISOString() });
    return messageId;
  };
}
