// The care engine as the daemon runs it: records signals, gathers mood and remembered events, asks
// every rule, lets restraint decide, and says at most one thing per evaluation through `deliver`.
// The clock comes in as `now`; `start()` adds a minute timer for the daemon only.
import type { Lang } from "../kernel/lang.js";
import { migrate, type Db } from "../storage/database.js";
import type { Memory } from "../memory/memory-types.js";
import type { CareSignal } from "./care-signal.js";
import { isResponse } from "./care-signal.js";
import { deriveFacts, type CareContext, type CareDelivery, type CareSettings, type LoggedSignal, type RememberedEvent } from "./care-context.js";
import type { CareProposal, CareRule } from "./care-rule.js";
import { builtInRules, notableNoun } from "./care-rules.js";
import { defaultRestraint, restrain, type RestraintOptions, type Verdict } from "./care-restraint.js";
import { careMigrations, createCareStore, type CareStore } from "./care-store.js";
import { DAY, HOUR, MINUTE, localTime, offsetAt } from "./local-time.js";
import type { Weather } from "./weather.js";
import { lowMoodStreak, type DayMood } from "../mood/mood-trend.js";
import { readOffers, type CareOffer, type CareOffers } from "./care-offers.js";
import type { CareVoice } from "./care-voice.js";
import type { KnownPerson } from "./care-context.js";

export interface CareMessage {
  kind: "care";
  rule: string;
  reason: string;
  text: string;
  lang: Lang;
  /** What it offered to do, so a "好"/"yes" right after can be routed to the action. */
  offer?: CareOffer;
}

export interface CareEngineDeps {
  db: Db;
  now: () => Date;
  /** Says it (app.deliver): stored as a care message with its rule and reason, sent to every screen. */
  deliver: (message: CareMessage) => number;
  settings: { get(): { quietHours: { start: string; end: string }; doNotDisturb: boolean; lang: Lang } };
  mood?: {
    trend(options: { days: number; now: Date; timeZone?: string }): DayMood[];
    current(now: Date): { valence: number; confidence: number };
  };
  memory?: {
    upcomingEvents(now: Date, horizonDays: number, options?: { pastDays?: number }): Memory[];
    /** People she mentioned (kind "person"): whom care may gently point her to. */
    list?(options: { kind: "person" }): Memory[];
  };
  /** What the device can do right now (music, sleep sounds, lamp); nothing is offered without it. */
  offers?: () => CareOffers;
  /** Rephrases a message in the persona's voice within a budget, or keeps the template. */
  voice?: CareVoice;
  lastCrisis?: () => { risk: "possible" | "high"; at: Date } | null;
  timeZone: () => string;
  weather?: Weather;
  rules?: readonly CareRule[];
  restraint?: Partial<RestraintOptions>;
  /** Seeds the choice of wording (fixed in tests and simulations). */
  seed?: number;
  onError?: (error: unknown) => void;
}

/** The weather as the engine knows it, with where it came from. */
export interface CurrentWeather {
  condition: string;
  /** Null when the source did not say. */
  tempC: number | null;
  at: Date;
  /** "signal": a paired device or phone sent it; "open-meteo": asked because she enabled it. */
  source: "signal" | "open-meteo";
}

/** Weather older than this is not "current". */
export const WEATHER_FRESH_MS = 12 * HOUR;

export interface CareDecision {
  rule: string;
  proposal: CareProposal;
  verdict: Verdict;
}

/** The latest care message's offer, while a "yes" to it still makes sense. */
export interface PendingOffer {
  offer: CareOffer;
  deliveryId: number;
  messageId: number | null;
  at: Date;
}

/** How long after it was made an offer can still be taken up. */
export const OFFER_OPEN_MS = 15 * MINUTE;

export interface CareEngine {
  /** The offer of the very last care message, if it came in the last 15 minutes (for routing her "好"). */
  pendingOffer(): PendingOffer | null;
  /** Records a signal, then evaluates; returns what was said. */
  signal(signal: CareSignal): Promise<CareDelivery[]>;
  /** Evaluates at the clock's now. */
  tick(): Promise<CareDelivery[]>;
  /** A timer that ticks every minute (the daemon only). */
  start(intervalMs?: number): void;
  stop(): void;
  /**
   * The latest weather known from the last 12 hours, or null. With `refresh`, when none is known and
   * she enabled the weather connection and set a location, the weather adapter is asked (at most
   * every 30 minutes); nothing is ever made up.
   */
  currentWeather(options?: { refresh?: boolean }): Promise<CurrentWeather | null>;
  /** What was said first lately, newest first. */
  recent(limit?: number): CareDelivery[];
  /** Every rule that wanted to speak at the last evaluation and what restraint said. */
  lastDecisions(): CareDecision[];
  /** Drops what is held in memory and rereads the store (after she erased data). */
  forget(): void;
  settings(): CareSettings;
  updateSettings(patch: Partial<CareSettings>): CareSettings;
  store: CareStore;
}

