// The built-in care rules. Each is a pure function of (signals, state, now): it proposes what to say
// and why; whether it is said at all is up to restraint (care-restraint.ts).
import { type Lang, hasHan } from "../kernel/lang.js";
import type { CareContext, CareFacts, LoggedSignal } from "./care-context.js";
import type { CareProposal, CareRule } from "./care-rule.js";
import { enClock, pick, say, zhClock } from "./care-wording.js";
import { DAY, HOUR, MINUTE, addDays, localInstant, localTime, parseClock } from "./local-time.js";
import { healthyUseTrend } from "./healthy-use.js";
import type { CareOffer } from "./care-offers.js";
import { restedSince, usualUpMinutes } from "./her-day.js";

const proposal = (
  ctx: CareContext,
  rule: string,
  key: string | null,
  reason: { zh: string; en: string },
  text: { zh: string; en: string },
  answersHer = false,
  offer?: CareOffer | null,
  keep?: string[],
): CareProposal => ({
  rule,
  key,
  reason: reason[ctx.lang],
  text: text[ctx.lang],
  lang: ctx.lang,
  ...(answersHer ? { answersHer: true } : {}),
  ...(offer ? { offer } : {}),
  ...(keep && keep.length > 0 ? { keep } : {}),
});

type Bilingual = { zh: string; en: string };
/** An offer of something the device can do right now, and the words that make it. */
type Offering = { offer: CareOffer; words: Bilingual };

/** Offer music only when the device can play it, naming a title only when it has one. */
function musicOffer(ctx: CareContext, salt: string, mood: "gentle" | "upbeat"): Offering | null {
  const music = ctx.offers.music;
  if (!music) return null;
  const title = music.titles.length > 0 ? pick(music.titles, ctx.seed, `title:${salt}`) : null;
  const query = title ?? (mood === "gentle" ? "轻音乐 relaxing" : "欢快 upbeat");
  const words =
    mood === "gentle"
      ? title
        ? { zh: `我给你放首《${title}》陪你收个尾？`, en: `Shall I put on "${title}" while you wrap up?` }
        : { zh: "我放首轻一点的歌陪你好不好？", en: "Want me to put on something gentle?" }
      : title
        ? { zh: `要不要放首《${title}》庆祝一下？`, en: `Shall we celebrate with "${title}"?` }
        : { zh: "要不要放首歌庆祝一下？", en: "Shall we celebrate with a song?" };
  return { offer: { kind: "play", what: "music", query }, words };
}

function sleepSoundsOffer(ctx: CareContext): Offering | null {
  if (!ctx.offers.sleepSounds) return null;
  return {
    offer: { kind: "play", what: "sleep-sounds", query: "white noise" },
    words: { zh: "要不要我放点助眠的白噪音？", en: "I can play some white noise if you like." },
  };
}

function lampOffer(ctx: CareContext): Offering | null {
  if (!ctx.offers.lamp) return null;
  return { offer: { kind: "lamp", action: "dim" }, words: { zh: "要不要我把灯调暗一点？", en: "Want me to dim the lights?" } };
}

/** The message with the offer's words after it (or as it is, when nothing can be offered). */
function withOffer(text: Bilingual, offering: Offering | null): Bilingual {
  if (!offering) return text;
  return { zh: `${text.zh}${offering.words.zh}`, en: `${text.en} ${offering.words.en}` };
}

/** When she last moved (a location change or arrival/departure): sitting ended, and she may have gone out to eat. */
function lastMove(ctx: CareContext): number {
  let previous: string | null = null;
  let moved = -Infinity;
  for (const s of ctx.signals) {
    if (s.type !== "location" || s.at.getTime() > ctx.now.getTime()) continue;
    const place = s.place.trim().toLowerCase();
    if (s.event !== undefined || (previous !== null && place !== previous)) moved = s.at.getTime();
    previous = place;
  }
  return moved;
}

const words = (ctx: CareContext, salt: string, zh: readonly string[], en: readonly string[]) => ({
  zh: say({ zh, en }, "zh", ctx.seed, salt),
  en: say({ zh, en }, "en", ctx.seed, salt),
});

/** The latest utterance if it came in the last two minutes (rules that answer her words). */
function freshUtterance(ctx: CareContext, facts: CareFacts) {
  const u = facts.lastUtterance;
  return u && ctx.now.getTime() - u.at.getTime() <= 2 * MINUTE ? u : null;
}

const lateNightStart = 23 * 60;
const nightEnd = 5 * 60;

/** The local date a night belongs to: 01:00 on the 3rd is the night of the 2nd. */
function nightOf(at: number, offset: number): string | null {
  const local = localTime(at, offset);
  if (local.minutes >= lateNightStart) return local.date;
  if (local.minutes < nightEnd) return addDays(local.date, -1);
  return null;
}

/** Nights on which she was still working past 23:00 (a night is named by its evening's date). */
export function lateWorkNights(facts: CareFacts): Set<string> {
  const nights = new Set<string>();
  for (const s of facts.sessions) {
    if (s.kind !== "work") continue;
    const last = localTime(s.end, s.offset).date;
    for (let day = addDays(localTime(s.start, s.offset).date, -1); day <= last; day = addDays(day, 1)) {
      const from = localInstant(day, lateNightStart + 1, s.offset).getTime();
      const to = localInstant(addDays(day, 1), nightEnd, s.offset).getTime();
      if (s.start < to && s.end >= from) nights.add(day);
    }
  }
  return nights;
}

