// Care a friend would recognise: check-ins after a crisis follow her day and stop when she is better;
// a lonely stretch turns her gently outward; sessions end where the evidence ends; offers only what
// the device can back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { activitySessions, deriveFacts, EVIDENCE_HORIZON_MS, type CareContext, type KnownPerson } from "./care-context.js";
import type { CareRule } from "./care-rule.js";
import { crisisCheckIn, earlyAlarmBedtime, goodDay, healthyUse, lateNightWork, sleepRoutine, tiredWords } from "./care-rules.js";
import { careContext, delivery, logged, type SignalInput } from "./care-fixtures.js";
import { noOffers, offerWords, readOffers, type CareOffers } from "./care-offers.js";
import { restrain } from "./care-restraint.js";
import { restedSince, usualUpMinutes } from "./her-day.js";
import { utteranceTags } from "./utterance-tags.js";
import { makeTempDir } from "../testing/paths.js";
import { openDatabase } from "../storage/database.js";
import { careMigrations } from "./care-store.js";
import { createCareEngine, type CareMessage } from "./care-engine.js";
import type { Memory } from "../memory/memory-types.js";

const run = (rule: CareRule, ctx: CareContext) => rule.evaluate(ctx, deriveFacts(ctx));

// ---- evidence horizons ----

test("a single activity report is believed for 4 hours; repeated reports or her presence carry it further", () => {
  const at = (t: string) => new Date(`2026-03-02T${t}:00+08:00`).getTime();
  const one = logged([{ type: "activity", at: "2026-03-02T18:00:00+08:00", kind: "work" }]);
  const [s] = activitySessions(one, at("23:31"));
  assert.equal(s!.end - s!.start, EVIDENCE_HORIZON_MS);
  assert.equal(s!.open, false, "not still working at 23:31");
  assert.equal(activitySessions(one, at("21:00"))[0]!.open, true);
  // Heartbeats: one session, backed to the last report plus the horizon.
  const beats = logged([18, 20, 22].map((h) => ({ type: "activity" as const, at: `2026-03-02T${h}:00:00+08:00`, kind: "work" as const })));
  const sessions = activitySessions(beats, at("23:31"));
  assert.equal(sessions.length, 1);
  assert.equal(sessions[0]!.reports, 3);
  assert.equal(sessions[0]!.open, true);
  // Talking to the device while at work is evidence she is still there.
  const talking = logged([
    { type: "activity", at: "2026-03-02T18:00:00+08:00", kind: "work" },
    { type: "utterance", at: "2026-03-02T21:00:00+08:00", text: "还在改方案" },
  ]);
  assert.equal(activitySessions(talking, at("23:31"))[0]!.open, true);
  // A report after the horizon starts a new session; the old one ended at its horizon, not at the new report.
  const gap = logged([
    { type: "activity", at: "2026-03-02T08:00:00+08:00", kind: "work" },
    { type: "activity", at: "2026-03-02T15:00:00+08:00", kind: "work" },
  ]);
  const split = activitySessions(gap, at("16:00"));
  assert.equal(split.length, 2);
  assert.equal(split[0]!.end, at("12:00"));
});

test("late-night work: a 18:00 report followed by nothing is not a late night", () => {
  const nights = (days: string[]) => days.map((d) => ({ type: "activity" as const, at: `2026-03-${d}T18:00:00+08:00`, kind: "work" as const }));
  const signals = logged([...nights(["02", "03", "04"]), { type: "touch", at: "2026-03-04T23:31:00+08:00" }]);
  assert.equal(run(lateNightWork, careContext("2026-03-04T23:31:00+08:00", { signals })), null);
});

// ---- offers only what the device can back ----

const busyEvening = (): SignalInput[] => [
  ...[2, 3].flatMap((d) => [
    { type: "activity" as const, at: `2026-03-0${d}T21:00:00+08:00`, kind: "work" as const },
    { type: "activity" as const, at: `2026-03-0${d}T23:45:00+08:00`, kind: "idle" as const },
  ]),
  { type: "activity", at: "2026-03-04T21:00:00+08:00", kind: "work" },
];

