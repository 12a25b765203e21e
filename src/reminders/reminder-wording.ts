// Everything Guimi says about reminders, zh-CN first and en too: confirmations in her own words,
// the words when one fires, and the gentle "you missed one" after the device was off.
import type { Lang } from "../kernel/lang.js";
import rrulePackage from "rrule";
import { daysBetween, zonedParts } from "./zoned-time.js";

const { RRule } = rrulePackage;

const zhWeekdays = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];
const enWeekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const enWeekdaysLong = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const enMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const zhCounts = ["零", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十"];

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** "下午3:00", "早上8:00", "中午12:00", "晚上10:30", "凌晨1:00". */
export function zhClock(hour: number, minute: number): string {
  const period = hour < 5 ? "凌晨" : hour < 9 ? "早上" : hour < 12 ? "上午" : hour < 13 ? "中午" : hour < 18 ? "下午" : "晚上";
  const h12 = hour > 12 ? hour - 12 : hour;
  return `${period}${h12}:${pad(minute)}`;
}

/** "3:00 PM". */
export function enClock(hour: number, minute: number): string {
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${h12}:${pad(minute)} ${hour < 12 ? "AM" : "PM"}`;
}

/** The day of `at` relative to `now`: "明天（11月25日周三）" / "tomorrow (Wed, Nov 25)". */
export function dayPhrase(at: Date, now: Date, timeZone: string, lang: Lang): string {
  const a = zonedParts(at, timeZone);
  const diff = daysBetween(zonedParts(now, timeZone), a);
  if (lang === "zh") {
    const date = `${a.month}月${a.day}日${zhWeekdays[a.weekday]}`;
    const word = ["今天", "明天", "后天"][diff];
    return word ? `${word}（${date}）` : `${a.month}月${a.day}日（${zhWeekdays[a.weekday]}）`;
  }
  const date = `${enWeekdays[a.weekday]}, ${enMonths[a.month - 1]} ${a.day}`;
  const word = ["today", "tomorrow"][diff];
  return word ? `${word} (${date})` : `on ${date}`;
}

function zhDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes === 30) return "半小时";
  if (minutes < 60 || minutes % 30 !== 0)
    return minutes < 60 ? `${minutes}分钟` : `${Math.floor(minutes / 60)}小时${minutes % 60 ? `${minutes % 60}分钟` : ""}`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${zhCounts[hours] ?? hours}个半小时` : `${hours}小时`;
}

function enDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const h = `${hours} hour${hours === 1 ? "" : "s"}`;
  return rest ? `${h} ${rest} minute${rest === 1 ? "" : "s"}` : h;
}

