// In-process events, named noun-verb, that the WebSocket, the CLI and later the care engine listen to.
import { EventEmitter } from "node:events";
import type { OfferedAction } from "./offered-action.js";

export interface GuimiEvents {
  "message-created": { conversationId: string; messageId: number; role: "user" | "assistant" | "care"; text: string; at: string };
  "reply-start": { conversationId: string; replyId: number | null; userMessageId: number; lang: string; source: string };
  "reply-delta": { conversationId: string; replyId: number | null; text: string };
  "reply-end": { conversationId: string; replyId: number | null; text: string; finish: string; source: string; expression?: string };
  "mood-changed": { mood: Record<string, unknown> & { label: string; valence: number; arousal: number; confidence: number }; expression: string };
  /** Something Guimi says first: a reminder ringing, care. `rule` and `reason` answer "why did you say that?". */
  /** The device's speaker started or stopped saying something (for "speaking" on the home bus). */
  speech: { speaking: boolean };
  "care-message": {
    messageId: number;
    kind: "reminder" | "missed-reminder" | "care";
    rule: string;
    reason: string;
    text: string;
    lang: string;
    at: string;
    reminderId?: string /** What a care message offered to do; a "yes" soon after is routed to it. */;
    offer?: OfferedAction | Record<string, unknown>;
  };
  /** What plays now changed (state, song, timer, meditation step): the media capability's status. */
  "media-changed": { state: string; [key: string]: unknown };
}

export type GuimiEventName = keyof GuimiEvents;

export class EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(100);

  emit<K extends GuimiEventName>(name: K, payload: GuimiEvents[K]): void {
    this.emitter.emit(name, payload);
  }

  on<K extends GuimiEventName>(name: K, listener: (payload: GuimiEvents[K]) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}
