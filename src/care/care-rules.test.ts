import { test } from "node:test";
import assert from "node:assert/strict";
import { deriveFacts, type CareContext } from "./care-context.js";
import type { CareRule } from "./care-rule.js";
import {
  alarmInstant,
  cycleReminder,
  drinkWater,
  earlyAlarmBedtime,
  eventFollowUp,
  healthyUse,
  lateNightWork,
  longSitting,
  mealTime,
  morningWeather,
  sleepRoutine,
  tiredWords,
} from "./care-rules.js";
import { careContext, delivery, logged } from "./care-fixtures.js";

const run = (rule: CareRule, ctx: CareContext) => rule.evaluate(ctx, deriveFacts(ctx));

const lateNights = (days: number[]) =>
  days.flatMap((d) => [
    { type: "activity" as const, at: `2026-03-0${d}T21:00:00+08:00`, kind: "work" as const },
    { type: "activity" as const, at: `2026-03-0${d}T23:45:00+08:00`, kind: "idle" as const },
  ]);

test("late-night work: the third night past 23:00 in a week, not the first two", () => {
  const signals = logged([...lateNights([2, 3]), { type: "activity", at: "2026-03-04T21:00:00+08:00", kind: "work" }]);
  assert.equal(run(lateNightWork, careContext("2026-03-04T22:59:00+08:00", { signals })), null);
  const third = run(lateNightWork, careContext("2026-03-04T23:10:00+08:00", { signals }));
  assert.ok(third);
  assert.equal(third.key, "night:2026-03-04");
  assert.match(third.text, /第三/);
  assert.match(third.reason, /第三个晚上/);
  // Only two late nights: nothing.
  const two = logged([...lateNights([2]), { type: "activity", at: "2026-03-04T21:00:00+08:00", kind: "work" }]);
  assert.equal(run(lateNightWork, careContext("2026-03-04T23:10:00+08:00", { signals: two })), null);
  // Nights more than a week ago do not count.
  const old = logged([...lateNights([1]), { type: "activity", at: "2026-03-09T21:00:00+08:00", kind: "work" }, ...lateNights([8])]);
  assert.equal(run(lateNightWork, careContext("2026-03-09T23:10:00+08:00", { signals: old })), null);
});

test("late-night work counts nights in her local time, and just after midnight as the same night", () => {
  const signals = logged([...lateNights([2, 3]), { type: "activity", at: "2026-03-04T22:00:00+08:00", kind: "work" }]);
  const ctx = careContext("2026-03-05T00:20:00+08:00", { signals });
  assert.equal(run(lateNightWork, ctx)?.key, "night:2026-03-04");
});

test("early alarm: nudge 8 hours before, in zh and en, not for a 09:30 alarm", () => {
  const signals = logged([{ type: "phone.alarm_set", at: "2026-03-02T20:00:00+08:00", time: "06:30" }]);
  assert.equal(alarmInstant(signals[0] as never).toISOString(), "2026-03-02T22:30:00.000Z");
  assert.equal(run(earlyAlarmBedtime, careContext("2026-03-02T22:29:00+08:00", { signals })), null);
  const zh = run(earlyAlarmBedtime, careContext("2026-03-02T22:30:00+08:00", { signals }));
  assert.match(zh?.text ?? "", /六点半/);
  const en = run(earlyAlarmBedtime, careContext("2026-03-02T22:30:00+08:00", { signals, lang: "en" }));
  assert.match(en?.text ?? "", /6:30 am/);
  assert.equal(en?.lang, "en");
  const late = logged([{ type: "phone.alarm_set", at: "2026-03-02T20:00:00+08:00", time: "09:30" }]);
  assert.equal(run(earlyAlarmBedtime, careContext("2026-03-03T01:30:00+08:00", { signals: late })), null);
  // Too close to the alarm to be a bedtime nudge any more.
  assert.equal(run(earlyAlarmBedtime, careContext("2026-03-03T02:00:00+08:00", { signals })), null);
});

