// Fast-path intents: skills that answer a turn without the model, in milliseconds (crisis care first,
// reminders, "forget that", lights, music…). Every capability may contribute some.
import type { Lang } from "./lang.js";

export interface TurnInput {
  conversationId: string;
  text: string;
  lang: Lang;
  now: Date;
  userMessageId: number;
}

/** A skill that answers without the model, in milliseconds; null when the message is not for it. */
export type IntentHandler = (turn: TurnInput) => Promise<FastReply | null> | FastReply | null;

export interface FastReply {
  text: string;
  /** Which skill answered: "reminder", "crisis", "memory"… */
  source: string;
  meta?: Record<string, unknown>;
}
