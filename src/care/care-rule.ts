// The shape of a care rule: a name, a priority, a cool-down, and a pure evaluation that proposes at
// most one message (with the reason she can read when she asks "why did you say that?").
import type { Lang } from "../kernel/lang.js";
import type { CareContext, CareFacts, CarePriority } from "./care-context.js";
import type { CareOffer } from "./care-offers.js";

export interface CareProposal {
  rule: string;
  /** Identifies what this is about ("2026-03-02", an alarm time, a memory id): never said twice. */
  key: string | null;
  reason: string;
  text: string;
  lang: Lang;
  /** It answers what she just said (she is engaged): like a reactive rule, not held back by spacing or the daily budget. */
  answersHer?: boolean;
  /** What the message offers to do (only what the offers port says is available). */
  offer?: CareOffer;
  /** Words a rephrasing must keep (a name, a time, the help line), beyond the digits it always keeps. */
  keep?: string[];
}

export interface CareRule {
  name: string;
  priority: CarePriority;
  /** Least time between two messages of this rule. */
  cooldownMs: number;
  /** Rules sharing a group (e.g. "rest") speak at most once per `groupCooldownMs`. */
  group?: string;
  groupCooldownMs?: number;
  /** Serves her rest: may be said in quiet hours, and only while she is up and active. */
  restCare?: boolean;
  /** Answers her own words just now: she is engaged, so spacing and back-off do not hold it back. */
  reactive?: boolean;
  /** When it answers her words (`answersHer`), it may do so in quiet hours while she is up and talking. */
  answersInQuietHours?: boolean;
  /** Allowed (and the only kind allowed) after words of crisis. */
  crisis?: boolean;
  /** Off unless she turned it on. */
  enabled?(ctx: CareContext): boolean;
  evaluate(ctx: CareContext, facts: CareFacts): CareProposal | null;
}