/** How much history rules see. */
const HISTORY_MS = 15 * DAY;
const RESPONSE_WINDOW_MS = 60 * MINUTE;

export function createCareEngine(deps: CareEngineDeps): CareEngine {
  migrate(deps.db, [careMigrations]);
  const store = createCareStore(deps.db);
  const rules = deps.rules ?? builtInRules;
  const restraint = { ...defaultRestraint, ...deps.restraint };
  const seed = deps.seed ?? 7;
  const report = deps.onError ?? ((error: unknown) => console.error("care:", error));

  const loadedAt = deps.now();
  let signals: LoggedSignal[] = store.signalsSince(new Date(loadedAt.getTime() - HISTORY_MS));
  let deliveries: CareDelivery[] = store.deliveriesSince(new Date(loadedAt.getTime() - HISTORY_MS));
  let careSettings = store.settings();
  let lastPruneDay = "";
  let decisions: CareDecision[] = [];
  let timer: ReturnType<typeof setInterval> | null = null;
  let weatherTriedOn = "";
  let weatherAskedAt = -Infinity;
  let evaluating: Promise<unknown> = Promise.resolve();

  // Mood and memory reads are cached briefly: the engine evaluates every minute.
  let perceptionVersion = 0;
  let moodCache: { key: string; at: number; value: CareContext["mood"] } | null = null;
  let eventsCache: { key: string; at: number; value: RememberedEvent[] } | null = null;
  let peopleCache: { key: string; at: number; value: KnownPerson[] } | null = null;

  function knownPeople(now: Date): KnownPerson[] {
    const key = String(perceptionVersion);
    if (peopleCache && peopleCache.key === key && now.getTime() - peopleCache.at < 30 * MINUTE && now.getTime() >= peopleCache.at) return peopleCache.value;
    const people: KnownPerson[] = [];
    try {
      for (const m of deps.memory?.list?.({ kind: "person" }) ?? []) {
        // Her own name ("我叫…") is not someone to meet; entities are [relation, name].
        if (m.kind !== "person" || m.status !== "active" || m.subject === "name") continue;
        // "relation:好朋友:小林" names both; otherwise the entities after the speaker are [relation, name, ...].
        const slot = /^relation:([^:]+):(.+)$/.exec(m.subject ?? "");
        const [relation, name] = slot ? [slot[1], slot[2]] : m.entities.filter((e) => e !== m.speaker && e !== "user");
        if (!relation || !name || !(m.subject ?? "").startsWith("relation:")) continue;
        people.push({ relation, name, saidAt: new Date(m.updatedAt ?? m.saidAt) });
      }
    } catch (error) {
      report(error);
    }
    people.sort((a, b) => b.saidAt.getTime() - a.saidAt.getTime());
    peopleCache = { key, at: now.getTime(), value: people };
    return people;
  }

  const offsetNow = (now: Date) => offsetAt(deps.timeZone(), now);

  function moodInputs(now: Date): CareContext["mood"] {
    const key = `${perceptionVersion}|${localTime(now, offsetNow(now)).date}`;
    // An hour at most: voice and face moods arrive without passing through the engine.
    let base = moodCache && moodCache.key === key && now.getTime() - moodCache.at < HOUR && now.getTime() >= moodCache.at ? moodCache.value : null;
    if (!base) {
      // One read of the daily trend gives both the streak and today.
      // Sixteen days, so a two-week low streak can be seen even before she has spoken today.
      const trend = deps.mood?.trend({ days: 16, now, timeZone: deps.timeZone() }) ?? [];
      const today = trend.at(-1);
      base = {
        lowStreakDays: lowMoodStreak(trend).days,
        todayValence: today?.valence ?? null,
        todayCount: today?.count ?? 0,
        currentValence: 0,
        currentConfidence: 0,
      };
      moodCache = { key, at: now.getTime(), value: base };
    }
    // The fused mood of this very moment only matters right after she spoke.
    const last = signals.findLast((s) => s.type === "utterance");
    if (deps.mood && last && now.getTime() - last.at.getTime() <= 2 * MINUTE) {
      const current = deps.mood.current(now);
      return { ...base, currentValence: current.valence, currentConfidence: current.confidence };
    }
    return base;
  }

  function rememberedEvents(now: Date): RememberedEvent[] {
    const key = String(perceptionVersion);
    if (eventsCache && eventsCache.key === key && now.getTime() - eventsCache.at < 30 * MINUTE && now.getTime() >= eventsCache.at) return eventsCache.value;
    const events: RememberedEvent[] = [];
    for (const m of deps.memory?.upcomingEvents(now, 1, { pastDays: 3 }) ?? []) {
      if (m.kind !== "event" || !m.eventAt || /提醒我|remind me/i.test(m.text)) continue;
      events.push({ id: m.id, title: m.text, noun: notableNoun(m.text), at: new Date(m.eventAt), source: "memory" });
    }
    for (const s of signals) {
      if (s.type !== "phone.calendar") continue;
      if (Math.abs(s.start.getTime() - now.getTime()) > 4 * DAY) continue;
      events.push({ id: `calendar:${s.id}`, title: s.title, noun: notableNoun(s.title), at: s.start, source: "calendar" });
    }
    eventsCache = { key, at: now.getTime(), value: events };
    return events;
  }

  // When her language setting last changed (seen here): a newer choice wins over older words.
  let seenLang: Lang | null = null;
  let langChangedAt = -Infinity;

  function context(now: Date): CareContext {
    const settings = deps.settings.get();
    if (settings.lang !== seenLang) {
      if (seenLang !== null) langChangedAt = now.getTime();
      seenLang = settings.lang;
    }
    const recentUtterance = signals.findLast(
      (s) => s.type === "utterance" && s.at.getTime() <= now.getTime() && now.getTime() - s.at.getTime() < HISTORY_MS && s.at.getTime() >= langChangedAt,
    );
    return {
      now,
      offset: offsetNow(now),
      signals,
      deliveries,
      quietHours: settings.quietHours,
      doNotDisturb: settings.doNotDisturb,
      // She is answered in the language she last spoke; her setting otherwise.
      lang: recentUtterance?.type === "utterance" ? recentUtterance.lang : settings.lang,
      care: careSettings,
      mood: moodInputs(now),
      events: rememberedEvents(now),
      crisis: deps.lastCrisis?.() ?? null,
      offers: readOffers(deps.offers),
      people: knownPeople(now),
      seed,
    };
  }

  function housekeeping(now: Date): void {
    const day = now.toISOString().slice(0, 10);
    if (day === lastPruneDay) return;
    lastPruneDay = day;
    const cutoff = now.getTime() - HISTORY_MS;
    signals = signals.filter((s) => s.at.getTime() >= cutoff);
    deliveries = deliveries.filter((d) => d.at.getTime() >= cutoff);
    store.prune(new Date(now.getTime() - 30 * DAY));
  }

  async function evaluate(): Promise<CareDelivery[]> {
    const now = deps.now();
    housekeeping(now);
    const ctx = context(now);
    const facts = deriveFacts(ctx);
    decisions = [];
    if (!facts.deviceOn) return [];
    for (const rule of rules) {
      if (rule.enabled && !rule.enabled(ctx)) continue;
      let proposal: CareProposal | null;
      try {
        proposal = rule.evaluate(ctx, facts);
      } catch (error) {
        report(error);
        continue;
      }
      if (!proposal) continue;
      const verdict = restrain(rule, proposal, ctx, facts, restraint);
      decisions.push({ rule: rule.name, proposal, verdict });
      if (!verdict.allowed) continue;
      // Her friend's voice when a model is loaded; the rule's own words when not, or when it fails.
      let text = proposal.text;
      if (deps.voice) {
        try {
          text = (await deps.voice({ rule: proposal.rule, text: proposal.text, lang: proposal.lang, keep: proposal.keep ?? [] })).text;
        } catch (error) {
          report(error);
        }
      }
      const messageId = deps.deliver({
        kind: "care",
        rule: proposal.rule,
        reason: proposal.reason,
        text,
        lang: proposal.lang,
        ...(proposal.offer ? { offer: proposal.offer } : {}),
      });
      const delivery = store.addDelivery({
        at: now,
        offset: ctx.offset,
        rule: proposal.rule,
        key: proposal.key,
        group: rule.group ?? null,
        priority: rule.priority,
        reason: proposal.reason,
        text,
        lang: proposal.lang,
        messageId,
        offer: proposal.offer ?? null,
      });
      deliveries.push(delivery);
      // One message at a time: the next evaluation may say the next thing.
      return [delivery];
    }
    return [];
  }

  async function maybeFetchWeather(now: Date): Promise<void> {
    if (!deps.weather) return;
    const local = localTime(now, offsetNow(now));
    if (local.minutes < 5 * 60 + 30 || local.minutes >= 10 * 60 || weatherTriedOn === local.date) return;
    if (signals.some((s) => s.type === "weather" && now.getTime() - s.at.getTime() < 6 * HOUR)) return;
    weatherTriedOn = local.date;
    try {
      const report = await deps.weather.current(now);
      if (report) record({ type: "weather", at: now, condition: report.condition, tempC: report.tempC, source: "open-meteo" });
    } catch (error) {
      report(error);
    }
  }

  function record(signal: CareSignal): void {
    // Her mood just after she spoke travels with the tags: "I'm fine" is believed only if it agrees.
    if (signal.type === "utterance" && signal.valence === undefined && deps.mood) {
      try {
        const current = deps.mood.current(signal.at);
        if (current.confidence > 0) signal = { ...signal, valence: Math.round(current.valence * 1000) / 1000 };
      } catch (error) {
        report(error);
      }
    }
    const logged = store.addSignal(signal, offsetNow(signal.at));
    // Kept in time order even when a signal arrives late.
    let i = signals.length;
    while (i > 0 && signals[i - 1]!.at.getTime() > logged.at.getTime()) i--;
    signals.splice(i, 0, logged);
    if (signal.type === "utterance" || signal.type === "face" || signal.type === "touch" || signal.type === "phone.calendar") perceptionVersion++;
    if (isResponse(signal)) {
      const answered = deliveries.filter(
        (d) => !d.respondedAt && signal.at.getTime() >= d.at.getTime() && signal.at.getTime() - d.at.getTime() <= RESPONSE_WINDOW_MS,
      );
      if (answered.length > 0) {
        store.markResponded(
          answered.map((d) => d.id),
          signal.at,
        );
        for (const d of answered) d.respondedAt = signal.at;
      }
    }
  }

  function latestWeather(now: Date): CurrentWeather | null {
    const w = signals.findLast((s) => s.type === "weather" && s.at.getTime() <= now.getTime());
    if (!w || w.type !== "weather" || now.getTime() - w.at.getTime() > WEATHER_FRESH_MS) return null;
    return {
      condition: w.condition,
      tempC: typeof w.tempC === "number" ? w.tempC : null,
      at: w.at,
      source: w.source === "open-meteo" ? "open-meteo" : "signal",
    };
  }

  // Evaluations are serialised: a timer tick and a signal never interleave.
  function serial<T>(work: () => Promise<T> | T): Promise<T> {
    const next = evaluating.then(work, work);
    evaluating = next.catch(() => undefined);
    return next;
  }

  return {
    store,
    signal(signal) {
      return serial(() => {
        record(signal);
        return evaluate();
      });
    },
    tick() {
      return serial(async () => {
        await maybeFetchWeather(deps.now());
        return evaluate();
      });
    },
    start(intervalMs = 60_000) {
      if (timer) return;
      timer = setInterval(() => {
        this.tick().catch(report);
      }, intervalMs);
      timer.unref?.();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
    recent(limit = 50) {
      return store.recentDeliveries(limit);
    },
    currentWeather(options = {}) {
      return serial(async () => {
        const now = deps.now();
        const known = latestWeather(now);
        if (known || !options.refresh || !deps.weather || !careSettings.weatherLocation) return known;
        if (now.getTime() - weatherAskedAt < 30 * MINUTE) return null;
        weatherAskedAt = now.getTime();
        try {
          const report = await deps.weather.current(now);
          if (!report) return null;
          record({ type: "weather", at: now, condition: report.condition, tempC: report.tempC, source: "open-meteo" });
          return latestWeather(now);
        } catch {
          // Refused (she has not enabled it) or offline: unknown, and the outbound ledger has the why.
          return null;
        }
      });
    },
    /** Drops what is held in memory and rereads the store: after she erased data, nothing of it lingers here. */
    forget() {
      const now = deps.now();
      signals = store.signalsSince(new Date(now.getTime() - HISTORY_MS));
      deliveries = store.deliveriesSince(new Date(now.getTime() - HISTORY_MS));
      moodCache = null;
      eventsCache = null;
      peopleCache = null;
      perceptionVersion++;
    },
    lastDecisions: () => decisions,
    pendingOffer() {
      const last = deliveries.at(-1);
      const now = deps.now().getTime();
      if (!last?.offer || now - last.at.getTime() > OFFER_OPEN_MS || now < last.at.getTime()) return null;
      return { offer: last.offer, deliveryId: last.id, messageId: last.messageId, at: last.at };
    },
    settings: () => careSettings,
    updateSettings(patch) {
      careSettings = { ...careSettings, ...patch, cycle: { ...careSettings.cycle, ...patch.cycle } };
      store.saveSettings(careSettings);
      return careSettings;
    },
  };
}