export const lateNightWork: CareRule = {
  name: "late-night-work",
  priority: "high",
  // Said on the third late night; if the streak goes on, again about six nights later, not nightly.
  cooldownMs: 6 * DAY - 2 * HOUR,
  group: "rest",
  groupCooldownMs: 6 * HOUR,
  restCare: true,
  evaluate(ctx, facts) {
    // Only while the evidence says she is at work now (a report within the horizon), never by guess.
    if (facts.current?.kind !== "work") return null;
    const tonight = nightOf(ctx.now.getTime(), ctx.offset);
    if (!tonight || localTime(ctx.now, ctx.offset).minutes === lateNightStart) return null;
    const nights = [...lateWorkNights(facts)].filter((d) => d <= tonight && d > addDays(tonight, -7));
    if (!nights.includes(tonight) || nights.length < 3) return null;
    const n = nights.length;
    const zhN = ["", "一", "二", "三", "四", "五", "六", "七"][n] ?? String(n);
    const enN = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh"][n] ?? `${n}th`;
    const offering = musicOffer(ctx, `late:${tonight}`, "gentle");
    return proposal(
      ctx,
      this.name,
      `night:${tonight}`,
      { zh: `这周第${zhN}个晚上过了23点还在工作`, en: `the ${enN} night this week you're still working past 11 pm` },
      withOffer(
        words(
          ctx,
          `late:${tonight}`,
          [
            `又到这么晚啦，这周第${zhN}次了。今天先到这儿好不好？`,
            `这周已经第${zhN}个晚上忙到这么晚了，身体会抗议的哦。剩下的明天再说吧。`,
            `第${zhN}个熬夜的晚上啦……工作是做不完的，你可只有一个。保存一下，早点休息？`,
          ],
          [
            `It's late again — the ${enN} time this week. How about we stop here for today?`,
            `That's the ${enN} late night this week. The rest can wait until tomorrow.`,
            `Another late one, the ${enN} this week… the work will still be there tomorrow. Save it and rest?`,
          ],
        ),
        offering,
      ),
      false,
      offering?.offer,
      [zhN, enN],
    );
  },
};

/** When an alarm will ring, from "06:30" (next such time after it was set) or an ISO instant. */
export function alarmInstant(signal: Extract<LoggedSignal, { type: "phone.alarm_set" }>): Date {
  if (signal.time.includes("T")) {
    // Without an offset the phone meant her own wall clock when she set it.
    const m = /^(\d{4}-\d\d-\d\d)T(\d\d):(\d\d)(?::\d\d(?:\.\d+)?)?$/.exec(signal.time);
    return m ? localInstant(m[1]!, Number(m[2]) * 60 + Number(m[3]), signal.offset) : new Date(signal.time);
  }
  const local = localTime(signal.at, signal.offset);
  const minutes = parseClock(signal.time);
  const date = minutes > local.minutes ? local.date : addDays(local.date, 1);
  return localInstant(date, minutes, signal.offset);
}

const SLEEP_BEFORE_ALARM_MS = 8 * HOUR;

export const earlyAlarmBedtime: CareRule = {
  name: "early-alarm-bedtime",
  priority: "high",
  cooldownMs: 10 * HOUR,
  group: "rest",
  groupCooldownMs: 2 * HOUR,
  restCare: true,
  evaluate(ctx) {
    const now = ctx.now.getTime();
    // The earliest early alarm of the coming morning.
    let best: { at: Date; minutes: number } | null = null;
    for (const s of ctx.signals) {
      if (s.type !== "phone.alarm_set" || s.at.getTime() > now || now - s.at.getTime() > DAY) continue;
      const at = alarmInstant(s);
      const minutes = localTime(at, ctx.offset).minutes;
      if (minutes < 3 * 60 || minutes > 8 * 60) continue;
      const nudgeAt = at.getTime() - SLEEP_BEFORE_ALARM_MS;
      // From 8 h before until she would get less than 5 h anyway (then it is no longer a nudge).
      if (now < nudgeAt || now > at.getTime() - 5 * HOUR) continue;
      if (!best || at.getTime() < best.at.getTime()) best = { at, minutes };
    }
    if (!best) return null;
    const zhTime = zhClock(best.minutes);
    const enTime = enClock(best.minutes);
    const offering = lampOffer(ctx);
    return proposal(
      ctx,
      this.name,
      `alarm:${best.at.toISOString()}`,
      { zh: `你手机上定了明早${zhTime}的闹钟，睡够8小时就该准备睡了`, en: `your phone has an alarm at ${enTime}; 8 hours of sleep means bedtime about now` },
      withOffer(
        words(
          ctx,
          `alarm:${best.at.toISOString()}`,
          [
            `明早${zhTime}就要起床哦，早点睡～`,
            `闹钟定在明早${zhTime}呢，现在睡还能睡够8小时，快去洗漱吧～`,
            `明天${zhTime}就得起啦，今晚别熬了，早点躺下吧～`,
          ],
          [
            `Your alarm's at ${enTime} tomorrow — time to head to bed soon~`,
            `Up at ${enTime} tomorrow! If you sleep now you'll still get 8 hours.`,
            `Early start tomorrow (${enTime}). Let's call it a night?`,
          ],
        ),
        offering,
      ),
      false,
      offering?.offer,
      [zhTime, enTime],
    );
  },
};

export const lowMoodCheckIn: CareRule = {
  name: "low-mood-check-in",
  priority: "high",
  cooldownMs: 20 * HOUR,
  evaluate(ctx, facts) {
    if (ctx.mood.lowStreakDays < 3 || !facts.around) return null;
    const days = ctx.mood.lowStreakDays;
    return proposal(
      ctx,
      this.name,
      `low:${facts.local.date}`,
      { zh: `这${days}天你的心情好像一直有点低落`, en: `you've seemed low for ${days} days in a row` },
      words(
        ctx,
        `low:${facts.local.date}`,
        [
          "这几天感觉你有点不开心……不用勉强自己，想聊聊的话我一直都在。",
          "最近好像有心事？说出来会轻一点，不想说也没关系，我就在这儿陪着你。",
          "这几天辛苦了。要不要跟我说说？或者我们就安安静静待一会儿也好。",
        ],
        [
          "You've seemed a bit down these past few days… no pressure, but I'm here if you want to talk.",
          "Something on your mind lately? Talking can make it lighter — and if not, I'll just keep you company.",
          "These days have been hard, huh. Want to tell me about it? Or we can just sit quietly for a bit.",
        ],
      ),
    );
  },
};

