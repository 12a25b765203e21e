// The Chinese reminder grammar: recurrence (每天/每个工作日/每周三/每隔一周/每月1号), relative times
// (半小时后/20分钟后/三天后), dates (明天/后天/大后天/下周三/这周五/周末/12月3日/5号), parts of the day
// (早上/上午/中午/下午/晚上/凌晨) and clock times (三点/十点半/两点一刻/8:30). Each match is cut out of the
// sentence; what is left, minus the trigger ("提醒我", "叫我"), is the title in her own words.
import { normalizeWidth, numberPattern as N, parseChineseNumber } from "./chinese-numerals.js";
import type { DateSpec, DayPeriod, RecurrenceSpec, ReminderSpec, Weekday } from "./reminder-spec.js";

const WD = "[一二三四五六日天1-7]";
const WEEK = "(?:周|星期|礼拜)";

const triggerPattern =
  /(?:记得|别忘了)?(?:提醒一下我|提醒下我|提醒我一下|提醒我|叫醒我|叫一下我|叫我|喊我|提醒一下|提醒)(?:一下)?|别让我忘了|设(?:一个|个)?提醒|定(?:一个|个)?闹钟/;

function weekdayOf(c: string): Weekday {
  const map: Record<string, Weekday> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 0, 天: 0, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 0 };
  return map[c] ?? 1;
}

function num(token: string | undefined): number | null {
  return token === undefined ? null : parseChineseNumber(token);
}

/** Finds the first match of `re`, lets `take` read it, and removes it from the text on success. */
function cut(state: { text: string }, re: RegExp, take: (m: RegExpExecArray) => boolean): boolean {
  const m = re.exec(state.text);
  if (!m) return false;
  if (!take(m)) return false;
  state.text = state.text.slice(0, m.index) + " " + state.text.slice(m.index + m[0].length);
  return true;
}

const periodWords: [RegExp, DayPeriod][] = [
  [/凌晨|半夜/, "dawn"],
  [/早上|早晨|清早|清晨|一大早|一早/, "morning"],
  [/上午/, "forenoon"],
  [/中午|午饭时间?/, "noon"],
  [/下午/, "afternoon"],
  [/傍晚/, "dusk"],
  [/晚上|夜里|夜间/, "evening"],
];

