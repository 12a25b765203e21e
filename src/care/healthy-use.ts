// Healthy use: is she leaning on Guimi alone? Pure counts over the signal log (her words only as tags):
// talking more and later, mentioning people less, lonely words, "only you understand me". The rule that
// reads this only ever points outward, gently: to people she has, to going out, to professional help.
import type { LoggedSignal } from "./care-context.js";
import { addDays, localTime } from "./local-time.js";

export interface UseDay {
  date: string;
  uses: number;
  lateUses: number;
  peopleMentions: number;
  /** Utterances with lonely words (alone, nobody gets me, not wanting to go out). */
  lonely: number;
  /** "Only you understand me" words. */
  onlyYou: number;
}

export interface HealthyUseTrend {
  /** Per day over the last 7 local days, oldest first (late use belongs to the evening it started from). */
  days: UseDay[];
  /** The older pattern: more and later use while people come up less. */
  pointOutward: boolean;
  /** Dependence signals, each a fact the wording may state. */
  signals: {
    /** Days of the last 7 with lonely words. */
    lonelyDays: number;
    /** Nights of the last 7 with use past 23:00. */
    lateNights: number;
    /** Times she said only Guimi understands her / is there to talk to. */
    onlyYou: number;
    /** Late use in the last 3 days is at least twice the 4 days before (and on 2+ of them). */
    lateGrew: boolean;
    /** People came up at most half as often in the last 3 days as in the 4 before (and did before). */
    peopleFell: boolean;
    /** Days of the last 4 without any mention of people. */
    daysWithoutPeople: number;
  };
  /** Lonely words on three days or more, with another sign of leaning on Guimi alone. */
  leaningOnGuimi: boolean;
}

export function healthyUseTrend(signals: readonly LoggedSignal[], now: Date, offset: number): HealthyUseTrend {
  const today = localTime(now, offset).date;
  const dates = Array.from({ length: 7 }, (_, i) => addDays(today, i - 6));
  const byDate = new Map<string, UseDay>(dates.map((date) => [date, { date, uses: 0, lateUses: 0, peopleMentions: 0, lonely: 0, onlyYou: 0 }]));
  for (const s of signals) {
    if (s.at.getTime() > now.getTime()) continue;
    if (s.type !== "utterance" && s.type !== "touch") continue;
    const local = localTime(s.at, s.offset);
    const late = local.minutes >= 23 * 60 || local.minutes < 4 * 60;
    const date = local.minutes < 4 * 60 ? addDays(local.date, -1) : local.date;
    const day = byDate.get(date);
    if (!day) continue;
    day.uses += 1;
    if (late) day.lateUses += 1;
    if (s.type !== "utterance") continue;
    if (s.tags.includes("people")) day.peopleMentions += 1;
    if (s.tags.includes("lonely")) day.lonely += 1;
    if (s.tags.includes("onlyYou")) day.onlyYou += 1;
  }
  const days = dates.map((d) => byDate.get(d)!);
  const earlier = days.slice(0, 4);
  const recent = days.slice(4);
  const perDay = (list: UseDay[], field: "uses" | "lateUses" | "peopleMentions") => list.reduce((n, d) => n + d[field], 0) / list.length;
  const daysWithUse = days.filter((d) => d.uses > 0).length;
  const usesGrew = perDay(recent, "uses") >= Math.max(6, 1.5 * perDay(earlier, "uses"));
  const lateGrew = perDay(recent, "lateUses") >= Math.max(2, 2 * perDay(earlier, "lateUses"));
  const peopleBefore = perDay(earlier, "peopleMentions");
  const peopleFell = perDay(recent, "peopleMentions") <= 0.5 * peopleBefore;
  const lonelyDays = days.filter((d) => d.lonely > 0 || d.onlyYou > 0).length;
  const lateNights = days.filter((d) => d.lateUses > 0).length;
  const onlyYou = days.reduce((n, d) => n + d.onlyYou, 0);
  const lateStreakGrew = recent.filter((d) => d.lateUses > 0).length >= 2 && lateGrew;
  return {
    days,
    pointOutward: daysWithUse >= 5 && (usesGrew || lateGrew) && peopleFell,
    signals: {
      lonelyDays,
      lateNights,
      onlyYou,
      lateGrew: lateStreakGrew,
      peopleFell: peopleBefore > 0 && peopleFell,
      daysWithoutPeople: days.slice(3).filter((d) => d.peopleMentions === 0).length,
    },
    leaningOnGuimi: lonelyDays >= 3 && (onlyYou > 0 || lateNights >= 3 || lateStreakGrew || (peopleBefore > 0 && peopleFell)),
  };
}