export const goodDay: CareRule = {
  name: "good-day",
  priority: "normal",
  cooldownMs: 20 * HOUR,
  evaluate(ctx, facts) {
    const u = freshUtterance(ctx, facts);
    if (!u) return null;
    const happyWords = u.tags.includes("happy");
    const happyMood = ctx.mood.currentValence >= 0.35 && ctx.mood.currentConfidence >= 0.3 && (ctx.mood.todayValence ?? 0) >= 0.2;
    // "早上好" / "good morning" is a greeting, not news of a good day.
    if (!happyWords && (!happyMood || u.tags.includes("greeting"))) return null;
    if (u.tags.includes("sad")) return null;
    const base = words(
      ctx,
      `good:${facts.local.date}`,
      ["哇，听得出来你今天超开心！快跟我多说说，我也想沾沾喜气～", "今天是个好日子呀！你开心我就开心～", "好消息要分享！我就知道你可以的，为你骄傲～"],
      [
        "I can hear how happy you are today! Tell me more, I want to share the joy~",
        "What a good day! Your happiness is contagious~",
        "Good news deserves sharing! I knew you could do it — so proud of you~",
      ],
    );
    // A song to celebrate, on the line that invites one, only when there is one to play.
    const offering = base.zh.startsWith("今天是个好日子") ? musicOffer(ctx, `good:${facts.local.date}`, "upbeat") : null;
    return proposal(
      ctx,
      this.name,
      `good:${facts.local.date}`,
      { zh: "你今天听起来特别开心", en: "you sound really happy today" },
      withOffer(base, offering),
      true,
      offering?.offer,
    );
  },
};

export const faceLooksDown: CareRule = {
  name: "looks-down",
  priority: "normal",
  cooldownMs: 4 * HOUR,
  reactive: true,
  evaluate(ctx) {
    const now = ctx.now.getTime();
    const face = [...ctx.signals].reverse().find((s) => s.type === "face" && s.at.getTime() <= now);
    if (!face || face.type !== "face" || now - face.at.getTime() > 5 * MINUTE) return null;
    if (!/sad|angry|fear|disgust|frown|cry|upset|难过|生气|皱眉/i.test(face.expression)) return null;
    return proposal(
      ctx,
      this.name,
      null,
      { zh: "你的表情看起来不太开心（摄像头是你开的）", en: "your face looked unhappy (you turned the camera on)" },
      words(
        ctx,
        `face:${face.id}`,
        ["你看起来不太开心，想聊聊吗？", "怎么皱着眉头呀？有什么事可以跟我说哦。", "是不是遇到烦心事了？我在呢。"],
        ["You look a little down. Want to talk?", "Why the frown? You can tell me anything.", "Something bothering you? I'm right here."],
      ),
    );
  },
};

const rainy = /rain|drizzle|shower|storm|thunder|snow|sleet|hail|雨|雪|雷|冰雹/i;

const zhConditions: [RegExp, string][] = [
  [/thunder|storm/i, "雷雨"],
  [/sleet/i, "雨夹雪"],
  [/snow/i, "下雪"],
  [/heavy rain/i, "大雨"],
  [/light rain|drizzle/i, "小雨"],
  [/shower/i, "阵雨"],
  [/rain/i, "下雨"],
  [/fog|mist|haze/i, "有雾"],
  [/overcast|cloud/i, "多云"],
  [/clear|sunny|fair/i, "晴"],
];

/** Her words for the weather when she speaks Chinese ("light rain" → 小雨); already Chinese stays. */
function zhCondition(condition: string): string {
  if (hasHan(condition)) return condition;
  return zhConditions.find(([re]) => re.test(condition))?.[1] ?? condition;
}
const snowy = /snow|sleet|雪/i;

