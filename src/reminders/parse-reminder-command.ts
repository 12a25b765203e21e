// Reminder commands she may say, recognised without an LLM: create, list, cancel, snooze, done, or a
// request that names no time (asked back). Pure; `justFired` says whether a reminder has just fired,
// because "好了" only means "done" right after one did.
import type { Lang } from "../kernel/lang.js";
import { normalizeWidth, numberPattern as N, parseChineseNumber } from "./chinese-numerals.js";
import { detectLang, parseReminderRequest, type ParseOptions, type ReminderRequest } from "./parse-reminder-request.js";

export type ReminderCommand =
  | { kind: "create"; lang: Lang; request: ReminderRequest }
  | { kind: "list"; lang: Lang }
  /** `query`: words of the title (or an id) to match; "" means the one that just fired. */
  | { kind: "cancel"; lang: Lang; query: string }
  | { kind: "snooze"; lang: Lang; minutes: number }
  | { kind: "done"; lang: Lang }
  /** A reminder was asked for but no time was named: ask when. */
  | { kind: "clarify"; lang: Lang; title: string; question: string };

export interface CommandOptions extends ParseOptions {
  /** A reminder fired moments ago (the caller decides how long "just" is, e.g. 10 minutes). */
  justFired?: boolean;
}

export const defaultSnoozeMinutes = 10;

function minutesFrom(count: string | undefined, unit: string | undefined, half: boolean): number | null {
  const n = count === "半" ? 0.5 : count ? (parseChineseNumber(count) ?? (/^\d+$/.test(count) ? Number(count) : null)) : null;
  if (n === null) return null;
  const total = (n + (half ? 0.5 : 0)) * (unit && /小时|钟头|hour|hr|^h$/i.test(unit) ? 60 : 1);
  return total > 0 ? Math.round(total) : null;
}

const enCounts: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, five: 5, ten: 10, fifteen: 15, twenty: 20, thirty: 30 };

function parseZhCommand(text: string, options: CommandOptions): ReminderCommand | null {
  const t = normalizeWidth(text).replace(/\s+/g, "");
  // Snooze first: "十分钟后再提醒我" must not become a new untitled reminder.
  const snooze =
    new RegExp(`(?:(${N}|半)(?:个)?(半)?(分钟|分|小时|钟头)(?:之|以)?后|过(${N})(分钟|小时))再(?:提醒|叫|喊)`).exec(t) ??
    new RegExp(`(?:再等|等)(${N})(分钟|小时)`).exec(t);
  if (snooze) {
    const minutes =
      snooze[4] !== undefined
        ? minutesFrom(snooze[4], snooze[5], false)
        : minutesFrom(snooze[1], snooze[3] ?? snooze[2], Boolean(snooze[2]) && snooze[3] !== undefined);
    if (minutes) return { kind: "snooze", lang: "zh", minutes };
  }
  if (/^(?:等会儿?|待会儿?|稍后|一会儿?)再(?:提醒|叫)我?|^贪睡/.test(t)) return { kind: "snooze", lang: "zh", minutes: defaultSnoozeMinutes };
  if (/(?:我)?(?:都)?有(?:哪些|什么|几个|多少)提醒|提醒(?:列表|清单)|(?:看看|查看?|查一下|列出)(?:我的|所有的?)?提醒|^我的提醒/.test(t))
    return { kind: "list", lang: "zh" };
  const cancel =
    /(?:取消|删掉|删除|去掉|撤销)(?:掉)?(?:那个|这个)?(.*?)(?:的)?(?:那个|这个)?提醒(?:吧|了)?$/.exec(t) ??
    /(?:不用|别|不要)(?:再)?提醒我?(.*?)(?:了)?(?:吧)?$/.exec(t);
  if (cancel) return { kind: "cancel", lang: "zh", query: (cancel[1] ?? "").replace(/^(?:我|一下)/, "").replace(/[的了吧，。!！]+$/, "") };
  if (options.justFired && /^(?:好了?|好的|好哒|嗯嗯?|收到|知道了|做完了|弄完了|搞定了?|完成了|已经.{0,8}了|.{1,6}完了)[啦了呀哦!！。～~]*$/.test(t))
    return { kind: "done", lang: "zh" };
  const request = parseReminderRequest(text, { ...options, lang: "zh" });
  if (request) return { kind: "create", lang: "zh", request };
  const asked = /^(?:请|帮我)?(?:记得)?(?:提醒我|叫我)(.+?)[吧哦呀～~。！!]*$/.exec(t);
  if (asked) return { kind: "clarify", lang: "zh", title: asked[1]!, question: `好呀，要我什么时候提醒你${asked[1]!.replace(/我(?!们)/g, "你")}？` };
  return null;
}

