// The relationship capability: how close Guimi and she are (stage), how she asked to be talked to (nickname,
// notes) — in the system prompt, changed by her own words on the fast path, and in 我的数据.
import { defineCapability, type Capability } from "../kernel/capability.js";
import type { Db } from "../storage/database.js";
import { relationshipCategory } from "./relationship-data-category.js";
import { createRelationshipStore, type RelationshipStore } from "./relationship-store.js";
import { applyTalkPreference, parseTalkPreference, relationshipPromptLines, talkPreferenceReply } from "./relationship.js";

export interface RelationshipDeps {
  db: Db;
  now: () => Date;
  /** Her offset from UTC now, in minutes (days together are counted in her days). */
  offsetMinutes: () => number;
}

export interface RelationshipCapability extends Capability {
  store: RelationshipStore;
  /** Lines for the system prompt. The stage moves over weeks, so they are reread at most hourly (the prompt's cache stays). */
  promptLines(): string[];
  /** Forget the cached lines (she moved time zones, or her wishes changed). */
  refresh(): void;
}

export const relationshipCapability = defineCapability<RelationshipDeps, RelationshipCapability>({
  name: "relationship",
  create({ db, now, offsetMinutes }) {
    const store = createRelationshipStore(db, { offsetMinutes });
    let cached: { at: number; lines: string[] } | null = null;
    const refresh = () => {
      cached = null;
    };
    return {
      name: "relationship",
      store,
      refresh,
      promptLines() {
        const at = now().getTime();
        if (!cached || at - cached.at > 3_600_000) cached = { at, lines: relationshipPromptLines(store.state(now())) };
        return cached.lines;
      },
      intents: [
        (turn) => {
          const change = parseTalkPreference(turn.text, turn.lang);
          if (!change) return null;
          store.savePreferences(applyTalkPreference(store.preferences(), change), turn.now);
          refresh(); // the next turn opens the model context with her wish in the system prompt
          return { text: talkPreferenceReply(change, turn.lang), source: "relationship" };
        },
      ],
      dataCategories: [relationshipCategory(store, now, refresh)],
    };
  },
});