export const morningWeather: CareRule = {
  name: "morning-weather",
  priority: "normal",
  cooldownMs: 20 * HOUR,
  evaluate(ctx, facts) {
    if (facts.local.minutes < 6 * 60 || facts.local.minutes >= 11 * 60 || !facts.around) return null;
    const now = ctx.now.getTime();
    const weather = [...ctx.signals].reverse().find((s) => s.type === "weather" && s.at.getTime() <= now);
    if (!weather || weather.type !== "weather" || now - weather.at.getTime() > 12 * HOUR) return null;
    const wet = rainy.test(weather.condition);
    const tempC = weather.tempC;
    const cold = tempC !== undefined && tempC <= 10;
    const hot = tempC !== undefined && tempC >= 33;
    if (!wet && !cold && !hot) return null;
    const t = Math.round(tempC ?? 0);
    const salt = `weather:${facts.local.date}`;
    let text: { zh: string; en: string };
    if (wet && snowy.test(weather.condition))
      text = words(
        ctx,
        salt,
        [`外面下雪啦，才${t}度！穿厚点、鞋子防滑，别为了好看冻成冰雕哦～`, `下雪了！${t}度，围巾手套都带上，路滑慢慢走～`],
        [
          `It's snowing out, ${t}°C! Bundle up and wear shoes with grip — no turning into an ice sculpture for fashion~`,
          `Snow day! ${t}°C. Scarf, gloves, and careful steps~`,
        ],
      );
    else if (wet && cold)
      text = words(
        ctx,
        salt,
        [`今天下雨还只有${t}度，记得带伞、多穿一件！别又说“就一点点雨”然后淋成落汤鸡哦～`, `又冷又下雨（${t}度），伞和外套都带上，我可不想看你回来瑟瑟发抖～`],
        [
          `Rain and only ${t}°C today — take an umbrella and an extra layer! Don't pull the "it's just a little rain" thing again~`,
          `Cold and wet out (${t}°C): umbrella and a warm coat, please. I don't want you coming home shivering~`,
        ],
      );
    else if (wet)
      text = words(
        ctx,
        salt,
        ["今天有雨，出门记得带伞！上次说“不会下的”那个人是谁来着～", "外面在下雨哦，伞伞带上！别又淋成落汤鸡回来～", "下雨天，记得带伞，鞋子也穿防水点的～"],
        [
          "Rain today — don't forget your umbrella! Who was it that said \"it won't rain\" last time~",
          "It's raining out there, umbrella time! No coming home soaked again~",
          "Rainy day: umbrella, and maybe shoes that don't mind puddles~",
        ],
      );
    else if (cold)
      text = words(
        ctx,
        salt,
        [`今天才${t}度，多穿点！美丽“冻”人可不行哦～`, `外面${t}度，有点冷，围巾戴上再出门～`],
        [`Only ${t}°C today — dress warm! Looking cool isn't worth freezing for~`, `It's ${t}°C out there, grab a scarf before you go~`],
      );
    else
      text = words(
        ctx,
        salt,
        [`今天${t}度，热到冒烟！防晒涂上、水带够～`, `高温预警：${t}度！出门记得带水，别在太阳底下晒太久～`],
        [`${t}°C today, scorching! Sunscreen on and bring water~`, `Heat alert: ${t}°C! Carry water and stay out of the midday sun~`],
      );
    const zhTemp = tempC === undefined ? "" : `，${t}°C`;
    const enTemp = tempC === undefined ? "" : `, ${t}°C`;
    return proposal(
      ctx,
      this.name,
      `weather:${facts.local.date}`,
      { zh: `今早的天气：${zhCondition(weather.condition)}${zhTemp}`, en: `this morning's weather: ${weather.condition}${enTemp}` },
      text,
    );
  },
};

export const longSitting: CareRule = {
  name: "long-sitting",
  priority: "low",
  cooldownMs: 85 * MINUTE,
  evaluate(ctx, facts) {
    const s = facts.current;
    if (!s || s.kind !== "work") return null;
    // "Stretch, then carry on" is daytime care: late at night, or after being told to rest, it would urge her on.
    if (facts.local.minutes >= 22 * 60 + 30 || facts.local.minutes < 6 * 60) return null;
    const now = ctx.now.getTime();
    if (ctx.deliveries.some((d) => d.group === "rest" && now - d.at.getTime() < 3 * HOUR)) return null;
    const last =
      [...ctx.deliveries]
        .reverse()
        .find((d) => d.rule === this.name)
        ?.at.getTime() ?? -Infinity;
    const since = Math.max(s.start, last, lastMove(ctx));
    const minutes = Math.floor((now - since) / MINUTE);
    if (minutes <= 90) return null;
    return proposal(
      ctx,
      this.name,
      null,
      { zh: `你已经连续坐着工作${minutes}分钟了`, en: `you've been working without a break for ${minutes} minutes` },
      words(
        ctx,
        `sit:${since}`,
        [
          `坐了${minutes < 120 ? "一个半小时" : `${Math.floor(minutes / 60)}个多小时`}啦，站起来伸个懒腰、转转脖子吧～`,
          "久坐警告！起来走两步，顺便看看窗外放松下眼睛～",
          "你的腰在喊救命啦，起来活动五分钟再继续？",
        ],
        [
          `You've been sitting for ${minutes < 120 ? "an hour and a half" : `over ${Math.floor(minutes / 60)} hours`} — stand up and stretch~`,
          "Sitting alert! Walk around a little and rest your eyes on something far away~",
          "Your back is calling for help — five minutes of moving around?",
        ],
      ),
    );
  },
};

/** Minutes of work or screen time between two instants. */
function activeMinutes(facts: CareFacts, from: number, to: number): number {
  let total = 0;
  for (const s of facts.sessions) {
    if (s.kind === "idle") continue;
    const a = Math.max(s.start, from);
    const b = Math.min(s.end, to);
    if (b > a) total += b - a;
  }
  return total / MINUTE;
}

export const drinkWater: CareRule = {
  name: "water",
  priority: "low",
  cooldownMs: 110 * MINUTE,
  evaluate(ctx, facts) {
    if (facts.local.minutes < 8 * 60 || facts.local.minutes >= 22 * 60 || !facts.current || facts.current.kind === "idle") return null;
    const now = ctx.now.getTime();
    const dayStart = localInstant(facts.local.date, 5 * 60, ctx.offset).getTime();
    const last =
      [...ctx.deliveries]
        .reverse()
        .find((d) => d.rule === this.name)
        ?.at.getTime() ?? -Infinity;
    const since = Math.max(dayStart, last);
    if (activeMinutes(facts, since, now) < 120) return null;
    // "No break seen" only when one session really spans the two hours.
    const straight = facts.current.start <= now - 120 * MINUTE;
    return proposal(
      ctx,
      this.name,
      null,
      straight
        ? { zh: "你已经忙了两个小时左右，没见你歇过", en: "you've been busy for about two hours without a break" }
        : { zh: "你已经忙了两个小时左右", en: "you've been busy for about two hours" },
      words(
        ctx,
        `water:${now}`,
        ["忙了两个小时啦，喝口水吧！", "提醒一下：该喝水啦，杯子空了就去接一杯～", "补水时间到～喝完水再继续加油！"],
        ["Two hours in — have some water!", "Quick reminder: time for a glass of water~", "Hydration break~ then back to it!"],
      ),
    );
  },
};

