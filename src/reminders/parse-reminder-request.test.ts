import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseReminderRequest } from "./parse-reminder-request.js";

// Tue 2026-11-24 10:00 in Shanghai.
const shNow = new Date("2026-11-24T02:00:00Z");
const SH = "Asia/Shanghai";

interface Case {
  text: string;
  title: string;
  dueAt: string;
  rrule?: string;
  confirmation?: string | RegExp;
}

function check(cases: Case[], now: Date, timeZone: string): void {
  for (const c of cases) {
    it(c.text, () => {
      const r = parseReminderRequest(c.text, { now, timeZone });
      assert.ok(r, `expected a reminder from "${c.text}"`);
      assert.equal(r.title, c.title);
      assert.equal(r.dueAt.toISOString(), c.dueAt);
      assert.equal(r.rrule, c.rrule);
      if (typeof c.confirmation === "string") assert.equal(r.confirmation, c.confirmation);
      else if (c.confirmation) assert.match(r.confirmation, c.confirmation);
    });
  }
}

describe("parseReminderRequest zh (Asia/Shanghai, Tue 10:00)", () => {
  check(
    [
      {
        text: "明天下午三点提醒我给妈妈打电话",
        title: "给妈妈打电话",
        dueAt: "2026-11-25T07:00:00.000Z",
        confirmation: "好嘞，明天（11月25日周三）下午3:00提醒你给妈妈打电话～",
      },
      {
        text: "每个工作日早上8点提醒我喝水",
        title: "喝水",
        dueAt: "2026-11-25T00:00:00.000Z",
        rrule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=8;BYMINUTE=0;BYSECOND=0",
        confirmation: /^好嘞，每个工作日早上8:00提醒你喝水～第一次是明天/,
      },
      {
        text: "后天上午十点半提醒我交报告",
        title: "交报告",
        dueAt: "2026-11-26T02:30:00.000Z",
        confirmation: "好嘞，后天（11月26日周四）上午10:30提醒你交报告～",
      },
      { text: "下周三晚上7点提醒我去健身", title: "去健身", dueAt: "2026-12-02T11:00:00.000Z", confirmation: /12月2日（周三）晚上7:00提醒你去健身/ },
      { text: "半小时后提醒我关火", title: "关火", dueAt: "2026-11-24T02:30:00.000Z", confirmation: "好嘞，半小时后（10:30）提醒你关火～" },
      { text: "20分钟后叫我", title: "", dueAt: "2026-11-24T02:20:00.000Z", confirmation: "好嘞，20分钟后（10:20）叫你～" },
      { text: "每天晚上十点提醒我吃药", title: "吃药", dueAt: "2026-11-24T14:00:00.000Z", rrule: "FREQ=DAILY;BYHOUR=22;BYMINUTE=0;BYSECOND=0" },
      {
        text: "每月1号提醒我交房租",
        title: "交房租",
        dueAt: "2026-12-01T01:00:00.000Z",
        rrule: "FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=9;BYMINUTE=0;BYSECOND=0",
        confirmation: /我先定在上午9:00/,
      },
      // A bare hour: the next one that makes sense.
      { text: "三点提醒我开会", title: "开会", dueAt: "2026-11-24T07:00:00.000Z" },
      { text: "8点提醒我看球赛", title: "看球赛", dueAt: "2026-11-24T12:00:00.000Z" },
      { text: "十一点提醒我喝水", title: "喝水", dueAt: "2026-11-24T03:00:00.000Z" },
      { text: "9点提醒我出门", title: "出门", dueAt: "2026-11-24T13:00:00.000Z" },
      { text: "两点一刻提醒我", title: "", dueAt: "2026-11-24T06:15:00.000Z" },
      { text: "下午三点四十提醒我取快递", title: "取快递", dueAt: "2026-11-24T07:40:00.000Z" },
      { text: "下午3点05分提醒我开会", title: "开会", dueAt: "2026-11-24T07:05:00.000Z" },
      { text: "晚上8:30提醒我追剧", title: "追剧", dueAt: "2026-11-24T12:30:00.000Z" },
      { text: "明天三点一起吃饭，提醒我一下", title: "一起吃饭", dueAt: "2026-11-25T07:00:00.000Z" },
      { text: "明天8点提醒我跑步", title: "跑步", dueAt: "2026-11-25T00:00:00.000Z" },
      // No time: 09:00, said out loud.
      { text: "明天提醒我取快递", title: "取快递", dueAt: "2026-11-25T01:00:00.000Z", confirmation: /你没说几点，我先定在上午9:00/ },
      { text: "大后天提醒我还书", title: "还书", dueAt: "2026-11-27T01:00:00.000Z" },
      { text: "这周五晚上提醒我看电影", title: "看电影", dueAt: "2026-11-27T12:00:00.000Z" },
      { text: "周末提醒我打扫卫生", title: "打扫卫生", dueAt: "2026-11-28T01:00:00.000Z" },
      { text: "下周末提醒我回家", title: "回家", dueAt: "2026-12-05T01:00:00.000Z" },
      { text: "周一提醒我交周报", title: "交周报", dueAt: "2026-11-30T01:00:00.000Z" },
      { text: "星期二下午提醒我理发", title: "理发", dueAt: "2026-11-24T07:00:00.000Z" },
      { text: "12月3日提醒我给我妈买礼物", title: "给我妈买礼物", dueAt: "2026-12-03T01:00:00.000Z", confirmation: /提醒你给你妈买礼物/ },
      { text: "5号提醒我还信用卡", title: "还信用卡", dueAt: "2026-12-05T01:00:00.000Z" },
      { text: "30号提醒我交水电费", title: "交水电费", dueAt: "2026-11-30T01:00:00.000Z" },
      { text: "今晚十点提醒我早点睡", title: "早点睡", dueAt: "2026-11-24T14:00:00.000Z" },
      { text: "明早7点叫醒我", title: "", dueAt: "2026-11-24T23:00:00.000Z" },
      { text: "中午12点提醒我吃饭", title: "吃饭", dueAt: "2026-11-24T04:00:00.000Z" },
      { text: "凌晨两点提醒我看流星雨", title: "看流星雨", dueAt: "2026-11-24T18:00:00.000Z" },
      // Relative offsets.
      { text: "一个半小时后提醒我吃饭", title: "吃饭", dueAt: "2026-11-24T03:30:00.000Z", confirmation: "好嘞，一个半小时后（11:30）提醒你吃饭～" },
      { text: "两个小时后提醒我收衣服", title: "收衣服", dueAt: "2026-11-24T04:00:00.000Z" },
      { text: "过十分钟提醒我看一下锅", title: "看一下锅", dueAt: "2026-11-24T02:10:00.000Z" },
      { text: "一刻钟后提醒我", title: "", dueAt: "2026-11-24T02:15:00.000Z" },
      { text: "三天后提醒我复查", title: "复查", dueAt: "2026-11-27T01:00:00.000Z" },
      { text: "提醒我半小时后关火", title: "关火", dueAt: "2026-11-24T02:30:00.000Z" },
      { text: "给妈妈打电话，明天下午三点提醒我", title: "给妈妈打电话", dueAt: "2026-11-25T07:00:00.000Z" },
      // Recurrence.
      {
        text: "每隔一周周五提醒我浇花",
        title: "浇花",
        dueAt: "2026-11-27T01:00:00.000Z",
        rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;BYHOUR=9;BYMINUTE=0;BYSECOND=0",
      },
      {
        text: "每周三晚上7点提醒我去健身",
        title: "去健身",
        dueAt: "2026-11-25T11:00:00.000Z",
        rrule: "FREQ=WEEKLY;BYDAY=WE;BYHOUR=19;BYMINUTE=0;BYSECOND=0",
        confirmation: /^好嘞，每周三晚上7:00提醒你去健身～/,
      },
      {
        text: "每周一和周四早上提醒我倒垃圾",
        title: "倒垃圾",
        dueAt: "2026-11-26T00:00:00.000Z",
        rrule: "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=8;BYMINUTE=0;BYSECOND=0",
      },
      { text: "每天早上7点半叫我起床", title: "起床", dueAt: "2026-11-24T23:30:00.000Z", rrule: "FREQ=DAILY;BYHOUR=7;BYMINUTE=30;BYSECOND=0" },
      { text: "每晚十点半提醒我护肤", title: "护肤", dueAt: "2026-11-24T14:30:00.000Z", rrule: "FREQ=DAILY;BYHOUR=22;BYMINUTE=30;BYSECOND=0" },
      { text: "每月最后一天提醒我记账", title: "记账", dueAt: "2026-11-30T01:00:00.000Z", rrule: "FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=9;BYMINUTE=0;BYSECOND=0" },
      {
        text: "每年3月8日提醒我给妈妈买花",
        title: "给妈妈买花",
        dueAt: "2027-03-08T01:00:00.000Z",
        rrule: "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=8;BYHOUR=9;BYMINUTE=0;BYSECOND=0",
      },
      { text: "每隔两个小时提醒我起来活动", title: "起来活动", dueAt: "2026-11-24T04:00:00.000Z", rrule: "FREQ=HOURLY;INTERVAL=2" },
      {
        text: "工作日下午五点半提醒我下班打卡",
        title: "下班打卡",
        dueAt: "2026-11-24T09:30:00.000Z",
        rrule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=17;BYMINUTE=30;BYSECOND=0",
      },
    ],
    shNow,
    SH,
  );

  it("a time already said to be past today is flagged, not silently moved", () => {
    const r = parseReminderRequest("今天早上8点提醒我吃早饭", { now: shNow, timeZone: SH });
    assert.ok(r);
    assert.equal(r.inPast, true);
    assert.match(r.confirmation, /已经过去啦/);
  });

  for (const text of ["今天天气怎么样", "我好累啊", "提醒我给妈妈打电话", "我三点要开会", "你还记得我吗", "我有哪些提醒", ""]) {
    it(`not a reminder request: "${text}"`, () => {
      assert.equal(parseReminderRequest(text, { now: shNow, timeZone: SH }), null);
    });
  }
});