const offerCases: { name: string; rule: CareRule; ctx: (offers: CareOffers, seed: number) => CareContext }[] = [
  {
    name: "late-night-work",
    rule: lateNightWork,
    ctx: (offers, seed) => careContext("2026-03-04T23:10:00+08:00", { signals: logged(busyEvening()), offers, seed }),
  },
  {
    name: "sleep-routine",
    rule: sleepRoutine,
    ctx: (offers, seed) =>
      careContext("2026-03-02T23:50:00+08:00", { signals: logged([{ type: "activity", at: "2026-03-02T23:00:00+08:00", kind: "screen" }]), offers, seed }),
  },
  {
    name: "early-alarm-bedtime",
    rule: earlyAlarmBedtime,
    ctx: (offers, seed) =>
      careContext("2026-03-02T22:35:00+08:00", {
        signals: logged([
          { type: "phone.alarm_set", at: "2026-03-02T20:00:00+08:00", time: "06:30" },
          { type: "activity", at: "2026-03-02T22:30:00+08:00", kind: "screen" },
        ]),
        offers,
        seed,
      }),
  },
  {
    name: "tired",
    rule: tiredWords,
    ctx: (offers, seed) =>
      careContext("2026-03-02T21:01:00+08:00", { signals: logged([{ type: "utterance", at: "2026-03-02T21:00:00+08:00", text: "今天好累" }]), offers, seed }),
  },
  {
    name: "good-day",
    rule: goodDay,
    ctx: (offers, seed) =>
      careContext("2026-03-02T18:01:00+08:00", {
        signals: logged([{ type: "utterance", at: "2026-03-02T18:00:00+08:00", text: "太棒了，我拿到offer了！好开心" }]),
        offers,
        seed,
      }),
  },
];

test("with nothing available, no rule's wording offers a song, white noise or a lamp (any wording, both languages)", () => {
  for (const c of offerCases) {
    for (let seed = 0; seed < 40; seed++) {
      for (const lang of ["zh", "en"] as const) {
        const ctx = { ...c.ctx(noOffers, seed), lang };
        const p = run(c.rule, ctx);
        assert.ok(p, `${c.name} proposes (seed ${seed})`);
        assert.doesNotMatch(p.text, offerWords, `${c.name} seed ${seed}: ${p.text}`);
        assert.equal(p.offer, undefined);
      }
    }
  }
});

test("what is available is offered, and the offer travels with the proposal", () => {
  const all: CareOffers = { music: { titles: ["晴天"] }, sleepSounds: true, lamp: true };
  const seen = new Set<string>();
  for (const c of offerCases) {
    for (let seed = 0; seed < 40; seed++) {
      const p = run(c.rule, c.ctx(all, seed));
      if (!p?.offer) continue;
      seen.add(c.name);
      assert.match(p.text, offerWords, `${c.name}: the words say what is offered`);
      if (p.offer.kind === "play" && p.offer.what === "music") assert.match(p.text, /《晴天》/);
    }
  }
  assert.deepEqual([...seen].sort(), offerCases.map((c) => c.name).sort());
  // Music it can play but no title known: a song, never a named one.
  const anyMusic = run(
    lateNightWork,
    careContext("2026-03-04T23:10:00+08:00", { signals: logged(busyEvening()), offers: { music: { titles: [] }, sleepSounds: false, lamp: false } }),
  );
  assert.equal(anyMusic?.offer?.kind, "play");
  assert.doesNotMatch(anyMusic!.text, /《/);
  // Only the lamp: the late-night message offers no song.
  const lampOnly = run(
    lateNightWork,
    careContext("2026-03-04T23:10:00+08:00", { signals: logged(busyEvening()), offers: { music: false, sleepSounds: false, lamp: true } }),
  );
  assert.equal(lampOnly?.offer, undefined);
});

test("the offers port: missing, throwing or malformed reads as nothing available", () => {
  assert.deepEqual(readOffers(undefined), noOffers);
  assert.deepEqual(
    readOffers(() => {
      throw new Error("media down");
    }),
    noOffers,
  );
  assert.deepEqual(
    readOffers(() => ({ music: { titles: ["晴天", "", 3 as unknown as string] }, sleepSounds: "yes" as unknown as boolean, lamp: true })),
    { music: { titles: ["晴天"] }, sleepSounds: false, lamp: true },
  );
});

