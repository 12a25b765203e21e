// Resolves dates said in zh/en text against `now` and the user's UTC offset. chrono-node does the
// English and most Chinese work; the Chinese patterns it lacks (后天, 周末, 下个月5号, 15号, 上周 as a
// span…) are handled here first. Pure: no clock reads.
import { hasHan } from "../kernel/lang.js";
import * as chrono from "chrono-node";

export interface ResolvedDate {
  /** The words that named the date. */
  text: string;
  date: Date;
}

export interface TimeRange {
  start: Date;
  end: Date;
  text: string;
}

const dayMs = 86_400_000;

const cnDigits: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "15", "十五", "二十一", "三十" → number; NaN if not a number. */
export function chineseNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  if (s === "十") return 10;
  const m = /^([一二三四五六七八九两]?)十([一二三四五六七八九]?)$/.exec(s);
  if (m) return (m[1] ? (cnDigits[m[1]] ?? 0) : 1) * 10 + (m[2] ? (cnDigits[m[2]] ?? 0) : 0);
  if (s.length === 1 && s in cnDigits) return cnDigits[s] ?? NaN;
  return NaN;
}

const weekdayIndex: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };

/** Local calendar view of an instant: year, month (0-based), day, weekday (Mon=1..Sun=7). */
function local(now: Date, tz: number) {
  const d = new Date(now.getTime() + tz * 60_000);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth(), d: d.getUTCDate(), wd: d.getUTCDay() === 0 ? 7 : d.getUTCDay() };
}

/** Noon local time of a calendar day, as an instant (noon: day-level dates stay on their day in any zone). */
function atLocal(y: number, m: number, d: number, tz: number, hour = 12): Date {
  return new Date(Date.UTC(y, m, d, hour) - tz * 60_000);
}

function dayStart(date: Date, tz: number): Date {
  const l = local(date, tz);
  return atLocal(l.y, l.m, l.d, tz, 0);
}

function addDays(date: Date, n: number): Date {
  return new Date(date.getTime() + n * dayMs);
}

const num = "(\\d{1,2}|[一二三四五六七八九十两]{1,3})";
const wd = "(?:周|星期|礼拜)([一二三四五六日天])";

interface Rule {
  re: RegExp;
  resolve: (m: RegExpExecArray, now: Date, tz: number) => Date | null;
}

function weekdayOf(now: Date, tz: number, weekOffset: number, day: number): Date {
  const l = local(now, tz);
  return atLocal(l.y, l.m, l.d - (l.wd - 1) + weekOffset * 7 + (day - 1), tz);
}

const chineseRules: Rule[] = [
  { re: /大后天/, resolve: (_m, now, tz) => shiftDays(now, tz, 3) },
  { re: /大前天/, resolve: (_m, now, tz) => shiftDays(now, tz, -3) },
  { re: /后天/, resolve: (_m, now, tz) => shiftDays(now, tz, 2) },
  { re: /前天/, resolve: (_m, now, tz) => shiftDays(now, tz, -2) },
  { re: /明天|明儿|明早|明晚/, resolve: (_m, now, tz) => shiftDays(now, tz, 1) },
  { re: /昨天|昨晚|昨儿/, resolve: (_m, now, tz) => shiftDays(now, tz, -1) },
  { re: /今天|今晚|今早/, resolve: (_m, now, tz) => shiftDays(now, tz, 0) },
  { re: new RegExp("(下下|下|上上|上|这|本)(?:个)?" + wd), resolve: (m, now, tz) => weekdayOf(now, tz, weekShift(m[1] ?? ""), weekdayIndex[m[2] ?? ""] ?? 1) },
  { re: /(下|上|这|本)?(?:个)?周末/, resolve: (m, now, tz) => weekdayOf(now, tz, weekShift(m[1] ?? "这"), 6) },
  {
    re: new RegExp("(下|上|这)个?月" + num + "[号日]"),
    resolve: (m, now, tz) => {
      const l = local(now, tz);
      const shift = m[1] === "下" ? 1 : m[1] === "上" ? -1 : 0;
      return atLocal(l.y, l.m + shift, chineseNumber(m[2] ?? ""), tz);
    },
  },
  {
    re: new RegExp("(?:(\\d{4})年)?" + num + "月" + num + "[号日]"),
    resolve: (m, now, tz) => {
      const l = local(now, tz);
      const year = m[1] ? Number(m[1]) : l.y;
      return atLocal(year, chineseNumber(m[2] ?? "") - 1, chineseNumber(m[3] ?? ""), tz);
    },
  },
  {
    re: new RegExp("(?<![月\\d一二三四五六七八九十])" + num + "[号]"),
    resolve: (m, now, tz) => {
      const l = local(now, tz);
      const day = chineseNumber(m[1] ?? "");
      return day >= 1 && day <= 31 ? atLocal(l.y, l.m, day, tz) : null;
    },
  },
  {
    re: new RegExp(num + "(天|个?星期|周|个月)(后|以后|之后|前|以前|之前)"),
    resolve: (m, now, tz) => {
      const n = chineseNumber(m[1] ?? "");
      const unit = m[2] ?? "天";
      const days = unit === "天" ? n : unit.includes("月") ? n * 30 : n * 7;
      return shiftDays(now, tz, /前/.test(m[3] ?? "") ? -days : days);
    },
  },
  { re: new RegExp("(?<![上下这本个])" + wd), resolve: (m, now, tz) => nextWeekday(now, tz, weekdayIndex[m[1] ?? ""] ?? 1) },
];