// Tue 2026-11-24 10:00 EST in New York.
const nyNow = new Date("2026-11-24T15:00:00Z");
const NY = "America/New_York";

describe("parseReminderRequest en (America/New_York, Tue 10:00)", () => {
  check(
    [
      {
        text: "remind me to call mom tomorrow at 3pm",
        title: "call mom",
        dueAt: "2026-11-25T20:00:00.000Z",
        confirmation: "Got it — I'll remind you to call mom tomorrow (Wed, Nov 25) at 3:00 PM.",
      },
      {
        text: "remind me in 20 minutes to take the pizza out",
        title: "take the pizza out",
        dueAt: "2026-11-24T15:20:00.000Z",
        confirmation: "Got it — I'll remind you to take the pizza out in 20 minutes (at 10:20 AM).",
      },
      {
        text: "every other Friday at 6pm remind me to water the plants",
        title: "water the plants",
        dueAt: "2026-11-27T23:00:00.000Z",
        rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;BYHOUR=18;BYMINUTE=0;BYSECOND=0",
        confirmation: /every other Friday at 6:00 PM/,
      },
      {
        text: "remind me every weekday at 8am to drink water",
        title: "drink water",
        dueAt: "2026-11-25T13:00:00.000Z",
        rrule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=8;BYMINUTE=0;BYSECOND=0",
        confirmation: /every weekday at 8:00 AM, starting tomorrow/,
      },
      { text: "remind me next Wednesday to book tickets", title: "book tickets", dueAt: "2026-12-02T14:00:00.000Z", confirmation: /9:00 AM/ },
      { text: "remind me at 3 to call my sister", title: "call my sister", dueAt: "2026-11-24T20:00:00.000Z", confirmation: /call your sister today/ },
      { text: "remind me at 9 to check the oven", title: "check the oven", dueAt: "2026-11-25T02:00:00.000Z" },
      {
        text: "remind me on Dec 3 at noon about the dentist",
        title: "the dentist",
        dueAt: "2026-12-03T17:00:00.000Z",
        confirmation: /remind you about the dentist/,
      },
      {
        text: "remind me every month on the 1st to pay rent",
        title: "pay rent",
        dueAt: "2026-12-01T14:00:00.000Z",
        rrule: "FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=9;BYMINUTE=0;BYSECOND=0",
      },
      { text: "Remind me to stretch in 2 hours", title: "stretch", dueAt: "2026-11-24T17:00:00.000Z" },
      { text: "remind me tonight at 10 to take my meds", title: "take my meds", dueAt: "2026-11-25T03:00:00.000Z", confirmation: /take your meds/ },
      {
        text: "remind me every day at 7:30am to meditate",
        title: "meditate",
        dueAt: "2026-11-25T12:30:00.000Z",
        rrule: "FREQ=DAILY;BYHOUR=7;BYMINUTE=30;BYSECOND=0",
      },
      {
        text: "remind me every Monday and Thursday at 7pm to take out the trash",
        title: "take out the trash",
        dueAt: "2026-11-27T00:00:00.000Z",
        rrule: "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=19;BYMINUTE=0;BYSECOND=0",
      },
      { text: "set a reminder for Friday at 5pm to submit the report", title: "submit the report", dueAt: "2026-11-27T22:00:00.000Z" },
      {
        text: "remind me tomorrow to pick up the dry cleaning",
        title: "pick up the dry cleaning",
        dueAt: "2026-11-25T14:00:00.000Z",
        confirmation: /You didn't say a time, so I picked 9:00 AM/,
      },
      { text: "wake me up at 6:45 tomorrow", title: "", dueAt: "2026-11-25T11:45:00.000Z" },
    ],
    nyNow,
    NY,
  );

  for (const text of ["what are my reminders", "I had a rough day", "remind me to call mom", "how's the weather tomorrow"]) {
    it(`not a reminder request: "${text}"`, () => {
      assert.equal(parseReminderRequest(text, { now: nyNow, timeZone: NY }), null);
    });
  }
});

