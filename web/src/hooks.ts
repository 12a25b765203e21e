// Data hooks shared by screens. Routes that are not served yet (404) report "missing", never fake data.
import { useCallback, useEffect, useState } from "preact/hooks";
import {
  CARE_LIMIT_MAX,
  getCare,
  getMood,
  getReminders,
  getWeather,
  isMissing,
  type CareMessage,
  type Message,
  type MoodReport,
  type Reminder,
  type Weather,
} from "./api";
import { useApp } from "./store";

export type Loadable<T> = { state: "loading" } | { state: "missing" } | { state: "error"; message: string } | { state: "ready"; value: T };

export function useReminders(): { reminders: Loadable<Reminder[]>; reload: () => void } {
  const [reminders, setReminders] = useState<Loadable<Reminder[]>>({ state: "loading" });
  const reload = useCallback(() => {
    getReminders().then(
      (value) => setReminders({ state: "ready", value }),
      (error: Error) => setReminders(isMissing(error) ? { state: "missing" } : { state: "error", message: error.message }),
    );
  }, []);
  const { notices } = useApp();
  useEffect(reload, [reload, notices.length]);
  return { reminders, reload };
}

/** The next reminder to ring: the earliest nextAt among active ones. */
export function nextReminder(reminders: Reminder[]): Reminder | null {
  let best: Reminder | null = null;
  for (const reminder of reminders) {
    if (reminder.status !== "active") continue;
    const at = reminder.nextAt ?? reminder.snoozedUntil ?? reminder.dueAt;
    if (!at) continue;
    if (!best || at < (best.nextAt ?? best.snoozedUntil ?? best.dueAt)) best = reminder;
  }
  return best;
}

/** Whether a stored chat message is a care message (not a reminder ringing). */
export const isCareChatMessage = (m: Message): boolean => m.role === "care" && m.meta?.kind !== "reminder" && m.meta?.kind !== "missed-reminder";

function fromChat(m: Message): CareMessage {
  const meta = m.meta ?? {};
  return {
    id: `m${m.id}`,
    at: m.createdAt,
    rule: typeof meta.rule === "string" ? meta.rule : "",
    reason: typeof meta.reason === "string" ? meta.reason : "",
    text: m.text,
    lang: m.lang ?? "zh",
    messageId: m.id,
    respondedAt: null,
  };
}

/**
 * The care feed: GET /care (the care engine's messages with rule and reason), newest first, plus care
 * messages that reached the page some other way (live over the WebSocket, or in the loaded chat) and
 * are not in that list. The API takes only a limit, so "more" asks again with a larger one.
 */
export function useCareFeed(pageSize = 20): { care: Loadable<CareMessage[]>; hasMore: boolean; more: () => void } {
  const { liveCare, messages } = useApp();
  const [limit, setLimit] = useState(pageSize);
  const [served, setServed] = useState<Loadable<CareMessage[]>>({ state: "loading" });
  const liveKey = liveCare.map((c) => c.id).join();
  useEffect(() => {
    let alive = true;
    getCare(limit).then(
      (value) => alive && setServed({ state: "ready", value }),
      (error: Error) => alive && setServed(isMissing(error) ? { state: "missing" } : { state: "error", message: error.message }),
    );
    return () => {
      alive = false;
    };
  }, [limit, liveKey]);
  const chatCare = messages.filter(isCareChatMessage).map(fromChat);
  if (served.state !== "ready" && served.state !== "missing") return { care: served, hasMore: false, more: () => undefined };
  const list = served.state === "ready" ? served.value : [];
  const seen = new Set(list.map((c) => c.messageId).filter((id) => id !== null));
  const extra = [...liveCare, ...chatCare].filter((c) => {
    if (c.messageId !== null && seen.has(c.messageId)) return false;
    if (c.messageId !== null) seen.add(c.messageId);
    return true;
  });
  // Merge the served reason into what came live (the live copy may lack it) and sort newest first.
  const all = [...list, ...extra].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return {
    care: { state: "ready", value: all },
    hasMore: served.state === "ready" && served.value.length >= limit && limit < CARE_LIMIT_MAX,
    more: () => setLimit((n) => Math.min(CARE_LIMIT_MAX, n + pageSize)),
  };
}

/** Weather only when the server has some (a phone's signal or the opt-in connection); null hides the card. */
export function useWeather(): Weather | null {
  const [weather, setWeather] = useState<Weather | null>(null);
  useEffect(() => {
    let alive = true;
    const load = () =>
      getWeather().then(
        (value) => alive && setWeather(value && typeof value.condition === "string" && value.condition ? value : null),
        () => alive && setWeather(null), // 404 (no weather route yet) or offline: nothing is shown
      );
    load();
    const timer = setInterval(load, 5 * 60_000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, []);
  return weather;
}

/** Current mood and the daily trend; reloads when the server says the mood changed. */
export function useMood(days = 7): Loadable<MoodReport> {
  const { moodTick } = useApp();
  const [mood, setMood] = useState<Loadable<MoodReport>>({ state: "loading" });
  useEffect(() => {
    let alive = true;
    getMood(days).then(
      (value) => alive && setMood({ state: "ready", value }),
      (error: Error) => alive && setMood(isMissing(error) ? { state: "missing" } : { state: "error", message: error.message }),
    );
    return () => {
      alive = false;
    };
  }, [days, moodTick]);
  return mood;
}
