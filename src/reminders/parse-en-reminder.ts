// The English reminder grammar: recurrence phrases are ours ("every other Friday", "every weekday",
// "every month on the 1st"); dates and times come from chrono-node's casual English parser, read as
// wall-clock components so the time zone (and its DST) is applied by us, not by the host.
import * as chrono from "chrono-node";
import type { DayPeriod, RecurrenceSpec, ReminderSpec, Weekday } from "./reminder-spec.js";
import { timeZoneOffsetMs } from "./zoned-time.js";

const triggerPattern = /\b(?:remind(?:er)?|wake me|don'?t let me forget|alert me|ping me|nudge me)\b/i;

const dayNames: Record<string, Weekday> = {
  sun: 0,
  sunday: 0,
  mon: 1,
  monday: 1,
  tue: 2,
  tues: 2,
  tuesday: 2,
  wed: 3,
  wednesday: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
};
const DAY = "(?:sun|mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?)(?:day)?s?";
const smallNumbers: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };

function dayOf(word: string): Weekday | undefined {
  const w = word.toLowerCase().replace(/s$/, "");
  return dayNames[w] ?? dayNames[w.replace(/day$/, "")] ?? dayNames[w.slice(0, 3)];
}

function countOf(word: string): number | null {
  return /^\d+$/.test(word) ? Number(word) : (smallNumbers[word.toLowerCase()] ?? null);
}

function cut(state: { text: string }, re: RegExp, take: (m: RegExpExecArray) => boolean): boolean {
  const m = re.exec(state.text);
  if (!m || !take(m)) return false;
  state.text = state.text.slice(0, m.index) + " " + state.text.slice(m.index + m[0].length);
  return true;
}

function readRecurrence(state: { text: string }, spec: ReminderSpec): RecurrenceSpec | undefined {
  let recurrence: RecurrenceSpec | undefined;
  let period: DayPeriod | undefined;
  const set = (r: RecurrenceSpec) => ((recurrence = r), true);
  const days = (text: string) => [...new Set([...text.matchAll(new RegExp(DAY, "gi"))].map((m) => dayOf(m[0])).filter((d): d is Weekday => d !== undefined))];
  // Order matters: the most specific phrases first.
  cut(state, /\b(?:every|each|on)\s+(?:week|work)\s?days?\b|\bweekdays\b/i, () => set({ freq: "WEEKLY", byDay: [1, 2, 3, 4, 5] })) ||
    cut(state, new RegExp(`\\bevery\\s+other\\s+(${DAY}|week)\\b`, "i"), (m) => {
      const byDay = days(m[1]!);
      return set({ freq: "WEEKLY", interval: 2, ...(byDay.length ? { byDay } : {}) });
    }) ||
    cut(state, /\bevery\s+other\s+day\b/i, () => set({ freq: "DAILY", interval: 2 })) ||
    cut(state, /\bevery\s+(\d+|two|three|four|five|six)\s+(hours?|days?|weeks?)\b/i, (m) => {
      const n = countOf(m[1]!);
      if (!n) return false;
      const unit = m[2]!.toLowerCase();
      if (unit.startsWith("hour")) {
        spec.relativeMs = n * 3600_000;
        return set({ freq: "HOURLY", interval: n });
      }
      return set({ freq: unit.startsWith("day") ? "DAILY" : "WEEKLY", interval: n });
    }) ||
    cut(state, new RegExp(`\\b(?:every|each|on)\\s+(${DAY}(?:\\s*(?:,|and|&)\\s*${DAY})*)\\b`, "i"), (m) => {
      const byDay = days(m[1]!);
      // "on Friday" alone is one day, not a series; only plural "on Fridays" repeats.
      if (!/^(every|each)/i.test(m[0]) && !/s\b/i.test(m[1]!)) return false;
      return byDay.length > 0 && set({ freq: "WEEKLY", byDay });
    }) ||
    cut(state, /\bevery\s+weekend\b|\bon\s+weekends\b/i, () => set({ freq: "WEEKLY", byDay: [6] })) ||
    cut(
      state,
      /\b(?:every\s+month|monthly)\s+on\s+the\s+(\d{1,2})(?:st|nd|rd|th)?\b|\bon\s+the\s+(\d{1,2})(?:st|nd|rd|th)?\s+of\s+(?:every|each)\s+month\b/i,
      (m) => {
        const day = Number(m[1] ?? m[2]);
        return day >= 1 && day <= 31 && set({ freq: "MONTHLY", byMonthDay: day });
      },
    ) ||
    cut(state, /\b(?:every|each)\s+(morning|afternoon|evening|night)\b|\bnightly\b/i, (m) => {
      const word = (m[1] ?? "night").toLowerCase();
      period = word === "morning" ? "morning" : word === "afternoon" ? "afternoon" : word === "evening" ? "evening" : "night";
      return set({ freq: "DAILY" });
    }) ||
    cut(state, /\b(?:every|each)\s*day\b|\bdaily\b/i, () => set({ freq: "DAILY" })) ||
    cut(state, /\b(?:every|each)\s+week\b|\bweekly\b/i, () => set({ freq: "WEEKLY" })) ||
    cut(state, /\b(?:every|each)\s+month\b|\bmonthly\b/i, () => set({ freq: "MONTHLY" })) ||
    cut(state, /\b(?:every|each)\s+hour\b|\bhourly\b/i, () => {
      spec.relativeMs = 3600_000;
      return set({ freq: "HOURLY" });
    });
  if (period) spec.period = period;
  return recurrence;
}

