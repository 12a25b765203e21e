// Prompt assembly, pure. The system prompt never changes within a conversation (its KV cache is kept);
// everything that changes — time, mood, recalled memories — rides in the newest user turn.
import type { Lang } from "../kernel/lang.js";
import type { Persona } from "./persona.js";

/** `extraLines`: where the relationship stands and how she asked to be talked to (they change rarely). */
export function buildSystemPrompt(persona: Persona, extraLines: readonly string[] = []): string {
  const lines = [
    `你是${persona.name.zh}（英文名 ${persona.name.en}），用户最亲近的闺蜜，住在她桌上的一个小设备里。`,
    `性格：${persona.style.zh}`,
    "她用中文你就用中文，她用英文你就用英文。每句回复只说一两件事，像朋友发消息那样自然。",
    "方括号里的是设备提供的背景（时间、她的情绪、你记得的事），自然地用上，不要照念。",
    "你不是医生或律师；涉及安全的事温柔地建议她找身边的人或专业帮助。",
    `In English you are ${persona.name.en}: ${persona.style.en}`,
  ];
  if (persona.avoidTopics.length > 0) lines.push(`不要主动聊这些话题 / avoid: ${persona.avoidTopics.join("、")}`);
  for (const boundary of persona.boundaries) lines.push(`约定 / boundary: ${boundary}`);
  lines.push(...extraLines);
  return lines.join("\n");
}

export interface TurnContext {
  now: Date;
  timeZone: string;
  lang: Lang;
  /** Leave the time out when the conversation is flowing (it was given a few minutes ago): fewer tokens, faster answer. */
  omitTime?: boolean;
  /** One short line about her mood, already worded (empty when unsure). */
  mood?: string;
  /** A few short remembered facts relevant to this turn. */
  memories?: string[];
}

const zhWeekdays = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];

/** "11月24日 周二 23:40" / "Tue, Nov 24, 23:40" in her time zone. */
export function formatLocalTime(now: Date, timeZone: string, lang: Lang): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      month: "numeric",
      day: "numeric",
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  if (lang === "zh") {
    const weekdayIndex = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(parts.weekday ?? "");
    return `${parts.month}月${parts.day}日 ${zhWeekdays[weekdayIndex] ?? ""} ${parts.hour}:${parts.minute}`;
  }
  const month = new Intl.DateTimeFormat("en-US", { timeZone, month: "short" }).format(now);
  return `${parts.weekday}, ${month} ${parts.day}, ${parts.hour}:${parts.minute}`;
}

/** The newest user turn: a compact bracketed context line, then her words. Short on purpose: every token costs latency. */
export function buildUserTurn(text: string, context: TurnContext): string {
  const zh = context.lang === "zh";
  const items = context.omitTime ? [] : [formatLocalTime(context.now, context.timeZone, context.lang)];
  if (context.mood) items.push(context.mood);
  const memories = (context.memories ?? []).filter((m) => m.trim().length > 0);
  if (memories.length > 0) items.push((zh ? "你记得：" : "you remember: ") + memories.join(zh ? "；" : "; "));
  if (items.length === 0) return text;
  return `[${items.join(zh ? "｜" : " | ")}]\n${text}`;
}

/** The time is repeated only when it has moved on enough to matter to the reply. */
export const TIME_REFRESH_MS = 15 * 60 * 1000;