function weekShift(word: string): number {
  return word === "下下" ? 2 : word === "下" ? 1 : word === "上上" ? -2 : word === "上" ? -1 : 0;
}

function shiftDays(now: Date, tz: number, n: number): Date {
  const l = local(now, tz);
  return atLocal(l.y, l.m, l.d + n, tz);
}

/** A bare "周三": the coming one (today counts). */
function nextWeekday(now: Date, tz: number, day: number): Date {
  const l = local(now, tz);
  return atLocal(l.y, l.m, l.d + ((day - l.wd + 7) % 7), tz);
}

const englishDayWords =
  /\b(ago|last|next|yesterday|tomorrow|tonight|today|week|weekend|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i;

/** Every date named in `text`, resolved against `now` (instant) in a zone `tzOffsetMinutes` east of UTC. */
export function resolveDates(text: string, now: Date, tzOffsetMinutes = 0): ResolvedDate[] {
  const found: { index: number; end: number; text: string; date: Date }[] = [];
  const taken = (i: number, e: number) => found.some((f) => i < f.end && e > f.index);
  for (const rule of chineseRules) {
    const re = new RegExp(rule.re.source, "g");
    for (const m of text.matchAll(re)) {
      const index = m.index ?? 0;
      const end = index + m[0].length;
      if (taken(index, end)) continue;
      const date = rule.resolve(m as RegExpExecArray, now, tzOffsetMinutes);
      if (date && !Number.isNaN(date.getTime())) found.push({ index, end, text: m[0], date });
    }
  }
  const reference = { instant: now, timezone: tzOffsetMinutes };
  const parsers = hasHan(text) ? [chrono.zh.hans, chrono.en] : [chrono.en];
  for (const parser of parsers) {
    for (const r of parser.parse(text, reference)) {
      const end = r.index + r.text.length;
      if (taken(r.index, end)) continue;
      const datey = ["day", "weekday", "month", "year"].some((c) => r.start.isCertain(c as "day")) || englishDayWords.test(r.text);
      if (!datey) continue;
      if (/^\s*(may|march|sun|sat|wed)\s*$/i.test(r.text) && !/[A-Z]/.test(r.text.trim()[0] ?? "")) continue;
      found.push({ index: r.index, end, text: r.text.trim(), date: r.start.date() });
    }
  }
  return found.sort((a, b) => a.index - b.index).map(({ text: t, date }) => ({ text: t, date }));
}

const monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** The period a question asks about ("上周", "in May", "yesterday"), or null. */
export function resolveTimeRange(text: string, now: Date, tzOffsetMinutes = 0): TimeRange | null {
  const tz = tzOffsetMinutes;
  const l = local(now, tz);
  const monday = atLocal(l.y, l.m, l.d - (l.wd - 1), tz, 0);
  const week = (offset: number, t: string): TimeRange => ({ start: addDays(monday, offset * 7), end: addDays(monday, offset * 7 + 7), text: t });
  const month = (y: number, m: number, t: string): TimeRange => ({ start: atLocal(y, m, 1, tz, 0), end: atLocal(y, m + 1, 1, tz, 0), text: t });
  const year = (y: number, t: string): TimeRange => ({ start: atLocal(y, 0, 1, tz, 0), end: atLocal(y + 1, 0, 1, tz, 0), text: t });
  const lower = text.toLowerCase();
  let m: RegExpExecArray | null;
  if ((m = /(上上|上|这|本|下)(?:个)?(?:周|星期|礼拜)(?![一二三四五六日天末])/.exec(text))) return week(weekShift(m[1] === "本" ? "这" : (m[1] ?? "")), m[0]);
  if ((m = /\b(last|this|next) week\b/.exec(lower))) return week(m[1] === "last" ? -1 : m[1] === "next" ? 1 : 0, m[0]);
  if ((m = /(上|这|本|下)个?月(?![\d一二三四五六七八九十两]+[号日])/.exec(text))) return month(l.y, l.m + (m[1] === "上" ? -1 : m[1] === "下" ? 1 : 0), m[0]);
  if ((m = /\b(last|this|next) month\b/.exec(lower))) return month(l.y, l.m + (m[1] === "last" ? -1 : m[1] === "next" ? 1 : 0), m[0]);
  if ((m = /(去|今|明|前)年/.exec(text))) return year(l.y + ({ 去: -1, 今: 0, 明: 1, 前: -2 }[m[1] as "去"] ?? 0), m[0]);
  if ((m = /\b(last|this|next) year\b/.exec(lower))) return year(l.y + (m[1] === "last" ? -1 : m[1] === "next" ? 1 : 0), m[0]);
  if ((m = /最近|这几天|recently|lately|these days/.exec(lower)))
    return { start: addDays(dayStart(now, tz), -14), end: addDays(dayStart(now, tz), 1), text: m[0] };
  if ((m = /\b(last|this) weekend\b/.exec(lower)) || (m = /(上|这)?个?周末/.exec(text))) {
    const sat = addDays(monday, (m[1] === "last" || m[1] === "上" ? -7 : 0) + 5);
    return { start: sat, end: addDays(sat, 2), text: m[0] };
  }
  const dates = resolveDates(text, now, tz);
  const first = dates[0];
  // A day named fully ("昨天", "8 May 2023", "last Saturday") is a one-day range.
  if (first && /[日号天]|\d{1,2}(st|nd|rd|th)?\b|yesterday|today|tomorrow|day\b/i.test(first.text) && !/^\d{4}$/.test(first.text.trim())) {
    const start = dayStart(first.date, tz);
    return { start, end: addDays(start, 1), text: first.text };
  }
  if ((m = /(?:(\d{4})年)?([\d一二三四五六七八九十]{1,3})月(?![\d一二三四五六七八九十]+[号日])/.exec(text))) {
    const mon = chineseNumber(m[2] ?? "") - 1;
    const y = m[1] ? Number(m[1]) : mon > l.m ? l.y - 1 : l.y;
    if (mon >= 0 && mon < 12) return month(y, mon, m[0]);
  }
  if (
    (m =
      /\b(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b(?:\s+(\d{4}))?/.exec(
        lower,
      ))
  ) {
    if (m[1] === "may" && !m[2] && !/\b(in|during|of|since) may\b/.test(lower)) return null;
    const mon = monthNames.indexOf((m[1] ?? "").slice(0, 3));
    const y = m[2] ? Number(m[2]) : mon > l.m ? l.y - 1 : l.y;
    return month(y, mon, m[0]);
  }
  if ((m = /\b(?:in|during) (\d{4})\b/.exec(lower)) || (m = /(\d{4})年/.exec(text))) return year(Number(m[1]), m[0]);
  if (first && /weekday|monday|tuesday|wednesday|thursday|friday|saturday|sunday|周|星期/i.test(first.text)) {
    const start = dayStart(first.date, tz);
    return { start, end: addDays(start, 1), text: first.text };
  }
  return null;
}