test("morning weather: rain → umbrella when she is around, nothing on a mild clear day or when she is away", () => {
  const rain = logged([
    { type: "weather", at: "2026-03-02T06:30:00+08:00", condition: "rain", tempC: 15 },
    { type: "activity", at: "2026-03-02T07:40:00+08:00", kind: "screen" },
  ]);
  assert.match(run(morningWeather, careContext("2026-03-02T07:45:00+08:00", { signals: rain }))?.text ?? "", /伞/);
  assert.equal(run(morningWeather, careContext("2026-03-02T07:20:00+08:00", { signals: rain.slice(0, 1) })), null);
  const clear = logged([
    { type: "weather", at: "2026-03-02T06:30:00+08:00", condition: "clear", tempC: 20 },
    { type: "utterance", at: "2026-03-02T07:40:00+08:00", text: "早" },
  ]);
  assert.equal(run(morningWeather, careContext("2026-03-02T07:45:00+08:00", { signals: clear })), null);
  const cold = logged([
    { type: "weather", at: "2026-03-02T06:30:00+08:00", condition: "cloudy", tempC: 3 },
    { type: "touch", at: "2026-03-02T08:00:00+08:00" },
  ]);
  assert.match(run(morningWeather, careContext("2026-03-02T08:00:00+08:00", { signals: cold, lang: "en" }))?.text ?? "", /3°C/);
});

test("long sitting after 90 minutes of work, again 90 minutes after the last nudge; an idle break resets it", () => {
  const signals = logged([{ type: "activity", at: "2026-03-02T09:00:00+08:00", kind: "work" }]);
  assert.equal(run(longSitting, careContext("2026-03-02T10:30:00+08:00", { signals })), null);
  assert.ok(run(longSitting, careContext("2026-03-02T10:31:00+08:00", { signals })));
  const deliveries = [delivery("long-sitting", "2026-03-02T10:31:00+08:00")];
  assert.equal(run(longSitting, careContext("2026-03-02T11:30:00+08:00", { signals, deliveries })), null);
  assert.ok(run(longSitting, careContext("2026-03-02T12:02:00+08:00", { signals, deliveries })));
  const withBreak = logged([
    { type: "activity", at: "2026-03-02T09:00:00+08:00", kind: "work" },
    { type: "activity", at: "2026-03-02T10:00:00+08:00", kind: "idle" },
    { type: "activity", at: "2026-03-02T10:10:00+08:00", kind: "work" },
  ]);
  assert.equal(run(longSitting, careContext("2026-03-02T10:35:00+08:00", { signals: withBreak })), null);
});

test("water after about two hours of activity", () => {
  const signals = logged([{ type: "activity", at: "2026-03-02T09:00:00+08:00", kind: "screen" }]);
  assert.equal(run(drinkWater, careContext("2026-03-02T10:59:00+08:00", { signals })), null);
  assert.ok(run(drinkWater, careContext("2026-03-02T11:00:00+08:00", { signals })));
});

test("meals: her words (好饿, 没吃饭), and working straight through lunch", () => {
  for (const text of ["好饿", "今天忙到现在还没吃饭", "I'm starving"]) {
    const signals = logged([{ type: "utterance", at: "2026-03-02T15:00:00+08:00", text }]);
    assert.ok(run(mealTime, careContext("2026-03-02T15:00:00+08:00", { signals })), text);
    assert.equal(run(mealTime, careContext("2026-03-02T15:05:00+08:00", { signals })), null, "only right after she said it");
  }
  const working = logged([{ type: "activity", at: "2026-03-02T09:00:00+08:00", kind: "work" }]);
  assert.equal(run(mealTime, careContext("2026-03-02T12:29:00+08:00", { signals: working })), null);
  assert.equal(run(mealTime, careContext("2026-03-02T12:30:00+08:00", { signals: working }))?.key, "lunch:2026-03-02");
});

test("tired words are rest care; the sleep routine waits 15 minutes into her quiet hours", () => {
  const signals = logged([{ type: "utterance", at: "2026-03-02T23:40:00+08:00", text: "今天好累" }]);
  assert.match(run(tiredWords, careContext("2026-03-02T23:40:00+08:00", { signals }))?.text ?? "", /休息|睡/);
  assert.ok(tiredWords.restCare);
  const screen = logged([{ type: "activity", at: "2026-03-02T22:00:00+08:00", kind: "screen" }]);
  assert.equal(run(sleepRoutine, careContext("2026-03-02T23:40:00+08:00", { signals: screen })), null);
  assert.equal(run(sleepRoutine, careContext("2026-03-02T23:45:00+08:00", { signals: screen }))?.key, "night:2026-03-02");
  assert.equal(run(sleepRoutine, careContext("2026-03-03T00:30:00+08:00", { signals: screen }))?.key, "night:2026-03-02");
});