// ---- after a bad night ----

const crisis = { risk: "high" as const, at: new Date("2026-03-05T00:40:00+08:00") };
/** An ordinary week (up 08:30, work 09:00–18:00), then the crisis night. */
function badNightSignals(extra: SignalInput[] = []) {
  const days = ["02", "03", "04", "05", "06", "07"];
  const base: SignalInput[] = days.flatMap((d) => [
    { type: "touch" as const, at: `2026-03-${d}T08:30:00+08:00` },
    { type: "activity" as const, at: `2026-03-${d}T09:00:00+08:00`, kind: "work" as const },
    { type: "activity" as const, at: `2026-03-${d}T12:00:00+08:00`, kind: "work" as const },
    { type: "activity" as const, at: `2026-03-${d}T18:00:00+08:00`, kind: "idle" as const },
  ]);
  return [
    ...base,
    { type: "activity", at: "2026-03-04T21:00:00+08:00", kind: "screen" },
    { type: "utterance", at: "2026-03-05T00:40:00+08:00", text: "……" },
    { type: "activity", at: "2026-03-05T01:30:00+08:00", kind: "idle" },
    ...extra,
  ] as SignalInput[];
}
const at = (now: string, partial: Partial<CareContext> = {}) => {
  const signals = logged(badNightSignals().filter((s) => new Date(s.at).getTime() <= new Date(now).getTime()));
  return careContext(now, { crisis, signals, ...partial });
};

test("after a late-night crisis: nothing while she is up that night, the first check-in when she is next up", () => {
  // Still up at 01:20 (within 2 h), then quiet hours: nothing in the night.
  assert.equal(run(crisisCheckIn, at("2026-03-05T01:20:00+08:00")), null);
  const night = at("2026-03-05T03:00:00+08:00", {
    signals: logged([
      ...badNightSignals().filter((s) => new Date(s.at) < new Date("2026-03-05T01:00:00+08:00")),
      { type: "activity", at: "2026-03-05T02:55:00+08:00", kind: "screen" },
    ]),
  });
  const p = run(crisisCheckIn, night);
  if (p) assert.equal(restrain(crisisCheckIn, p, night, deriveFacts(night)).allowed, false, "never in her quiet hours");
  // 08:30: she taps the device after sleeping.
  const morning = run(crisisCheckIn, at("2026-03-05T08:30:00+08:00"));
  assert.ok(morning);
  assert.match(morning.text, /400-161-9995/);
  assert.match(morning.text, /昨晚/);
  assert.match(morning.reason, /昨晚/);
  // English: the 988 line.
  assert.match(run(crisisCheckIn, at("2026-03-05T08:30:00+08:00", { lang: "en" }))!.text, /988/);
});

test("later days: once a day at the time she is usually up; none in the evening; stops when she says she is better and sounds it", () => {
  const first = delivery("crisis-check-in", "2026-03-05T08:30:00+08:00");
  // The same day again: no.
  assert.equal(run(crisisCheckIn, at("2026-03-05T15:00:00+08:00", { deliveries: [first] })), null);
  // She is usually up by 08:30.
  assert.equal(usualUpMinutes(at("2026-03-06T07:00:00+08:00")), 8 * 60 + 30);
  const friday = run(crisisCheckIn, at("2026-03-06T08:30:00+08:00", { deliveries: [first] }));
  assert.ok(friday);
  assert.match(friday.text, /400-161-9995/);
  // "I'm better" while her mood is still low is not believed; with the mood agreeing, check-ins stop.
  const saying = (valence: number) => ({
    type: "utterance" as const,
    at: new Date("2026-03-06T20:00:00+08:00"),
    lang: "zh" as const,
    tags: utteranceTags("今天好多了，别担心我"),
    valence,
    id: 999,
    offset: 480,
  });
  const base = at("2026-03-07T09:00:00+08:00", { deliveries: [first, delivery("crisis-check-in", "2026-03-06T08:30:00+08:00")] });
  assert.ok(run(crisisCheckIn, base), "Saturday, with nothing said");
  assert.ok(run(crisisCheckIn, { ...base, signals: [...base.signals, saying(-0.5)] }), "words without the mood");
  assert.equal(run(crisisCheckIn, { ...base, signals: [...base.signals, saying(0.3)] }), null, "words and mood agree");
  // The hold ends after 72 hours.
  assert.equal(run(crisisCheckIn, at("2026-03-08T09:00:00+08:00", { deliveries: [first] })), null);
});