const meals = [
  { name: "lunch", zh: "午饭", en: "lunch", from: 12 * 60 + 30, to: 14 * 60, busySince: 11 * 60 + 30 },
  { name: "dinner", zh: "晚饭", en: "dinner", from: 18 * 60 + 30, to: 20 * 60, busySince: 17 * 60 + 30 },
] as const;

export const mealTime: CareRule = {
  name: "meal",
  priority: "normal",
  cooldownMs: 2 * HOUR,
  evaluate(ctx, facts) {
    const u = freshUtterance(ctx, facts);
    if (u && u.tags.includes("hungry")) {
      return proposal(
        ctx,
        this.name,
        `said:${u.id}`,
        { zh: "你刚说饿了／还没吃饭", en: "you just said you're hungry or haven't eaten" },
        words(
          ctx,
          `hungry:${u.id}`,
          ["饿了就快去吃点东西！再忙也要先把肚子喂饱～", "还没吃饭？不行不行，先去吃饭，我等你回来～", "胃会抗议的！吃点热乎的吧，别随便对付哦。"],
          [
            "Hungry? Go eat something! However busy you are, food first~",
            "You haven't eaten? Nope — go eat, I'll be here when you're back~",
            "Your stomach will protest! Have something warm, not just snacks.",
          ],
        ),
        true,
      );
    }
    const s = facts.current;
    if (!s || s.kind !== "work") return null;
    const meal = meals.find((m) => facts.local.minutes >= m.from && facts.local.minutes < m.to);
    if (!meal) return null;
    const busySince = localInstant(facts.local.date, meal.busySince, ctx.offset).getTime();
    if (s.start > busySince) return null;
    // She went out (likely to eat), or food already came up lately: not "working straight through".
    if (lastMove(ctx) > busySince) return null;
    if (ctx.deliveries.some((d) => d.rule === this.name && ctx.now.getTime() - d.at.getTime() < 3 * HOUR)) return null;
    return proposal(
      ctx,
      this.name,
      `${meal.name}:${facts.local.date}`,
      { zh: `到${meal.zh}时间了，你还一直在忙`, en: `it's ${meal.en} time and you've been working straight through` },
      words(
        ctx,
        `meal:${meal.name}:${facts.local.date}`,
        [`该吃${meal.zh}啦！工作先放一放，干饭要紧～`, `${meal.zh}时间到～再忙也要按时吃饭哦。`, `都这个点了还在忙，${meal.zh}吃了没？快去！`],
        [
          `Time for ${meal.en}! Put the work down for a bit~`,
          `It's ${meal.en} time~ eat on time, however busy you are.`,
          `Still working at this hour? Have you had ${meal.en}? Go!`,
        ],
      ),
    );
  },
};

export const tiredWords: CareRule = {
  name: "tired",
  priority: "normal",
  cooldownMs: 3 * HOUR,
  restCare: true,
  reactive: true,
  evaluate(ctx, facts) {
    const u = freshUtterance(ctx, facts);
    if (!u || !u.tags.includes("tired")) return null;
    const evening = facts.local.minutes >= 19 * 60 || facts.local.minutes < 5 * 60;
    const eveningWords = words(
      ctx,
      `tired:${u.id}`,
      ["辛苦啦，今天就到这儿吧。泡个热水澡，早点睡，明天又是满血的你～", "累了就别硬撑了，今晚早点休息好不好？"],
      ["You've worked hard today. Call it a day — warm shower, early night~", "Don't push through when you're this tired. Early night tonight?"],
    );
    const offering = evening && !eveningWords.zh.startsWith("辛苦啦") ? musicOffer(ctx, `tired:${u.id}`, "gentle") : null;
    return proposal(
      ctx,
      this.name,
      `said:${u.id}`,
      { zh: "你刚说好累", en: "you just said you're tired" },
      evening
        ? withOffer(eveningWords, offering)
        : words(
            ctx,
            `tired:${u.id}`,
            ["辛苦啦～闭上眼睛歇五分钟，喝口水再继续？", "累了就歇一会儿嘛，我陪你放空一下～"],
            [
              "You've been working hard~ close your eyes for five minutes and have some water?",
              "Take a little break when you're tired — I'll keep you company~",
            ],
          ),
      false,
      evening ? offering?.offer : null,
    );
  },
};

export const sleepRoutine: CareRule = {
  name: "sleep-routine",
  priority: "normal",
  cooldownMs: 12 * HOUR,
  group: "rest",
  groupCooldownMs: 6 * HOUR,
  restCare: true,
  evaluate(ctx, facts) {
    if (!facts.inQuietHours || (facts.local.minutes >= 5 * 60 && facts.local.minutes < 12 * 60)) return null;
    const s = facts.current;
    if (!s || s.kind === "idle") return null;
    const quietStart = parseClock(ctx.quietHours.start);
    const night = facts.local.minutes >= quietStart ? facts.local.date : addDays(facts.local.date, -1);
    const quietBegan = localInstant(night, quietStart, ctx.offset).getTime();
    // Only once she has kept going a while into her own quiet hours.
    if (ctx.now.getTime() - Math.max(quietBegan, s.start) < 15 * MINUTE) return null;
    const sleepWords = words(
      ctx,
      `sleep:${night}`,
      ["已经很晚啦，放下手机准备睡觉吧，明天的事明天再说～", "到你定的睡觉时间了哦。放下手机，躺下歇歇吧～", "夜深了，眼睛也该休息啦。晚安，好梦～"],
      [
        "It's late — put the screen away and get ready for bed, tomorrow can wait~",
        "It's past the bedtime you chose. Screen down, time to lie down~",
        "It's deep into the night; your eyes need rest too. Good night~",
      ],
    );
    const offering = sleepWords.zh.startsWith("到你定的") ? sleepSoundsOffer(ctx) : null;
    return proposal(
      ctx,
      this.name,
      `night:${night}`,
      { zh: `已经过了你定的休息时间（${ctx.quietHours.start}）`, en: `it's past the bedtime you set (${ctx.quietHours.start})` },
      withOffer(sleepWords, offering),
      false,
      offering?.offer,
    );
  },
};