describe("parseReminderRequest across DST (Europe/Berlin)", () => {
  // Sat 2026-03-28 10:00 CET; clocks go forward on Sun 03-29 at 02:00.
  const now = new Date("2026-03-28T09:00:00Z");
  const BER = "Europe/Berlin";
  check(
    [
      { text: "明天早上8点提醒我去跑步", title: "去跑步", dueAt: "2026-03-29T06:00:00.000Z" },
      {
        text: "remind me every day at 8am to take vitamins",
        title: "take vitamins",
        dueAt: "2026-03-29T06:00:00.000Z",
        rrule: "FREQ=DAILY;BYHOUR=8;BYMINUTE=0;BYSECOND=0",
      },
      { text: "remind me tomorrow at 3pm to call Oma", title: "call Oma", dueAt: "2026-03-29T13:00:00.000Z" },
      // 02:30 does not exist that night: it moves forward by the gap.
      { text: "明天凌晨两点半提醒我看极光", title: "看极光", dueAt: "2026-03-29T01:30:00.000Z" },
    ],
    now,
    BER,
  );

  it("a relative time is exact elapsed time, even across the change", () => {
    const r = parseReminderRequest("in 2 hours remind me to check", { now: new Date("2026-03-29T00:30:00Z"), timeZone: BER });
    assert.ok(r);
    assert.equal(r.dueAt.toISOString(), "2026-03-29T02:30:00.000Z");
  });

  it("New York fall-back: tomorrow 3pm is 15:00 EST", () => {
    const r = parseReminderRequest("remind me tomorrow at 3pm to call mom", { now: new Date("2026-10-31T14:00:00Z"), timeZone: NY });
    assert.ok(r);
    assert.equal(r.dueAt.toISOString(), "2026-11-01T20:00:00.000Z");
  });
});