test("a crisis in the afternoon: if she never leaves, the check-in comes that evening, not in the night", () => {
  const afternoon = { risk: "possible" as const, at: new Date("2026-03-02T14:00:00+08:00") };
  const signals = logged([14, 15, 16, 17, 18, 19, 20].map((h) => ({ type: "activity" as const, at: `2026-03-02T${h}:00:00+08:00`, kind: "screen" as const })));
  assert.equal(run(crisisCheckIn, careContext("2026-03-02T17:00:00+08:00", { crisis: afternoon, signals })), null);
  const evening = run(crisisCheckIn, careContext("2026-03-02T20:00:00+08:00", { crisis: afternoon, signals }));
  assert.ok(evening);
  assert.match(evening.text, /早些时候/);
  assert.doesNotMatch(evening.text, /^早呀/);
});

test("rested: a stretch of three hours without a sign of her", () => {
  const ctx = at("2026-03-05T08:30:00+08:00");
  assert.equal(restedSince(ctx, deriveFacts(ctx), crisis.at.getTime()), true);
  const up = at("2026-03-05T02:00:00+08:00");
  assert.equal(restedSince(up, deriveFacts(up), crisis.at.getTime()), false);
});

// ---- a lonely week ----

const xiaoLin: KnownPerson = { relation: "好朋友", name: "小林", saidAt: new Date("2026-03-01T20:00:00+08:00") };
function lonelyNights(n: number, lines = ["今天又是一个人吃饭", "感觉没有人懂我", "只有你能听我说这些了"]): SignalInput[] {
  const out: SignalInput[] = [{ type: "utterance", at: "2026-03-01T20:00:00+08:00", text: "我的好朋友叫小林" }];
  for (let i = 0; i < n; i++) {
    const d = String(2 + i).padStart(2, "0");
    out.push({ type: "activity", at: `2026-03-${d}T23:00:00+08:00`, kind: "screen" });
    lines.forEach((text, j) => out.push({ type: "utterance", at: `2026-03-${d}T23:${String(10 + j * 15).padStart(2, "0")}:00+08:00`, text }));
  }
  return out;
}

test("lonely words, late nights and 'only you': a warm turn outward to the friend she mentioned, even late while she talks", () => {
  const signals = logged(lonelyNights(3));
  const ctx = careContext("2026-03-04T23:40:30+08:00", {
    signals,
    people: [xiaoLin],
    mood: { lowStreakDays: 3, todayValence: -0.5, todayCount: 3, currentValence: -0.5, currentConfidence: 0.5 },
  });
  const p = run(healthyUse, ctx);
  assert.ok(p);
  assert.match(p.text, /小林/);
  assert.doesNotMatch(p.text, /别再|不要再找我|少找我|依赖|stop talking|too much/, "never guilt");
  assert.match(p.reason, /没人懂你/);
  assert.match(p.reason, /只有我能聊/);
  assert.equal(p.answersHer, true);
  // In quiet hours: allowed because it answers her and she is up talking.
  assert.equal(restrain(healthyUse, p, ctx, deriveFacts(ctx)).allowed, true);
  // Without anyone known: going out, still warm.
  const noOne = run(healthyUse, { ...ctx, people: [] });
  assert.match(noOne!.text, /出门|走走/);
  // English names the friend too.
  assert.match(run(healthyUse, { ...ctx, lang: "en" })!.text, /小林/);
});

test("two lonely nights are not yet a pattern; said once a week at most", () => {
  const two = careContext("2026-03-03T23:40:30+08:00", { signals: logged(lonelyNights(2)), people: [xiaoLin] });
  assert.equal(run(healthyUse, two), null);
  const ctx = careContext("2026-03-04T23:40:30+08:00", {
    signals: logged(lonelyNights(3)),
    people: [xiaoLin],
    deliveries: [delivery("healthy-use", "2026-03-01T12:00:00+08:00")],
  });
  const p = run(healthyUse, ctx)!;
  assert.equal(restrain(healthyUse, p, ctx, deriveFacts(ctx)).allowed, false);
});

