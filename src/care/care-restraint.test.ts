import { test } from "node:test";
import assert from "node:assert/strict";
import { deriveFacts, type CareContext } from "./care-context.js";
import type { CareRule } from "./care-rule.js";
import { ignoredStreak, restrain } from "./care-restraint.js";
import { crisisCheckIn, drinkWater, lateNightWork, longSitting, morningWeather, sleepRoutine, tiredWords } from "./care-rules.js";
import { careContext, delivery, logged } from "./care-fixtures.js";

const proposal = { rule: "x", key: null, reason: "r", text: "t", lang: "zh" as const };
const verdict = (rule: CareRule, ctx: CareContext, key: string | null = null) => {
  const v = restrain(rule, { ...proposal, rule: rule.name, key }, ctx, deriveFacts(ctx));
  return { allowed: v.allowed, why: v.allowed ? undefined : v.why };
};
const screenSince = (at: string) => logged([{ type: "activity", at, kind: "screen" }]);

test("quiet hours: silent while she sleeps; only rest care while she is up", () => {
  const asleep = careContext("2026-03-03T01:00:00+08:00");
  assert.deepEqual(verdict(sleepRoutine, asleep), { allowed: false, why: "quiet hours" });
  const up = careContext("2026-03-03T01:00:00+08:00", { signals: screenSince("2026-03-03T00:30:00+08:00") });
  assert.equal(verdict(sleepRoutine, up).allowed, true);
  assert.equal(verdict(lateNightWork, up).allowed, true);
  assert.deepEqual(verdict(morningWeather, up), { allowed: false, why: "quiet hours" });
  assert.deepEqual(verdict(drinkWater, up), { allowed: false, why: "quiet hours" });
  // Her own quiet hours, not the defaults.
  const custom = careContext("2026-03-02T22:30:00+08:00", { quietHours: { start: "22:00", end: "08:30" } });
  assert.equal(verdict(morningWeather, custom).allowed, false);
  assert.equal(verdict(morningWeather, careContext("2026-03-02T22:30:00+08:00")).allowed, true);
});

test("device off, do not disturb, and crisis override everything else", () => {
  const off = careContext("2026-03-02T10:00:00+08:00", { signals: logged([{ type: "device.power", at: "2026-03-02T09:00:00+08:00", state: "off" }]) });
  assert.deepEqual(verdict(crisisCheckIn, off), { allowed: false, why: "the device is off" });
  assert.equal(verdict(tiredWords, careContext("2026-03-02T10:00:00+08:00", { doNotDisturb: true })).allowed, false);
  const crisis = { risk: "high" as const, at: new Date("2026-03-01T22:00:00+08:00") };
  const afterCrisis = careContext("2026-03-02T10:00:00+08:00", { crisis, signals: screenSince("2026-03-02T09:50:00+08:00") });
  assert.equal(verdict(morningWeather, afterCrisis).allowed, false);
  assert.equal(verdict(lateNightWork, afterCrisis).allowed, false);
  assert.equal(verdict(crisisCheckIn, afterCrisis).allowed, true);
  // Three days later the hold is over.
  assert.equal(verdict(morningWeather, careContext("2026-03-05T10:00:00+08:00", { crisis })).allowed, true);
});

test("cool-down, once per key, and one rest message per evening", () => {
  const deliveries = [delivery("long-sitting", "2026-03-02T10:00:00+08:00", { priority: "low" })];
  assert.equal(verdict(longSitting, careContext("2026-03-02T11:00:00+08:00", { deliveries })).allowed, false);
  assert.equal(verdict(longSitting, careContext("2026-03-02T11:30:00+08:00", { deliveries })).allowed, true);
  const said = [delivery("morning-weather", "2026-03-01T08:00:00+08:00", { key: "weather:2026-03-01" })];
  assert.equal(verdict(morningWeather, careContext("2026-03-02T08:00:00+08:00", { deliveries: said }), "weather:2026-03-01").allowed, false);
  const rest = [delivery("early-alarm-bedtime", "2026-03-02T22:30:00+08:00", { group: "rest", priority: "high" })];
  const up = careContext("2026-03-02T23:50:00+08:00", { deliveries: rest, signals: screenSince("2026-03-02T22:00:00+08:00") });
  assert.equal(verdict(sleepRoutine, up).why, "already said something about rest");
});