test("follow-up the day after a remembered interview, only for notable events", () => {
  const signals = logged([{ type: "utterance", at: "2026-03-05T09:40:00+08:00", text: "早" }]);
  const events = [
    { id: "m1", title: "周三下午有个面试", noun: "面试", at: new Date("2026-03-04T14:00:00+08:00"), source: "memory" as const },
    { id: "m2", title: "周三去超市", noun: null, at: new Date("2026-03-04T10:00:00+08:00"), source: "memory" as const },
  ];
  assert.equal(run(eventFollowUp, careContext("2026-03-04T20:00:00+08:00", { signals, events })), null);
  const p = run(eventFollowUp, careContext("2026-03-05T09:45:00+08:00", { signals, events }));
  assert.match(p?.text ?? "", /面试/);
  assert.match(p?.reason ?? "", /昨天/);
  const said = [delivery("event-follow-up", "2026-03-05T09:45:00+08:00", { key: p!.key })];
  assert.equal(
    run(
      eventFollowUp,
      careContext("2026-03-06T09:45:00+08:00", { signals: logged([{ type: "touch", at: "2026-03-06T09:40:00+08:00" }]), events, deliveries: said }),
    ),
    null,
  );
});

test("healthy use: more and later talk with fewer people → point outward; steady use → nothing", () => {
  const talk = (day: number, n: number, text: string, hour = 20) =>
    Array.from({ length: n }, (_, i) => ({
      type: "utterance" as const,
      at: `2026-03-${String(day).padStart(2, "0")}T${hour}:${String(i).padStart(2, "0")}:00+08:00`,
      text,
    }));
  const growing = logged([
    ...[2, 3, 4, 5].flatMap((d) => [...talk(d, 3, "和朋友吃饭了"), ...talk(d, 1, "嗯")]),
    ...[6, 7, 8].flatMap((d) => [...talk(d, 8, "嗯嗯"), ...talk(d, 3, "睡不着", 23)]),
  ]);
  const p = run(
    healthyUse,
    careContext("2026-03-08T12:00:00+08:00", { signals: [...growing, ...logged([{ type: "utterance", at: "2026-03-08T11:55:00+08:00", text: "在吗" }])] }),
  );
  assert.ok(p);
  assert.doesNotMatch(p.text, /想你|miss you|怎么不理我/);
  const steady = logged([2, 3, 4, 5, 6, 7, 8].flatMap((d) => talk(d, 4, "今天和同事聊天")));
  assert.equal(
    run(
      healthyUse,
      careContext("2026-03-08T12:00:00+08:00", { signals: [...steady, ...logged([{ type: "utterance", at: "2026-03-08T11:55:00+08:00", text: "在吗" }])] }),
    ),
    null,
  );
});

test("cycle reminders are off by default and come the day before the expected start when on", () => {
  assert.equal(cycleReminder.enabled?.(careContext("2026-03-28T10:00:00+08:00")), false);
  const care = { cycle: { enabled: true, lastStart: "2026-03-01", lengthDays: 28 }, weatherLocation: null, dailyBudget: 6 };
  const signals = logged([{ type: "touch", at: "2026-03-28T09:55:00+08:00" }]);
  assert.ok(run(cycleReminder, careContext("2026-03-28T10:00:00+08:00", { care, signals })));
  assert.equal(
    run(cycleReminder, careContext("2026-03-27T10:00:00+08:00", { care, signals: logged([{ type: "touch", at: "2026-03-27T09:55:00+08:00" }]) })),
    null,
  );
});

test("wording varies by day but is the same for the same seed", () => {
  const texts = new Set<string>();
  for (let d = 2; d <= 9; d++) {
    const signals = logged([{ type: "activity", at: `2026-03-0${d}T09:00:00+08:00`, kind: "work" }]);
    texts.add(run(mealTime, careContext(`2026-03-0${d}T12:45:00+08:00`, { signals }))!.text);
  }
  assert.ok(texts.size >= 2);
  const signals = logged([{ type: "activity", at: "2026-03-02T09:00:00+08:00", kind: "work" }]);
  assert.equal(
    run(mealTime, careContext("2026-03-02T12:45:00+08:00", { signals }))!.text,
    run(mealTime, careContext("2026-03-02T12:45:00+08:00", { signals }))!.text,
  );
});