describe("time zone of `now`", () => {
  it("reads the day in the user's zone, not UTC (23:30 UTC is already tomorrow in Shanghai)", () => {
    // 2026-11-24T23:30Z is Wed 07:30 in Shanghai: 明天 is Thursday the 26th.
    const r = parseReminderRequest("明天下午三点提醒我开会", { now: new Date("2026-11-24T23:30:00Z"), timeZone: SH });
    assert.ok(r);
    assert.equal(r.dueAt.toISOString(), "2026-11-26T07:00:00.000Z");
  });

  it("lang can be forced", () => {
    const r = parseReminderRequest("明天下午三点提醒我开会", { now: shNow, timeZone: SH, lang: "zh" });
    assert.equal(r?.lang, "zh");
  });
});

describe("parse speed", () => {
  it("stays well under 10 ms per request once warm", () => {
    const texts = [
      "明天下午三点提醒我给妈妈打电话",
      "每个工作日早上8点提醒我喝水",
      "remind me to call mom tomorrow at 3pm",
      "every other Friday at 6pm remind me to water the plants",
      "今天天气怎么样",
    ];
    for (const t of texts) parseReminderRequest(t, { now: shNow, timeZone: SH });
    const rounds = 200;
    const start = performance.now();
    for (let i = 0; i < rounds; i++) for (const t of texts) parseReminderRequest(t, { now: shNow, timeZone: SH });
    const perRequest = (performance.now() - start) / (rounds * texts.length);
    assert.ok(perRequest < 10, `took ${perRequest.toFixed(3)} ms per request`);
  });
});