test("daily budget: at most six a day, routine nudges at most three, room kept for what matters", () => {
  const today = (rule: string, hour: number, priority: "high" | "normal" | "low") =>
    delivery(rule, `2026-03-02T${String(hour).padStart(2, "0")}:00:00+08:00`, {
      priority,
      respondedAt: new Date(`2026-03-02T${String(hour).padStart(2, "0")}:05:00+08:00`),
    });
  const three = [today("water", 9, "low"), today("long-sitting", 10, "low"), today("water", 11, "low")];
  assert.equal(verdict(longSitting, careContext("2026-03-02T15:00:00+08:00", { deliveries: three })).why, "routine budget spent");
  const five = [...three, today("meal", 12, "normal"), today("tired", 13, "normal")];
  assert.equal(verdict(morningWeather, careContext("2026-03-02T15:00:00+08:00", { deliveries: five })).why, "budget kept for what matters");
  assert.equal(verdict(lateNightWork, careContext("2026-03-02T23:05:00+08:00", { deliveries: five })).allowed, true);
  const six = [...five, today("low-mood-check-in", 14, "high")];
  assert.equal(verdict(lateNightWork, careContext("2026-03-02T23:05:00+08:00", { deliveries: six })).why, "daily budget spent");
  // A new local day, a new budget.
  assert.equal(verdict(longSitting, careContext("2026-03-03T10:00:00+08:00", { deliveries: six })).allowed, true);
});

test("back-off: three unanswered messages widen the spacing; an answer resets it", () => {
  const unanswered = ["08:00", "09:00", "10:00", "11:00"].map((t) => delivery("water", `2026-03-02T${t}:00+08:00`));
  // The 11:00 one is still awaiting an answer.
  assert.equal(ignoredStreak(unanswered, new Date("2026-03-02T11:30:00+08:00")), 3);
  // 40 minutes now instead of 20.
  assert.equal(verdict(morningWeather, careContext("2026-03-02T11:30:00+08:00", { deliveries: unanswered })).allowed, false);
  assert.equal(verdict(morningWeather, careContext("2026-03-02T11:45:00+08:00", { deliveries: unanswered })).allowed, true);
  const answered = [...unanswered.slice(0, 3), { ...unanswered[3]!, respondedAt: new Date("2026-03-02T11:02:00+08:00") }];
  assert.equal(ignoredStreak(answered, new Date("2026-03-02T12:30:00+08:00")), 0);
  assert.equal(verdict(morningWeather, careContext("2026-03-02T11:25:00+08:00", { deliveries: answered })).allowed, true);
  // Answering her own words is never held back by spacing.
  assert.equal(verdict(tiredWords, careContext("2026-03-02T11:05:00+08:00", { deliveries: unanswered })).allowed, true);
});

test("answers to her own words are not held back by the budget others keep to, only by a hard cap", () => {
  const day = (n: number) => Array.from({ length: n }, (_, i) => delivery(`r${i}`, `2026-03-02T${String(9 + i).padStart(2, "0")}:00:00+08:00`));
  const ctx = (n: number) => careContext("2026-03-02T21:30:00+08:00", { deliveries: day(n) });
  const plainMeal = { ...proposal, rule: "meal" };
  const mealRule: CareRule = { name: "meal", priority: "normal", cooldownMs: 0, evaluate: () => null };
  assert.deepEqual(restrain(mealRule, plainMeal, ctx(6), deriveFacts(ctx(6))), { allowed: false, why: "daily budget spent" });
  assert.deepEqual(restrain(mealRule, { ...plainMeal, answersHer: true }, ctx(6), deriveFacts(ctx(6))), { allowed: true });
  assert.equal(verdict(tiredWords, ctx(8)).allowed, true);
  assert.deepEqual(verdict(tiredWords, ctx(9)), { allowed: false, why: "daily budget spent" });
});