function parseEnCommand(text: string, options: CommandOptions): ReminderCommand | null {
  const t = text.trim();
  const snooze =
    /\bsnooze\b(?:\s+(?:it|that))?(?:\s+(?:for\s+)?(\d+|a|an|one|two|three|five|ten|fifteen|twenty|thirty)\s*(minutes?|mins?|m|hours?|hrs?|h)\b)?|\bremind me again(?:\s+in\s+(\d+|a|an|one|two|three|five|ten|fifteen|twenty|thirty)\s*(minutes?|mins?|hours?|hrs?))?/i.exec(
      t,
    );
  if (snooze) {
    const count = snooze[1] ?? snooze[3];
    const unit = snooze[2] ?? snooze[4];
    if (!count) return { kind: "snooze", lang: "en", minutes: defaultSnoozeMinutes };
    const n = /^\d+$/.test(count) ? Number(count) : (enCounts[count.toLowerCase()] ?? null);
    if (n && n > 0) return { kind: "snooze", lang: "en", minutes: unit && /^h/i.test(unit) ? n * 60 : n };
  }
  if (/\b(?:what(?:'s| is| are)?|show(?: me)?|list|see|check)\b.*\breminders\b|^(?:my\s+)?reminders\??$/i.test(t)) return { kind: "list", lang: "en" };
  const cancel =
    /\b(?:cancel|delete|remove|drop)\s+(?:the\s+|my\s+|that\s+)?(?:reminder\s+(?:to|about|for)\s+)?(.*?)(?:\s+reminder)?\s*[.!]?$/i.exec(t) ??
    /\bstop reminding me(?:\s+(?:to|about))?\s*(.*?)\s*[.!]?$/i.exec(t);
  if (cancel && (/\breminder\b/i.test(t) || /stop reminding/i.test(t)))
    return {
      kind: "cancel",
      lang: "en",
      query: (cancel[1] ?? "")
        .replace(/^(?:the|my|that|it)\s*$/i, "")
        .replace(/\bmy\b/gi, "my")
        .trim(),
    };
  if (options.justFired && /^(?:done|ok(?:ay)?|got it|finished|did it|i did it|all done|thanks?)\b[\s.!]*$/i.test(t)) return { kind: "done", lang: "en" };
  const request = parseReminderRequest(text, { ...options, lang: "en" });
  if (request) return { kind: "create", lang: "en", request };
  const asked = /^(?:please\s+)?remind me\s+(?:to\s+)?(.+?)[.!]*$/i.exec(t);
  if (asked) return { kind: "clarify", lang: "en", title: asked[1]!, question: `Sure — when should I remind you to ${asked[1]!.replace(/\bmy\b/gi, "your")}?` };
  return null;
}

/** A reminder command, or null when the sentence is not about reminders. */
export function parseReminderCommand(text: string, options: CommandOptions): ReminderCommand | null {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 500) return null;
  const lang = options.lang ?? detectLang(trimmed);
  return lang === "zh" ? parseZhCommand(trimmed, options) : parseEnCommand(trimmed, options);
}

/** The reminder a cancel query means: an exact id, else the active one whose title contains the words. */
export function matchReminder<T extends { id: string; title: string; status: string }>(reminders: readonly T[], query: string): T | undefined {
  const q = query.trim().toLowerCase();
  if (!q) return undefined;
  const byId = reminders.find((r) => r.id === q);
  if (byId) return byId;
  const active = reminders.filter((r) => r.status === "active");
  return (
    active.find((r) => r.title.toLowerCase() === q) ?? active.find((r) => r.title.toLowerCase().includes(q) || (r.title && q.includes(r.title.toLowerCase())))
  );
}
