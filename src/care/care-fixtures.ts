// Test doubles for care: build a context from a few signals without any storage.
import type { CareContext, CareDelivery, LoggedSignal } from "./care-context.js";
import { defaultCareSettings } from "./care-context.js";
import type { CareSignal } from "./care-signal.js";
import { utteranceTags } from "./utterance-tags.js";

export const SHANGHAI = 480;

/** Logged signals from plain ones (ISO strings with offsets are fine for `at`). */
export function logged(signals: (Omit<CareSignal, "at"> & { at: string | Date })[], offset = SHANGHAI): LoggedSignal[] {
  return signals
    .map((s, i) => {
      const at = new Date(s.at);
      if (s.type === "utterance") return { type: "utterance", at, lang: (s as { lang?: "zh" | "en" }).lang ?? "zh", tags: utteranceTags((s as { text: string }).text), id: i + 1, offset } as LoggedSignal;
      return { ...s, at, id: i + 1, offset } as LoggedSignal;
    })
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

export function delivery(rule: string, at: string, extra: Partial<CareDelivery> = {}): CareDelivery {
  return { id: 0, at: new Date(at), offset: SHANGHAI, rule, key: null, group: null, priority: "normal", reason: "", text: "", lang: "zh", messageId: null, respondedAt: null, ...extra };
}

export function careContext(now: string, partial: Partial<CareContext> = {}): CareContext {
  return {
    now: new Date(now),
    offset: SHANGHAI,
    signals: [],
    deliveries: [],
    quietHours: { start: "23:30", end: "07:30" },
    doNotDisturb: false,
    lang: "zh",
    care: defaultCareSettings,
    mood: { lowStreakDays: 0, todayValence: null, todayCount: 0, currentValence: 0, currentConfidence: 0 },
    events: [],
    crisis: null,
    seed: 7,
    ...partial,
  };
}