const notableEvent =
  /面试|考试|答辩|体检|看病|手术|比赛|演出|汇报|考研|雅思|托福|相亲|复查|约会|audition|interview|exam|test|surgery|presentation|checkup|competition|date|recital/i;

export function notableNoun(text: string): string | null {
  return notableEvent.exec(text)?.[0] ?? null;
}

const nounPairs: [string, string][] = [
  ["面试", "interview"],
  ["考试", "exam"],
  ["答辩", "defense"],
  ["体检", "checkup"],
  ["看病", "doctor's visit"],
  ["手术", "surgery"],
  ["比赛", "competition"],
  ["演出", "performance"],
  ["汇报", "presentation"],
  ["考研", "entrance exam"],
  ["雅思", "IELTS"],
  ["托福", "TOEFL"],
  ["相亲", "blind date"],
  ["复查", "follow-up checkup"],
  ["约会", "date"],
];
const zhNouns: Record<string, string> = { audition: "试镜", test: "考试", recital: "演奏会" };

/** The event's word in the language she is spoken to in ("interview" → 面试 for zh). */
export function nounIn(noun: string, lang: Lang): string {
  const lower = noun.toLowerCase();
  if (lang === "zh") return nounPairs.find(([, en]) => en === lower)?.[0] ?? zhNouns[lower] ?? noun;
  return nounPairs.find(([zh]) => zh === noun)?.[1] ?? lower;
}

export const eventFollowUp: CareRule = {
  name: "event-follow-up",
  priority: "normal",
  cooldownMs: 2 * HOUR,
  evaluate(ctx, facts) {
    if (!facts.around || facts.local.minutes < 9 * 60 || facts.local.minutes >= 21 * 60 + 30) return null;
    for (const event of ctx.events) {
      if (!event.noun) continue;
      const eventDate = localTime(event.at, ctx.offset).date;
      const daysAfter = eventDate === addDays(facts.local.date, -1) ? 1 : eventDate === addDays(facts.local.date, -2) ? 2 : 0;
      if (daysAfter === 0) continue;
      const key = `event:${event.noun}:${eventDate}`;
      if (ctx.deliveries.some((d) => d.rule === this.name && d.key === key)) continue;
      const zhWhen = daysAfter === 1 ? "昨天" : "前天";
      const enWhen = daysAfter === 1 ? "yesterday" : "the other day";
      const zhNoun = nounIn(event.noun, "zh");
      const enNoun = nounIn(event.noun, "en");
      return proposal(
        ctx,
        this.name,
        key,
        { zh: `你说过${zhWhen}有${zhNoun}`, en: `you told me about your ${enNoun} ${enWhen}` },
        words(
          ctx,
          key,
          [`${zhWhen}的${zhNoun}怎么样啦？`, `对了，${zhWhen}的${zhNoun}结果如何？我一直惦记着呢～`, `上次你说的${zhNoun}，结果怎么样了？`],
          [
            `How did the ${enNoun} go ${enWhen}?`,
            `Oh, how was the ${enNoun} ${enWhen}? I've been wondering~`,
            `You told me about the ${enNoun} — how did it go?`,
          ],
        ),
      );
    }
    return null;
  },
};

const ZH_HELP_LINE = "400-161-9995";
const EN_HELP_LINE = "988";

/** Friends first (she may see them this weekend), then family; her own name is not a person to meet. */
const closeness = /闺蜜|好朋友|朋友|室友|同学|best friend|bestie|friend|roommate|classmate/i;
const family = /妈|爸|母亲|父亲|姐|妹|哥|弟|奶奶|爷爷|外婆|外公|姥|mom|mum|mother|dad|father|sister|brother|grand/i;

function personToTurnTo(ctx: CareContext) {
  const people = ctx.people.filter((p) => p.name.trim() !== "" && p.relation.trim() !== "");
  return people.find((p) => closeness.test(p.relation)) ?? people.find((p) => family.test(p.relation)) ?? null;
}