export function parseZhReminder(input: string): ReminderSpec | null {
  const state = { text: normalizeWidth(input).trim() };
  if (!triggerPattern.test(state.text)) return null;
  const spec: ReminderSpec = { title: "" };
  let recurrence: RecurrenceSpec | undefined;
  let period: DayPeriod | undefined;

  // --- Recurrence
  cut(state, /(?:每个?|每一个)?工作日(?:的)?/, () => {
    recurrence = { freq: "WEEKLY", byDay: [1, 2, 3, 4, 5] };
    return true;
  }) ||
    cut(state, new RegExp(`(?:每隔(${N})个?|每(${N})个?|隔)${WEEK}(?:的)?(?:${WEEK}?(${WD}))?`), (m) => {
      // "每隔一周" and "隔周" are every other week; "每两周"/"每隔两周" are read as every two weeks.
      const n = num(m[1] ?? m[2]) ?? 2;
      const every = m[1] !== undefined && n === 1 ? 2 : n;
      if (every < 1 || every > 52) return false;
      recurrence = { freq: "WEEKLY", interval: every, ...(m[3] ? { byDay: [weekdayOf(m[3])] } : {}) };
      return true;
    }) ||
    cut(state, new RegExp(`每(?:个)?${WEEK}(${WD}(?:[、,，和及与]?${WEEK}?${WD})*)`), (m) => {
      const days = [...new Set([...(m[1] ?? "").matchAll(new RegExp(WD, "g"))].map((d) => weekdayOf(d[0])))];
      recurrence = { freq: "WEEKLY", byDay: days };
      return true;
    }) ||
    cut(state, /每(?:个)?周末/, () => {
      recurrence = { freq: "WEEKLY", byDay: [6] };
      return true;
    }) ||
    cut(state, new RegExp(`每(?:个)?月(?:的)?(?:(${N})(?:号|日)|(月底|最后一天))`), (m) => {
      const day = m[2] ? -1 : num(m[1]);
      if (day === null || day === 0 || day > 31) return false;
      recurrence = { freq: "MONTHLY", byMonthDay: day };
      return true;
    }) ||
    cut(state, new RegExp(`每年(?:的)?(${N})月(${N})(?:号|日)?`), (m) => {
      const month = num(m[1]);
      const day = num(m[2]);
      if (!month || !day || month > 12 || day > 31) return false;
      recurrence = { freq: "YEARLY", byMonth: month, byMonthDay: day };
      return true;
    }) ||
    cut(state, new RegExp(`每隔(${N})(?:个)?(天|小时|钟头)`), (m) => {
      const n = num(m[1]);
      if (!n) return false;
      // "每隔一天" is every other day; larger counts are read as "every N".
      const every = n === 1 ? 2 : n;
      if (m[2] === "天") recurrence = { freq: "DAILY", interval: every };
      else {
        recurrence = { freq: "HOURLY", interval: n };
        spec.relativeMs = n * 3600_000;
      }
      return true;
    }) ||
    cut(state, /每天|每日|天天|每晚|每个晚上|每天晚上|每早|每天早上/, (m) => {
      recurrence = { freq: "DAILY" };
      if (m[0].includes("晚")) period = "evening";
      if (m[0] === "每早") period = "morning";
      return true;
    });

  // --- Relative offsets: "半小时后", "一个半小时后", "20分钟后", "过十分钟", "三天后"
  if (!recurrence) {
    cut(state, /一刻钟(?:之|以)?后/, () => {
      spec.relativeMs = 15 * 60_000;
      return true;
    }) ||
      cut(state, new RegExp(`(?:过)?(${N}|半)(?:个)?(半)?(分钟|分|小时|钟头|天|周|星期|礼拜)(半)?(?:之|以)?后`), (m) => {
        const n = m[1] === "半" ? 0.5 : num(m[1]);
        if (n === null) return false;
        const half = m[2] || m[4] ? 0.5 : 0;
        const unit = m[3]!;
        if (unit === "天") spec.date = { kind: "offset", days: n };
        else if (/周|星期|礼拜/.test(unit)) spec.date = { kind: "offset", days: n * 7 };
        else spec.relativeMs = (n + half) * (unit.startsWith("分") ? 60_000 : 3600_000);
        return true;
      }) ||
      cut(state, new RegExp(`过(${N})(分钟|小时|个小时)`), (m) => {
        const n = num(m[1]);
        if (n === null) return false;
        spec.relativeMs = n * (m[2] === "分钟" ? 60_000 : 3600_000);
        return true;
      });
  }

  // --- Dates
  if (spec.relativeMs === undefined && !spec.date) {
    const setDate = (date: DateSpec) => {
      spec.date = date;
      return true;
    };
    cut(state, /大后天/, () => setDate({ kind: "offset", days: 3 })) ||
      cut(state, /后天/, () => setDate({ kind: "offset", days: 2 })) ||
      cut(state, /明天|明日|明儿|明早|明晚/, (m) => {
        if (m[0] === "明早") period = "morning";
        if (m[0] === "明晚") period = "evening";
        return setDate({ kind: "offset", days: 1 });
      }) ||
      cut(state, /今天|今日|今儿|今晚|今早|今夜/, (m) => {
        if (m[0] === "今晚") period = "evening";
        if (m[0] === "今夜") period = "night";
        if (m[0] === "今早") period = "morning";
        return setDate({ kind: "offset", days: 0 });
      });
    if (!recurrence) {
      cut(state, new RegExp(`(下下|下|这|本)?(?:个)?${WEEK}(${WD})`), (m) =>
        setDate({ kind: "weekday", weekday: weekdayOf(m[2]!), weeksAhead: m[1] === "下下" ? 2 : m[1] === "下" ? 1 : m[1] ? 0 : null }),
      ) ||
        cut(state, /(下|这|本)?(?:个)?周末/, (m) => setDate({ kind: "weekday", weekday: 6, weeksAhead: m[1] === "下" ? 1 : m[1] ? 0 : null })) ||
        cut(state, new RegExp(`(?:(${N})年)?(${N})月(${N})(?:号|日)?`), (m) => {
          const year = num(m[1]);
          const month = num(m[2]);
          const day = num(m[3]);
          if (!month || !day || month > 12 || day > 31) return false;
          return setDate({ kind: "monthDay", month, day, ...(year ? { year: year < 100 ? 2000 + year : year } : {}) });
        }) ||
        cut(state, new RegExp(`(${N})(?:号|日)(?!子)`), (m) => {
          const day = num(m[1]);
          if (!day || day > 31) return false;
          return setDate({ kind: "monthDay", month: null, day });
        });
    }
  }

  // --- Part of the day and clock time
  if (spec.relativeMs === undefined) {
    for (const [re, p] of periodWords) {
      if (cut(state, re, () => true)) {
        period = p;
        break;
      }
    }
    cut(state, /(\d{1,2}):(\d{2})/, (m) => {
      const hour = Number(m[1]);
      const minute = Number(m[2]);
      if (hour > 24 || minute > 59) return false;
      spec.time = { hour: hour % 24, minute, meridiemKnown: hour >= 13 || hour === 0 };
      return true;
    }) ||
      // Minutes must look like minutes ("十五", "零五", "5分", "05"): "三点一起吃饭" is 3:00, not 3:01.
      cut(
        state,
        new RegExp(
          `(?<![早晚快多少慢好大小高低差])(${N})(?:点|點|时)(?:钟)?(?:(半)|(一刻)|(三刻)|整|(\\d{1,2}|${N})分|(\\d{2})(?!\\d)|((?:[二三四五]?十[一二三四五六七八九]?)|(?:零|〇)[一二三四五六七八九]))?`,
        ),
        (m) => {
          const hour = num(m[1]);
          if (hour === null || hour > 24) return false;
          let minute = 0;
          if (m[2]) minute = 30;
          else if (m[3]) minute = 15;
          else if (m[4]) minute = 45;
          else if (m[5] ?? m[6] ?? m[7]) minute = num((m[5] ?? m[6] ?? m[7])!.replace(/^[零〇]/, "")) ?? 0;
          if (minute > 59) return false;
          spec.time = { hour: hour % 24, minute, meridiemKnown: hour >= 13 || hour === 0 };
          return true;
        },
      );
  }

  if (period) spec.period = period;
  if (recurrence) spec.recurrence = recurrence;
  const saysWhen = spec.relativeMs !== undefined || spec.date || spec.time || spec.period || spec.recurrence;
  if (!saysWhen) return null;
  spec.title = cleanTitle(state.text);
  return spec;
}

function cleanTitle(rest: string): string {
  const pieces = rest
    .replace(new RegExp(triggerPattern.source, "g"), " ")
    .split(/[，,。.！!？?～~；;\s]+/)
    .map((piece) =>
      piece
        .replace(/^(?:请你?|麻烦你?|帮我|记得|到时候?|在|于|从|的|要|得|该|就|再|然后)+/, "")
        .replace(/(?:的时候|的|一下|下|哦|吧|啊|呀|哈|哟|呢|啦|嘛|哦哦|喔)+$/, ""),
    )
    .filter((piece) => piece.length > 0);
  return pieces.join("，");
}
