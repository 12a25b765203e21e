// What a rule sees: the recent signal log, what Guimi already said, settings, mood and remembered
// events, all as data, plus facts derived from them once per evaluation (sessions, presence).
// Everything here is pure: `now` is a field, never a clock read.
import type { Lang } from "../kernel/lang.js";
import type { ActivityKind, CareSignal } from "./care-signal.js";
import { isPresence } from "./care-signal.js";
import type { UtteranceTag } from "./utterance-tags.js";
import { HOUR, MINUTE, inDailyWindow, localTime, parseClock, type LocalTime } from "./local-time.js";
import type { CareOffer, CareOffers } from "./care-offers.js";

/** A signal as logged: utterances keep tags, not text. */
export type LoggedSignal = (
  | Exclude<CareSignal, { type: "utterance" }>
  /** `valence`: her fused mood just after she said it (-1..1), when known. */
  | { type: "utterance"; at: Date; lang: Lang; tags: UtteranceTag[]; valence?: number }
) & {
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
  lang: Lang;
  messageId: number | null;
  respondedAt: Date | null;
  /** What it offered to do (play, lamp), if anything: a "yes" soon after is routed to it. */
  offer?: CareOffer | null;
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
  lang: Lang;
  care: CareSettings;
  mood: { lowStreakDays: number; todayValence: number | null; todayCount: number; currentValence: number; currentConfidence: number };
  events: readonly RememberedEvent[];
  crisis: { risk: "possible" | "high"; at: Date } | null;
  /** What the device can do for her right now (music, sleep sounds, lamp): only these are offered. */
  offers: CareOffers;
  /** People she has told Guimi about (from memory), most important first. */
  people: readonly KnownPerson[];
  seed: number;
}

/** Someone she mentioned (memory kind "person"): "好朋友" + "小林". */
export interface KnownPerson {
  relation: string;
  name: string;
  /** When she last said something about them. */
  saidAt: Date;
}

export interface ActivitySession {
  kind: ActivityKind;
  start: number;
  /** Where the evidence ends: the next report, power-off, or the horizon after the last report. */
  end: number;
  offset: number;
  /** Still going at `now`. */
  open: boolean;
  /** Reports of this activity that back the session (heartbeats). */
  reports: number;
  /** The latest of them. */
  lastReport: number;
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

/**
 * How long one report of an activity is taken to last with no further news (a laptop that went to sleep
 * says nothing): a session ends at the next report of another activity, at power-off, or this long after
 * its latest report. A long session therefore needs repeated reports; one `work` at 18:00 is not "still
 * working" at 23:31.
 */
export const EVIDENCE_HORIZON_MS = 4 * HOUR;
const ACTIVE_WINDOW_MS = 10 * MINUTE;
const AROUND_WINDOW_MS = 30 * MINUTE;

export function activitySessions(signals: readonly LoggedSignal[], now: number): ActivitySession[] {
  const sessions: ActivitySession[] = [];
  let current: ActivitySession | null = null;
  // The session's evidence so far: its latest report, or her presence (talking, touching) while at it.
  let evidence = -Infinity;
  const close = (at: number) => {
    if (!current) return;
    current.end = Math.min(at, evidence + EVIDENCE_HORIZON_MS);
    current.open = false;
    current = null;
  };
  for (const signal of signals) {
    const at = signal.at.getTime();
    if (at > now) break;
    if (signal.type === "activity") {
      if (current && current.kind === signal.kind && evidence + EVIDENCE_HORIZON_MS >= at) {
        // A heartbeat of the same activity continues the session.
        current.reports += 1;
        current.lastReport = at;
        evidence = at;
        continue;
      }
      close(at);
      current = { kind: signal.kind, start: at, end: at, offset: signal.offset, open: true, reports: 1, lastReport: at };
      sessions.push(current);
      evidence = at;
    } else if (signal.type === "device.power" && signal.state === "off") close(at);
    else if (current && current.kind !== "idle" && isPresence(signal as CareSignal) && evidence + EVIDENCE_HORIZON_MS >= at) evidence = at;
  }
  if (current) {
    const c = current as ActivitySession;
    c.end = Math.min(now, evidence + EVIDENCE_HORIZON_MS);
    c.open = evidence + EVIDENCE_HORIZON_MS > now;
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
