// Restraint: whether a proposed message may be said now. Pure. A bestie speaks first rarely, at
// the right moment, and backs off when she is not in the mood to answer.
import type { CareContext, CareDelivery, CareFacts } from "./care-context.js";
import type { CareProposal, CareRule } from "./care-rule.js";
import { HOUR, MINUTE, localTime } from "./local-time.js";

export interface RestraintOptions {
  /** Least gap between two unprompted messages (widened by back-off). */
  spacingMs: number;
  /** After this many unanswered messages in a row, spacing doubles per further one. */
  backOffAfter: number;
  /** A message counts as answered when she responds within this long. */
  responseWindowMs: number;
  /** How long after words of crisis only crisis care may speak. */
  crisisHoldMs: number;
  /** Of the daily budget, at most this many go to small routine nudges (water, stretch). */
  lowPriorityBudget: number;
  /** Answers to her own words may go this far past the daily budget. */
  answerAllowance: number;
}

export const defaultRestraint: RestraintOptions = {
  spacingMs: 20 * MINUTE,
  backOffAfter: 3,
  responseWindowMs: 60 * MINUTE,
  crisisHoldMs: 72 * HOUR,
  lowPriorityBudget: 3,
  answerAllowance: 3,
};

export type Verdict = { allowed: true } | { allowed: false; why: string };

/** Unanswered messages in a row, newest first, in the last day (ones still awaiting an answer don't count yet). */
export function ignoredStreak(deliveries: readonly CareDelivery[], now: Date, options: RestraintOptions = defaultRestraint): number {
  let streak = 0;
  for (let i = deliveries.length - 1; i >= 0; i--) {
    const d = deliveries[i]!;
    const age = now.getTime() - d.at.getTime();
    if (age > 24 * HOUR) break;
    if (d.respondedAt) break;
    if (age < options.responseWindowMs) continue;
    streak += 1;
  }
  return streak;
}

/** Messages said on her current local day. */
export function todaysDeliveries(deliveries: readonly CareDelivery[], ctx: CareContext): CareDelivery[] {
  const today = localTime(ctx.now, ctx.offset).date;
  return deliveries.filter((d) => ctx.now.getTime() - d.at.getTime() < 30 * HOUR && localTime(d.at, d.offset).date === today);
}

export function restrain(rule: CareRule, proposal: CareProposal, ctx: CareContext, facts: CareFacts, options: RestraintOptions = defaultRestraint): Verdict {
  const no = (why: string): Verdict => ({ allowed: false, why });
  const now = ctx.now.getTime();
  if (!facts.deviceOn) return no("the device is off");
  if (ctx.crisis && now - ctx.crisis.at.getTime() < options.crisisHoldMs && !rule.crisis) return no("after words of crisis only crisis care speaks");
  if (ctx.doNotDisturb) return no("do not disturb");
  const mayAnswerAtNight = rule.answersInQuietHours === true && proposal.answersHer === true;
  if (facts.inQuietHours && !((rule.restCare || mayAnswerAtNight) && facts.activeNow)) return no("quiet hours");

  const mine = ctx.deliveries.filter((d) => d.rule === rule.name);
  const lastMine = mine.at(-1);
  if (lastMine && now - lastMine.at.getTime() < rule.cooldownMs) return no("cool-down");
  if (proposal.key !== null && mine.some((d) => d.key === proposal.key)) return no("already said");
  if (rule.group) {
    const lastInGroup = [...ctx.deliveries].reverse().find((d) => d.group === rule.group);
    if (lastInGroup && now - lastInGroup.at.getTime() < (rule.groupCooldownMs ?? 6 * HOUR)) return no(`already said something about ${rule.group}`);
  }

  const today = todaysDeliveries(ctx.deliveries, ctx);
  const budget = ctx.care.dailyBudget;
  // An answer to her own words just now is not speaking first: only a hard cap holds it back.
  if (rule.reactive || proposal.answersHer) return today.length >= budget + options.answerAllowance ? no("daily budget spent") : { allowed: true };
  if (today.length >= budget) return no("daily budget spent");
  // Routine nudges never use up the room that matters more.
  if (rule.priority === "low" && today.filter((d) => d.priority === "low").length >= Math.min(options.lowPriorityBudget, budget - 2))
    return no("routine budget spent");
  if (rule.priority !== "high" && today.filter((d) => d.priority !== "high").length >= budget - 1) return no("budget kept for what matters");

  if (rule.priority === "high" || rule.reactive) return { allowed: true };
  const ignored = ignoredStreak(ctx.deliveries, ctx.now, options);
  const spacing = options.spacingMs * 2 ** Math.max(0, ignored - options.backOffAfter + 1);
  const last = ctx.deliveries.at(-1);
  if (last && now - last.at.getTime() < Math.min(spacing, 4 * HOUR))
    return no(ignored >= options.backOffAfter ? "backing off: recent messages went unanswered" : "spoke recently");
  return { allowed: true };
}