export function parseEnReminder(input: string, now: Date, timeZone: string): ReminderSpec | null {
  if (!triggerPattern.test(input)) return null;
  const state = { text: input.trim() };
  const spec: ReminderSpec = { title: "" };
  const recurrence = readRecurrence(state, spec);

  const reference = { instant: now, timezone: Math.round(timeZoneOffsetMs(now, timeZone) / 60_000) };
  const results = spec.relativeMs === undefined ? chrono.en.casual.parse(state.text, reference, { forwardDate: true }) : [];
  // Cut from the end so earlier indices stay valid.
  const used = results.slice(0, 2).sort((a, b) => b.index - a.index);
  for (const result of used) {
    const c = result.start;
    const relative = result.tags().has("result/relativeDate");
    if (relative && !recurrence) {
      spec.relativeMs = result.date().getTime() - now.getTime();
    } else {
      const hasDate =
        c.isCertain("day") || c.isCertain("weekday") || [...result.tags()].some((t) => t.startsWith("casualReference/") && !/noon|midnight/.test(t));
      if (hasDate && !spec.date) {
        spec.date = { kind: "monthDay", year: c.get("year")!, month: c.get("month")!, day: c.get("day")! };
        if (recurrence?.freq === "WEEKLY" && !recurrence.byDay && c.isCertain("weekday")) recurrence.byDay = [c.get("weekday") as Weekday];
      }
      if (c.isCertain("hour") && !spec.time) {
        const hour = c.get("hour")!;
        spec.time = {
          hour,
          minute: c.get("minute") ?? 0,
          meridiemKnown: c.isCertain("meridiem") || hour > 12 || hour === 0 || /noon|midnight|morning|afternoon|evening|night/i.test(result.text),
        };
      }
    }
    state.text = state.text.slice(0, result.index) + " " + state.text.slice(result.index + result.text.length);
  }
  if (recurrence) spec.recurrence = recurrence;
  if (spec.relativeMs === undefined && !spec.date && !spec.time && !spec.period && !spec.recurrence) return null;
  spec.title = cleanTitle(state.text);
  return spec;
}

function cleanTitle(rest: string): string {
  let title = rest
    .replace(
      /\b(?:please\s+)?(?:(?:can|could|would)\s+you\s+)?(?:set\s+(?:up\s+)?an?\s+reminder(?:\s+for\s+me)?|remind\s+me|wake\s+me(?:\s+up)?|don'?t\s+let\s+me\s+forget|alert\s+me|ping\s+me|nudge\s+me)\b/gi,
      " ",
    )
    .replace(/\bplease\b/gi, " ")
    .replace(/\s+/g, " ")
    .trim();
  // Words left dangling where a time phrase was cut out.
  for (let i = 0; i < 3; i++) {
    title = title
      .replace(/^(?:[,.:;!-]+|to|that|about|of|and|then|on|at|in|by|for)\s+/i, "")
      .replace(/\s+(?:on|at|in|by|and|then|to|for)$/i, "")
      .replace(/\s+(?:on|at|in|by)\s+(?=[,.!?]|$)/gi, "")
      .replace(/\s+(?:on|at)\s+(?:on|at)\b/gi, " ")
      .replace(/[\s,.;:!?]+$/, "")
      .replace(/^[\s,.;:!?-]+/, "")
      .trim();
  }
  return title;
}
