// Test doubles for care: build a context from a few signals without any storage.
import type { Lang } from "../kernel/lang.js";
import type { CareContext, CareDelivery, LoggedSignal } from "./care-context.js";
import { defaultCareSettings } from "./care-context.js";
import type { CareSignal } from "./care-signal.js";
import { utteranceTags } from "./utterance-tags.js";
import { noOffers } from "./care-offers.js";

export const SHANGHAI = 480;

/** A signal with `at` as an ISO string (or Date); utterances may omit `lang`. */
export type SignalInput = CareSignal extends infer S
  ? S extends { type: "utterance" }
    ? { type: "utterance"; at: string | Date; text: string; lang?: Lang }
    : S extends CareSignal
      ? Omit<S, "at"> & { at: string | Date }
      : never
  : never;

/** Logged signals from plain ones (ISO strings with offsets are fine for `at`). */
export function logged(signals: SignalInput[], offset = SHANGHAI): LoggedSignal[] {
  return signals
    .map((s, i) => {
      const at = new Date(s.at);
      if (s.type === "utterance") return { type: "utterance", at, lang: s.lang ?? "zh", tags: utteranceTags(s.text), id: i + 1, offset } as LoggedSignal;
      return { ...s, at, id: i + 1, offset } as LoggedSignal;
    })
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

export function delivery(rule: string, at: string, extra: Partial<CareDelivery> = {}): CareDelivery {
  return {
    id: 0,
    at: new Date(at),
    offset: SHANGHAI,
    rule,
    key: null,
    group: null,
    priority: "normal",
    reason: "",
    text: "",
    lang: "zh",
    messageId: null,
    respondedAt: null,
    ...extra,
  };
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
    offers: noOffers,
    people: [],
    seed: 7,
    ...partial,
  };
}