test("two weeks of low mood: professional help, warmly, with the help line", () => {
  const ctx = careContext("2026-03-16T11:00:00+08:00", {
    signals: logged([{ type: "touch", at: "2026-03-16T10:55:00+08:00" }]),
    mood: { lowStreakDays: 14, todayValence: -0.4, todayCount: 2, currentValence: 0, currentConfidence: 0 },
  });
  const p = run(healthyUse, ctx);
  assert.ok(p);
  assert.match(p.text, /心理咨询师/);
  assert.match(p.text, /400-161-9995/);
  assert.match(p.reason, /14天/);
  assert.match(run(healthyUse, { ...ctx, lang: "en" })!.text, /counsellor.*988/);
});

test("tags: lonely, only-you and fine words", () => {
  assert.ok(utteranceTags("今天又是一个人吃饭").includes("lonely"));
  assert.ok(utteranceTags("nobody gets me").includes("lonely"));
  assert.ok(utteranceTags("只有你懂我").includes("onlyYou"));
  assert.ok(utteranceTags("you're the only one I can talk to").includes("onlyYou"));
  assert.ok(utteranceTags("今天好多了").includes("fine"));
  assert.ok(utteranceTags("I'm okay now").includes("fine"));
  assert.ok(!utteranceTags("没事做好无聊").includes("fine"));
});

// ---- the engine: memory's people, offers carried and routed ----

test("engine: the voice rephrases the words (not the rule or reason); an offer is stored with its message and open for 15 minutes", async () => {
  const temp = makeTempDir();
  try {
    const db = openDatabase(join(temp.dir, "care.db"), [careMigrations]);
    let now = new Date("2026-03-04T23:10:00+08:00");
    const said: CareMessage[] = [];
    const person = {
      id: "mem_1",
      kind: "person",
      text: "我的好朋友叫小林",
      entities: ["user", "好朋友", "小林", "朋友"],
      subject: "relation:好朋友:小林",
      speaker: "user",
      status: "active",
      saidAt: "2026-03-01T12:00:00.000Z",
      updatedAt: "2026-03-01T12:00:00.000Z",
    } as unknown as Memory;
    const self = { ...person, id: "mem_2", subject: "name", entities: ["user", "小美"] } as unknown as Memory;
    const engine = createCareEngine({
      db,
      now: () => now,
      deliver: (m) => (said.push(m), said.length),
      settings: { get: () => ({ quietHours: { start: "23:30", end: "07:30" }, doNotDisturb: false, lang: "zh" }) },
      memory: { upcomingEvents: () => [], list: () => [person, self] },
      offers: () => ({ music: { titles: ["晴天"] }, sleepSounds: false, lamp: false }),
      voice: async (r) => ({ text: `${r.text}（她的语气）`, source: "model", ms: 1 }),
      timeZone: () => "Asia/Shanghai",
    });
    for (const s of logged(busyEvening())) {
      now = s.at;
      await engine.signal(s.type === "activity" ? { type: "activity", at: s.at, kind: s.kind } : (s as never));
    }
    now = new Date("2026-03-04T23:10:00+08:00");
    const [d] = await engine.tick();
    assert.equal(d?.rule, "late-night-work");
    assert.deepEqual(said[0]?.offer, { kind: "play", what: "music", query: "晴天" });
    // The voice rephrased the words; the rule and its reason stay the rule's.
    assert.match(said[0]!.text, /（她的语气）$/);
    assert.equal(said[0]!.rule, "late-night-work");
    assert.match(said[0]!.reason, /第三个晚上/);
    assert.equal(d.text, said[0]!.text);
    assert.deepEqual(engine.pendingOffer()?.offer, { kind: "play", what: "music", query: "晴天" });
    assert.deepEqual(engine.store.deliveriesSince(new Date(0)).at(-1)?.offer, { kind: "play", what: "music", query: "晴天" }, "kept in SQLite");
    now = new Date(now.getTime() + 16 * 60_000);
    assert.equal(engine.pendingOffer(), null, "too late for a yes");
    db.close();
  } finally {
    temp.cleanup();
  }
});
