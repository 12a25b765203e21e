// The shapes the memory capability deals in. Times are ISO-8601 UTC strings at rest.

export type MemoryKind = "message" | "fact" | "preference" | "person" | "event" | "feeling";
export const memoryKinds: readonly MemoryKind[] = ["message", "fact", "preference", "person", "event", "feeling"];

export type MemoryStatus = "active" | "superseded";

/** Where a memory came from: one message (its ref or id), who said it and when. */
export interface MemorySource {
  ref: string;
  at: string;
  speaker: string | null;
  role: "user" | "assistant" | null;
}

export interface Memory {
  id: string;
  kind: MemoryKind;
  text: string;
  /** People, places, titles and topic tags the memory is about. */
  entities: string[];
  /** Slot a newer memory can supersede, e.g. "residence", "job", "relation:mother". */
  subject: string | null;
  speaker: string | null;
  /** When the event happens or happened (events), else null. */
  eventAt: string | null;
  /** When it was first said: the earliest source time. */
  saidAt: string;
  /** 0..1 */
  importance: number;
  createdAt: string;
  updatedAt: string;
  status: MemoryStatus;
  supersededBy: string | null;
  supersededAt: string | null;
  sources: MemorySource[];
}

/** A message of a conversation, from live chat or an imported log. */
export interface ConversationMessage {
  ref: string;
  speaker: string;
  text: string;
  at: string | Date;
  role: "user" | "assistant";
}

/** What extraction proposes; consolidation decides whether it becomes a new memory. */
export interface MemoryCandidate {
  kind: MemoryKind;
  text: string;
  entities: string[];
  subject: string | null;
  speaker: string | null;
  eventAt: string | null;
  importance: number;
  sources: MemorySource[];
  /** True when the candidate is the whole message (the episode itself), not a clause drawn from it. */
  wholeMessage?: boolean;
}