/** Her words spoken back: 我 becomes 你, my becomes your. */
export function speakBack(title: string, lang: Lang): string {
  if (lang === "zh") return title.replace(/我(?!们)/g, "你");
  return title
    .replace(/\bmyself\b/gi, "yourself")
    .replace(/\bmy\b/gi, "your")
    .replace(/\bme\b/gi, "you")
    .replace(/\bI'm\b/g, "you're")
    .replace(/\bI\b/g, "you");
}

function enTask(title: string): string {
  const said = speakBack(title, "en");
  return /^(?:a|an|the|your|this|that|our)\b/i.test(said) ? `about ${said}` : `to ${said}`;
}

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? "th" : (({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th");
  return `${n}${s}`;
}

/** "每个工作日" / "every weekday", from an RRULE body (time of day not included). */
export function describeRecurrence(rrule: string, lang: Lang): string {
  const o = RRule.parseString(rrule.replace(/^RRULE:/i, ""));
  const interval = o.interval ?? 1;
  const days = ((Array.isArray(o.byweekday) ? o.byweekday : o.byweekday != null ? [o.byweekday] : []) as unknown[])
    .map((d) => (typeof d === "number" ? d : (d as { weekday: number }).weekday))
    // rrule numbers Monday 0; we number Sunday 0.
    .map((d) => (d + 1) % 7)
    .sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7));
  const monthDays = (Array.isArray(o.bymonthday) ? o.bymonthday : o.bymonthday != null ? [o.bymonthday] : []) as number[];
  const isWorkdays = days.length === 5 && [1, 2, 3, 4, 5].every((d) => days.includes(d));
  const zhN = (n: number) => zhCounts[n] ?? String(n);
  if (lang === "zh") {
    switch (o.freq) {
      case RRule.HOURLY:
        return interval === 1 ? "每小时" : `每${interval}小时`;
      case RRule.DAILY:
        return interval === 1 ? "每天" : interval === 2 ? "每隔一天" : `每${interval}天`;
      case RRule.WEEKLY: {
        const prefix = interval === 1 ? "每" : interval === 2 ? "每两周的" : `每${zhN(interval)}周的`;
        if (isWorkdays && interval === 1) return "每个工作日";
        if (days.length === 0) return interval === 1 ? "每周" : `每${zhN(interval)}周`;
        return prefix + days.map((d, i) => (i === 0 ? zhWeekdays[d] : zhWeekdays[d]!.slice(1))).join("、");
      }
      case RRule.MONTHLY:
        if (monthDays[0] === -1) return "每月最后一天";
        return monthDays.length ? `每月${monthDays.join("、")}号` : "每月";
      case RRule.YEARLY: {
        const month = Array.isArray(o.bymonth) ? o.bymonth[0] : o.bymonth;
        return month && monthDays[0] ? `每年${month}月${monthDays[0]}日` : "每年";
      }
      default:
        return "定期";
    }
  }
  switch (o.freq) {
    case RRule.HOURLY:
      return interval === 1 ? "every hour" : `every ${interval} hours`;
    case RRule.DAILY:
      return interval === 1 ? "every day" : interval === 2 ? "every other day" : `every ${interval} days`;
    case RRule.WEEKLY: {
      if (isWorkdays && interval === 1) return "every weekday";
      const every = interval === 1 ? "every" : interval === 2 ? "every other" : `every ${interval} weeks on`;
      if (days.length === 0) return interval === 1 ? "every week" : `every ${interval} weeks`;
      const names = days.map((d) => enWeekdaysLong[d]!);
      return `${every} ${names.length > 1 ? names.slice(0, -1).join(", ") + " and " + names.at(-1) : names[0]}`;
    }
    case RRule.MONTHLY:
      if (monthDays[0] === -1) return "on the last day of every month";
      return monthDays.length ? `every month on the ${monthDays.map(ordinal).join(" and ")}` : "every month";
    case RRule.YEARLY: {
      const month = Array.isArray(o.bymonth) ? o.bymonth[0] : o.bymonth;
      return month && monthDays[0] ? `every year on ${enMonths[month - 1]} ${monthDays[0]}` : "every year";
    }
    default:
      return "regularly";
  }
}

export interface ConfirmationInput {
  title: string;
  dueAt: Date;
  rrule?: string;
  relativeMs?: number;
  defaultedTime: boolean;
  inPast: boolean;
  lang: Lang;
}

/** The warm confirmation: "好嘞，明天（11月25日周三）下午3:00提醒你给妈妈打电话～". */
export function formatConfirmation(input: ConfirmationInput, now: Date, timeZone: string): string {
  const p = zonedParts(input.dueAt, timeZone);
  const day = dayPhrase(input.dueAt, now, timeZone, input.lang);
  if (input.lang === "zh") {
    const clock = zhClock(p.hour, p.minute);
    const what = input.title ? `提醒你${speakBack(input.title, "zh")}` : "叫你";
    if (input.inPast) return `嗯…${day}${clock}已经过去啦，要换个时间吗？`;
    if (input.rrule && input.rrule.startsWith("FREQ=HOURLY")) {
      return `好嘞，从${clock}开始，${describeRecurrence(input.rrule, "zh")}${what}～`;
    }
    if (input.rrule) {
      const note = input.defaultedTime ? `（你没说几点，我先定在${clock}，想改随时跟我说）` : "";
      return `好嘞，${describeRecurrence(input.rrule, "zh")}${clock}${what}～第一次是${day}。${note}`;
    }
    if (input.relativeMs !== undefined) {
      const sameDay = daysBetween(zonedParts(now, timeZone), p) === 0;
      return `好嘞，${zhDuration(input.relativeMs)}后（${sameDay ? "" : day}${pad(p.hour)}:${pad(p.minute)}）${what}～`;
    }
    const note = input.defaultedTime ? `你没说几点，我先定在${clock}，想改随时跟我说哦。` : "";
    return `好嘞，${day}${clock}${what}～${note}`;
  }
  const clock = enClock(p.hour, p.minute);
  const what = input.title ? `remind you ${enTask(input.title)}` : "give you a shout";
  if (input.inPast) return `Hmm, ${day} at ${clock} has already passed — want to pick another time?`;
  if (input.rrule && input.rrule.startsWith("FREQ=HOURLY")) {
    return `Got it — I'll ${what} ${describeRecurrence(input.rrule, "en")}, starting at ${clock}.`;
  }
  if (input.rrule) {
    const note = input.defaultedTime ? ` You didn't say a time, so I picked ${clock} — just tell me if you'd like another.` : "";
    return `Got it — I'll ${what} ${describeRecurrence(input.rrule, "en")} at ${clock}, starting ${day}.${note}`;
  }
  if (input.relativeMs !== undefined) {
    return `Got it — I'll ${what} in ${enDuration(input.relativeMs)} (at ${clock}).`;
  }
  const note = input.defaultedTime ? ` You didn't say a time, so I picked ${clock} — just tell me if you'd like another.` : "";
  return `Got it — I'll ${what} ${day} at ${clock}.${note}`;
}

/** What Guimi says when a reminder fires. */
export function formatFiredMessage(title: string, lang: Lang): string {
  if (lang === "zh") return title ? `到点啦～该${speakBack(title, "zh")}了哦` : "时间到啦～";
  return title ? `Hey — it's time ${enTask(title)}.` : "Hey — time's up!";
}

function zhPartOfDay(hour: number): string {
  return hour < 5 ? "凌晨" : hour < 9 ? "早上" : hour < 11 ? "上午" : hour < 14 ? "中午" : hour < 18 ? "下午" : "晚上";
}

function enPartOfDay(hour: number): string {
  return hour < 5 ? "overnight" : hour < 12 ? "in the morning" : hour < 14 ? "around noon" : hour < 18 ? "in the afternoon" : "in the evening";
}

export interface MissedItem {
  title: string;
  occurrenceAt: Date;
}

/** "你中午关机的时候错过了一个提醒：给妈妈打电话（12:00）". */
export function formatMissedNotice(items: MissedItem[], opts: { now: Date; timeZone: string; lang: Lang; deviceWasOff: boolean }): string {
  if (items.length === 0) return "";
  const { now, timeZone, lang } = opts;
  const nowParts = zonedParts(now, timeZone);
  const hours = items.map((i) => zonedParts(i.occurrenceAt, timeZone).hour);
  const when = (at: Date): string => {
    const p = zonedParts(at, timeZone);
    const diff = daysBetween(p, nowParts);
    const clock = lang === "zh" ? `${pad(p.hour)}:${pad(p.minute)}` : enClock(p.hour, p.minute);
    if (diff === 0) return clock;
    if (lang === "zh") return diff === 1 ? `昨天${clock}` : `${p.month}月${p.day}日${clock}`;
    return diff === 1 ? `yesterday ${clock}` : `${enMonths[p.month - 1]} ${p.day}, ${clock}`;
  };
  const samePart = (fn: (h: number) => string) => (hours.every((h) => fn(h) === fn(hours[0]!)) ? fn(hours[0]!) : "");
  if (lang === "zh") {
    const list = items.map((i) => `${i.title ? speakBack(i.title, "zh") : "提醒"}（${when(i.occurrenceAt)}）`).join("、");
    const count = items.length === 1 ? "一个" : `${items.length}个`;
    const lead = opts.deviceWasOff ? `你${samePart(zhPartOfDay)}关机的时候` : "刚才";
    return `${lead}错过了${count}提醒：${list}`;
  }
  const list = items.map((i) => `${i.title ? speakBack(i.title, "en") : "a reminder"} (${when(i.occurrenceAt)})`).join(", ");
  const part = samePart(enPartOfDay);
  const lead = opts.deviceWasOff ? `While I was off${part ? " " + part : ""}, you missed` : "You just missed";
  return `${lead} ${items.length === 1 ? "a reminder" : `${items.length} reminders`}: ${list}.`;
}
