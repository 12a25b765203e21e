// Data hooks shared by screens. Routes that are not served yet (404) report "missing", never fake data.
import { useCallback, useEffect, useState } from "preact/hooks";
import { getConversations, getMessages, getReminders, getWeather, isMissing, type Message, type Reminder, type Weather } from "./api";
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

/** Every proactive message (role "care") of the most recent conversations, newest first. */
export function useCareMessages(): { care: Loadable<Message[]>; reload: () => void } {
  const { notices, messages } = useApp();
  const [care, setCare] = useState<Loadable<Message[]>>({ state: "loading" });
  const reload = useCallback(() => {
    (async () => {
      const conversations = (await getConversations()).slice(0, 12);
      const pages = await Promise.all(conversations.map((c) => getMessages(c.id, { limit: 200 }).catch(() => [] as Message[])));
      const all = pages.flat().filter((m) => m.role === "care");
      all.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.id - a.id));
      return all;
    })().then(
      (value) => setCare({ state: "ready", value }),
      (error: Error) => setCare({ state: "error", message: error.message }),
    );
  }, []);
  const careInView = messages.filter((m) => m.role === "care").length;
  useEffect(reload, [reload, notices.length, careInView]);
  return { care, reload };
}

/** Weather only when a weather source answers with something to show; otherwise null (the card hides). */
export function useWeather(enabled: boolean): Weather | null {
  const [weather, setWeather] = useState<Weather | null>(null);
  useEffect(() => {
    if (!enabled) {
      setWeather(null);
      return;
    }
    let alive = true;
    const load = () =>
      getWeather().then(
        (value) => alive && setWeather(value && (value.summary || value.condition || typeof value.temperatureC === "number") ? value : null),
        () => alive && setWeather(null),
      );
    load();
    const timer = setInterval(load, 15 * 60_000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [enabled]);
  return weather;
}