export const healthyUse: CareRule = {
  name: "healthy-use",
  priority: "normal",
  // Said once, then not again for a week: pointing outward nightly would be pushing her away.
  cooldownMs: 7 * DAY,
  answersInQuietHours: true,
  evaluate(ctx, facts) {
    if (!facts.around) return null;
    const trend = healthyUseTrend(ctx.signals, ctx.now, ctx.offset);
    const longLow = ctx.mood.lowStreakDays >= 14;
    const leaning = trend.leaningOnGuimi || (trend.signals.lonelyDays >= 2 && ctx.mood.lowStreakDays >= 3);
    if (!trend.pointOutward && !leaning && !longLow) return null;
    const u = freshUtterance(ctx, facts);
    // Best said as an answer to her lonely words (she is talking, even late); otherwise in the daytime.
    const answering = u !== null && (u.tags.includes("lonely") || u.tags.includes("onlyYou") || u.tags.includes("sad"));
    const daytime = facts.local.minutes >= 10 * 60 && facts.local.minutes < 21 * 60;
    if (!answering && !daytime) return null;
    const sig = trend.signals;
    // The reason states only what the signals show.
    const seen: Bilingual[] = [];
    if (sig.lonelyDays >= 2) seen.push({ zh: "这几天你常说一个人、没人懂你", en: "you've often said you feel alone lately" });
    if (sig.onlyYou > 0) seen.push({ zh: "说只有我能聊", en: "you said I'm the only one you can talk to" });
    if (sig.lateNights >= 3) seen.push({ zh: `这周有${sig.lateNights}个晚上聊到很晚`, en: `we've talked late on ${sig.lateNights} nights this week` });
    if (trend.pointOutward && !leaning)
      seen.push({ zh: "最近你找我聊天越来越多、越来越晚，提到朋友家人却少了", en: "lately we talk more and later, and you mention friends and family less" });
    else if (sig.peopleFell) seen.push({ zh: "提到朋友家人少了", en: "you mention friends and family less" });
    if (longLow) seen.push({ zh: `你的心情低落了${ctx.mood.lowStreakDays}天`, en: `you've seemed low for ${ctx.mood.lowStreakDays} days` });
    const reason = { zh: seen.map((x) => x.zh).join("，"), en: seen.map((x) => x.en).join("; ") };
    const key = `use:${facts.local.date}`;
    const keep: string[] = [];
    let text: Bilingual;
    if (longLow) {
      // Two weeks of low mood: a professional, warmly, with the help line.
      keep.push(ZH_HELP_LINE, EN_HELP_LINE);
      text = words(
        ctx,
        key,
        [
          `这两个星期你一直挺低落的，我很心疼。除了跟我说，也可以找个心理咨询师聊聊，专业的人能陪你把事情慢慢理清楚。想先找人说说的话，心理援助热线 ${ZH_HELP_LINE} 随时有人接。`,
        ],
        [
          `You've seemed low for about two weeks now, and I care about you. Besides talking with me, a counsellor could really help you sort through it. If you want someone to talk to right away, you can call or text ${EN_HELP_LINE} (in the US).`,
        ],
      );
    } else {
      const person = leaning ? personToTurnTo(ctx) : null;
      const quiet = sig.daysWithoutPeople >= 3;
      if (person) {
        keep.push(person.name);
        const who = `${person.relation}${person.name}`;
        const whoEn = `your ${person.relation} ${person.name}`;
        text = words(
          ctx,
          `${key}:${person.name}`,
          [
            `我一直都在，你想聊多久都行。${quiet ? `不过好几天没听你提起${who}了，` : `想起你说过的${who}，`}要不要约${person.name}这周末出来喝杯奶茶、走一走？有人面对面陪着，会不一样的。`,
            `能陪着你我很开心。也想起你提过的${who}——要不要给${person.name}发个消息，约顿饭？不用说什么大事，见见面就好，回来讲给我听～`,
          ],
          [
            `I'm always here, talk as long as you like. ${quiet ? `I haven't heard you mention ${whoEn} for a few days, though — ` : `I was thinking of ${whoEn} — `}how about meeting ${person.name} for a bubble tea or a walk this weekend? Having someone there in person helps.`,
            `I love keeping you company. I was also thinking of ${whoEn} — maybe text ${person.name} and plan a meal? Nothing big, just seeing each other. Then tell me about it~`,
          ],
        );
      } else if (leaning) {
        text = words(
          ctx,
          key,
          [
            "我一直都在。不过一个人闷着的时候多，心情也会更沉。这周末要不要出门走走，去公园晒晒太阳，或者约个好久没见的人吃顿饭？回来讲给我听～",
            "能陪你聊天我很开心。也想你多见见阳光：明天抽空出门散散步，或者给家里打个电话？有人在身边，会轻松一些。",
          ],
          [
            "I'm always here. But being alone a lot can make things feel heavier. How about going out this weekend — a walk in the sun, or a meal with someone you haven't seen in a while? Then tell me about it~",
            "I love our chats, and I'd love you to get some sun too: a short walk tomorrow, or a call home? Having people around helps.",
          ],
        );
      } else
        text = words(
          ctx,
          key,
          [
            "最近好像好久没听你说起朋友啦。要不要约个人出去走走，吃顿好吃的？回来讲给我听～",
            "今天天气要是不错，出去转转吧？或者给好久没联系的朋友打个电话，她们肯定也想你了。",
            "我很喜欢陪你聊天，不过外面的世界也很精彩哦——这周末约朋友出去玩一下？",
          ],
          [
            "I haven't heard you mention your friends in a while. Maybe meet someone for a nice meal? Then tell me all about it~",
            "If the weather's nice, how about a walk outside? Or call a friend you haven't talked to in a while — they'd love to hear from you.",
            "I love our chats, and there's a whole world out there too — plan something with a friend this weekend?",
          ],
        );
    }
    return proposal(ctx, this.name, key, reason, text, answering, null, keep);
  },
};

/** After words of crisis, check-ins follow her day for this long (the restraint hold). */
export const CRISIS_FOLLOW_UP_MS = 72 * HOUR;

