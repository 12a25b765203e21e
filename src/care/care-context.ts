// What a rule sees: the recent signal log, what Guimi already said, settings, mood and remembered
// events, all as data, plus facts derived from them once per evaluation (sessions, presence).
// Everything here is pure: `now` is a field, never a clock read.
import type { CareLang } from "./care-wording.js";
import type { ActivityKind, CareSignal } from "./care-signal.js";
import { isPresence } from "./care-signal.js";
import type { UtteranceTag } from "./utterance-tags.js";
import { HOUR, MINUTE, inDailyWindow, localTime, parseClock, type LocalTime } from "./local-time.js";

/** A signal as logged: utterances keep tags, not text. */
export type LoggedSignal = (Exclude<CareSignal, { type: "utterance" }> | { type: "utterance"; at: Date; lang: CareLang; tags: UtteranceTag[] }) & {
  id: number;
  /** Her UTC offset in minutes when it came. */
  offset: number;
};

export type CarePriority = "high" | "normal" | "low";

/** Something Guimi said first, as remembered for restraint. */
export interface CareDelivery {
  id: number;
  at: Date;
  offset: number;
  rule: string;
  key: string | null;
  group: string | null;
  priority: CarePriority;
  reason: string;
  text: string;
  lang: CareLang;
  messageId: number | null;
  respondedAt: Date | null;
}

export interface CareSettings {
  /** Optional cycle tracking (off by default): last period start (YYYY-MM-DD) and cycle length. */
  cycle: { enabled: boolean; lastStart: string | null; lengthDays: number };
  /** Where to ask for weather (only used when the weather connection is enabled). */
  weatherLocation: { latitude: number; longitude: number } | null;
  /** Most proactive messages a day. */
  dailyBudget: number;
}

export const defaultCareSettings: CareSettings = {
  cycle: { enabled: false, lastStart: null, lengthDays: 28 },
  weatherLocation: null,
  dailyBudget: 6,
};

export interface RememberedEvent {
  id: string;
  /** What it was: "面试", "interview", or the remembered sentence. */
  title: string;
  noun: string | null;
  at: Date;
  source: "memory" | "calendar";
}

export interface CareContext {
  now: Date;
  /** Her current UTC offset in minutes. */
  offset: number;
  /** Recent signals, oldest first (about two weeks). */
  signals: readonly LoggedSignal[];
  /** Recent care messages, oldest first. */
  deliveries: readonly CareDelivery[];
  quietHours: { start: string; end: string };
  doNotDisturb: boolean;
  lang: CareLang;
  care: CareSettings;
  mood: { lowStreakDays: number; todayValence: number | null; todayCount: number; currentValence: number; currentConfidence: number };
  events: readonly RememberedEvent[];
  crisis: { risk: "possible" | "high"; at: Date } | null;
  seed: number;
}

export interface ActivitySession {
  kind: ActivityKind;
  start: number;
  end: number;
  offset: number;
  /** Still going at `now`. */
  open: boolean;
}

export interface CareFacts {
  local: LocalTime;
  deviceOn: boolean;
  sessions: ActivitySession[];
  current: ActivitySession | null;
  /** She is doing something right now (working, on a screen, talking, touching). */
  activeNow: boolean;
  /** She has been around in the last half hour. */
  around: boolean;
  inQuietHours: boolean;
  lastUtterance: Extract<LoggedSignal, { type: "utterance" }> | null;
}

/** A session with no update for this long is taken to have ended (a device stopped reporting). */
export const SESSION_TIMEOUT_MS = 8 * HOUR;
const ACTIVE_WINDOW_MS = 10 * MINUTE;
const AROUND_WINDOW_MS = 30 * MINUTE;

export function activitySessions(signals: readonly LoggedSignal[], now: number): ActivitySession[] {
  const sessions: ActivitySession[] = [];
  const boundaries = signals.filter((s) => s.at.getTime() <= now && (s.type === "activity" || (s.type === "device.power" && s.state === "off")));
  for (let i = 0; i < boundaries.length; i++) {
    const signal = boundaries[i]!;
    if (signal.type !== "activity") continue;
    const start = signal.at.getTime();
    const next = boundaries[i + 1]?.at.getTime() ?? Infinity;
    const end = Math.min(next, start + SESSION_TIMEOUT_MS, now);
    const open = next === Infinity && start + SESSION_TIMEOUT_MS > now;
    const previous = sessions.at(-1);
    // A heartbeat of the same activity continues the session.
    if (previous && previous.kind === signal.kind && previous.end === start) {
      previous.end = end;
      previous.open = open;
    } else sessions.push({ kind: signal.kind, start, end, offset: signal.offset, open });
  }
  return sessions;
}

export function deviceIsOn(signals: readonly LoggedSignal[], now: number): boolean {
  for (let i = signals.length - 1; i >= 0; i--) {
    const s = signals[i]!;
    if (s.type === "device.power" && s.at.getTime() <= now) return s.state === "on";
  }
  return true;
}

export function inQuietHours(minutes: number, quiet: { start: string; end: string }): boolean {
  return inDailyWindow(minutes, parseClock(quiet.start), parseClock(quiet.end));
}

export function deriveFacts(ctx: CareContext): CareFacts {
  const now = ctx.now.getTime();
  const sessions = activitySessions(ctx.signals, now);
  const last = sessions.at(-1);
  const current = last && last.open ? last : null;
  let lastPresence = -Infinity;
  let lastUtterance: CareFacts["lastUtterance"] = null;
  for (const s of ctx.signals) {
    if (s.at.getTime() > now) continue;
    if (isPresence(s as CareSignal) || s.type === "phone.alarm_set") lastPresence = Math.max(lastPresence, s.at.getTime());
    if (s.type === "utterance") lastUtterance = s;
  }
  const busy = current !== null && current.kind !== "idle";
  const local = localTime(now, ctx.offset);
  return {
    local,
    deviceOn: deviceIsOn(ctx.signals, now),
    sessions,
    current,
    activeNow: busy || now - lastPresence <= ACTIVE_WINDOW_MS,
    around: busy || now - lastPresence <= AROUND_WINDOW_MS,
    inQuietHours: inQuietHours(local.minutes, ctx.quietHours),
    lastUtterance,
  };
}