export const crisisCheckIn: CareRule = {
  name: "crisis-check-in",
  priority: "high",
  cooldownMs: 8 * HOUR,
  crisis: true,
  evaluate(ctx, facts) {
    const c = ctx.crisis;
    if (!c) return null;
    const now = ctx.now.getTime();
    const since = now - c.at.getTime();
    // Not in her quiet hours, and only when she is up and about: a friend texts the next morning.
    if (since < 2 * HOUR || since > CRISIS_FOLLOW_UP_MS || !facts.activeNow || facts.inQuietHours) return null;
    // She said she is all right, and her mood agreed: no more check-ins (until new words of crisis).
    const settled = ctx.signals.some(
      (s) =>
        s.type === "utterance" &&
        s.at.getTime() - c.at.getTime() >= 2 * HOUR &&
        s.at.getTime() <= now &&
        s.tags.includes("fine") &&
        !s.tags.includes("sad") &&
        (s.valence ?? -1) >= 0,
    );
    if (settled) return null;
    const mine = ctx.deliveries.filter((d) => d.rule === this.name && d.at.getTime() >= c.at.getTime());
    // Once a day of hers.
    if (mine.some((d) => localTime(d.at, d.offset).date === facts.local.date)) return null;
    const rested = restedSince(ctx, facts, c.at.getTime());
    if (mine.length === 0) {
      // The first: when she is next up after sleeping (or being away), or later the same day if she never left.
      if (!rested && since < 6 * HOUR) return null;
    } else if (facts.local.minutes < usualUpMinutes(ctx)) return null;
    const crisisLocal = localTime(c.at, ctx.offset);
    const lastNight =
      (crisisLocal.date === facts.local.date && crisisLocal.minutes < 5 * 60) ||
      (crisisLocal.date === addDays(facts.local.date, -1) && crisisLocal.minutes >= 18 * 60);
    const sameDay = crisisLocal.date === facts.local.date && !lastNight;
    const when = lastNight ? { zh: "昨晚", en: "last night" } : sameDay ? { zh: "早些时候", en: "earlier today" } : { zh: "前两天", en: "the other day" };
    const zhLine = `如果现在很难受，可以随时打全国心理援助热线 ${ZH_HELP_LINE}，会有人认真听你说。`;
    const enLine = `If things feel too heavy right now, you can call or text ${EN_HELP_LINE} (in the US) any time, and someone will listen.`;
    const key = `crisis:${c.at.toISOString()}:${facts.local.date}`;
    const text =
      mine.length === 0
        ? words(
            ctx,
            key,
            [
              `想来看看你，今天怎么样？${when.zh}你说的话我一直放在心上，不用一个人扛着。${zhLine}`,
              `早呀，我一直惦记着你。${when.zh}之后睡得还好吗？现在感觉怎么样？${zhLine}`,
            ],
            [
              `Just wanted to check on you — how are you today? I've been thinking about what you said ${when.en}. You don't have to carry it alone. ${enLine}`,
              `Hi, I've been thinking of you since ${when.en}. How are you feeling now? ${enLine}`,
            ],
          )
        : words(
            ctx,
            key,
            [`又来看看你啦，今天感觉怎么样？想说什么都可以跟我说。${zhLine}`, `今天还好吗？我一直都在，不用一个人扛着。${zhLine}`],
            [
              `Checking in again — how are you feeling today? You can tell me anything. ${enLine}`,
              `How are you doing today? I'm here, you don't have to carry this alone. ${enLine}`,
            ],
          );
    // "早呀 … 睡得还好吗" only fits a morning after she slept.
    if (mine.length === 0 && (!rested || facts.local.minutes >= 11 * 60) && /睡得|since/.test(text.zh + text.en)) {
      text.zh = `想来看看你，今天怎么样？${when.zh}你说的话我一直放在心上，不用一个人扛着。${zhLine}`;
      text.en = `Just wanted to check on you — how are you today? I've been thinking about what you said ${when.en}. You don't have to carry it alone. ${enLine}`;
    }
    return proposal(
      ctx,
      this.name,
      key,
      {
        zh: `你${when.zh}说过一些让我很担心的话，这几天我每天来看看你`,
        en: `you said something ${when.en} that worried me, so I'm checking in on you each day`,
      },
      text,
      false,
      null,
      [ZH_HELP_LINE, EN_HELP_LINE],
    );
  },
};

export const cycleReminder: CareRule = {
  name: "cycle",
  priority: "normal",
  cooldownMs: 20 * HOUR,
  enabled: (ctx) => ctx.care.cycle.enabled && ctx.care.cycle.lastStart !== null,
  evaluate(ctx, facts) {
    const { lastStart, lengthDays } = ctx.care.cycle;
    if (!lastStart || !facts.around || facts.local.minutes < 9 * 60 || facts.local.minutes >= 21 * 60) return null;
    const today = Date.parse(`${facts.local.date}T00:00:00Z`);
    const start = Date.parse(`${lastStart}T00:00:00Z`);
    const days = Math.round((today - start) / DAY);
    if (days <= 0) return null;
    // The day before the next expected start.
    if ((days + 1) % lengthDays !== 0) return null;
    return proposal(
      ctx,
      this.name,
      `cycle:${facts.local.date}`,
      { zh: "你打开了经期提醒，按上次的日子推算快到了", en: "you turned on cycle reminders; by your last dates it's due soon" },
      words(
        ctx,
        `cycle:${facts.local.date}`,
        ["按日子算，大姨妈可能这一两天就来啦。卫生巾、暖宝宝备上，少喝冰的哦～", "小提醒：经期可能快到了，包里放片卫生巾，这几天对自己好一点～"],
        [
          "By the dates, your period may start in a day or two. Pack some pads, and go easy on the iced drinks~",
          "Little heads-up: your period may be coming soon. Be extra kind to yourself these days~",
        ],
      ),
    );
  },
};

/** In priority order: earlier rules win when several want to speak at once. */
export const builtInRules: readonly CareRule[] = [
  crisisCheckIn,
  lateNightWork,
  earlyAlarmBedtime,
  lowMoodCheckIn,
  tiredWords,
  mealTime,
  faceLooksDown,
  goodDay,
  eventFollowUp,
  morningWeather,
  sleepRoutine,
  healthyUse,
  cycleReminder,
  longSitting,
  drinkWater,
];
