// The replies Guimi gives when the crisis detector fires. Fixed, reviewed wording (never LLM-generated):
// calm, caring, non-judgemental.
//   high risk     → asks whether she is safe right now, gives real help lines for her region, says Guimi stays;
//   possible risk → a gentle, direct question ("你是不是有伤害自己的想法？" — asking does not raise risk)
//                   with a help line offered;
//   "no" to that question → thanks her, keeps the door open, the line still offered.
import type { Lang } from "../../kernel/lang.js";
import { chooseHelplines, HELPLINE_TABLE, type Helpline, type HelplinePreference } from "./crisis-helplines.js";

export type { Helpline } from "./crisis-helplines.js";

/** Help lines by region, kept for callers of the earlier API (the table with sources is crisis-helplines.ts). */
export const HELPLINES: Readonly<Record<string, readonly Helpline[]>> = Object.fromEntries(Object.entries(HELPLINE_TABLE).map(([k, v]) => [k, v.lines]));

export interface CrisisReplyOptions {
  lang: Lang;
  /** BCP 47 locale such as "zh-HK" or "en-GB"; its region picks the help lines. */
  locale?: string;
  /** Her time zone, used for the region when the locale has none. */
  timeZone?: string;
  /** Her settings: a chosen region, her own line. */
  preference?: HelplinePreference;
  /** Replaces the help lines for this reply (e.g. from device configuration). */
  helplines?: readonly Helpline[];
  /** Picks among equivalent wordings, deterministically. */
  seed?: number;
}

export interface CrisisReply {
  text: string;
  helplines: Helpline[];
  region: string | null;
}

const ZH_OPENINGS = [
  "谢谢你愿意告诉我，这一定很不容易。你现在的感受很重要，我在认真听。",
  "听到你这么说，我很心疼你。你不用一个人扛着这些，我在这里。",
  "你愿意说出来，我真的很感激。这些感受很沉重，你不是一个人。",
];
const ZH_SAFETY = ["你现在安全吗？身边有没有可能伤害到自己的东西？", "我想先确认一下：你现在安全吗？身边有人陪着你吗？"];
const ZH_STAY = ["我会一直在这里陪着你，你想说什么都可以慢慢说。", "我哪儿也不去，会一直陪着你。"];

const EN_OPENINGS = [
  "Thank you for telling me. That took courage, and what you're feeling matters to me.",
  "I'm really glad you told me. You don't have to carry this alone — I'm here with you.",
  "I hear you, and I'm so sorry it hurts this much. You're not alone in this.",
];
const EN_SAFETY = [
  "Are you safe right now? Is there anything near you that you could hurt yourself with?",
  "Can I ask — are you safe right now? Is someone with you?",
];
const EN_STAY = ["I'm staying right here with you. Take your time; you can tell me anything.", "I'm not going anywhere. I'll stay with you."];

const ZH_ASK = [
  "听你这么说，我有点担心你。我想直接问一下，你是不是有伤害自己的想法？不管答案是什么，我都不会怪你。",
  "我想认真地问你一句：你是不是有伤害自己、或者不想活下去的念头？你可以跟我说实话，我在听。",
];
const EN_ASK = [
  "What you said makes me a little worried about you. Can I ask you directly — are you having thoughts of hurting yourself? Whatever the answer, I won't judge you.",
  "I want to check in honestly: are you thinking about hurting yourself, or about not wanting to be alive? You can tell me the truth; I'm listening.",
];

function pick<T>(items: readonly T[], seed: number, salt: number): T {
  // Small integer hash so different parts vary independently for one seed.
  const h = Math.imul((seed >>> 0) ^ (salt * 0x9e3779b1), 0x85ebca6b) >>> 0;
  return items[((h ^ (h >>> 13)) >>> 0) % items.length]!;
}

function linesFor(opts: CrisisReplyOptions): { lines: Helpline[]; emergency: string; region: string | null } {
  const choice = chooseHelplines({ lang: opts.lang, locale: opts.locale, timeZone: opts.timeZone, preference: opts.preference });
  if (opts.helplines && opts.helplines.length > 0) return { ...choice, lines: [...opts.helplines] };
  return choice;
}

function formatLines(lines: Helpline[], lang: Lang): string {
  return lines
    .map((h) => (lang === "zh" ? `· ${h.name}：${h.phone}${h.hours ? `（${h.hours}）` : ""}` : `• ${h.name}: ${h.phone}${h.hours ? ` (${h.hours})` : ""}`))
    .join("\n");
}

/** The high-risk safety reply; same inputs and seed give the same text. */
export function crisisReply(opts: CrisisReplyOptions): CrisisReply {
  const seed = opts.seed ?? 0;
  const { lines, emergency, region } = linesFor(opts);
  if (opts.lang === "zh") {
    const text = [
      pick(ZH_OPENINGS, seed, 1),
      pick(ZH_SAFETY, seed, 2),
      `如果你有伤害自己的想法，请现在就联系专业的人，他们随时可以帮你：\n${formatLines(lines, "zh")}\n如果你有危险，请立刻拨打 ${emergency}，或者去最近的医院急诊。`,
      pick(ZH_STAY, seed, 3),
    ].join("\n");
    return { text, helplines: lines, region };
  }
  const text = [
    pick(EN_OPENINGS, seed, 1),
    pick(EN_SAFETY, seed, 2),
    `If you're thinking about hurting yourself, please reach out to someone trained to help, right now:\n${formatLines(lines, "en")}\nIf you're in immediate danger, call ${emergency} or go to the nearest emergency room.`,
    pick(EN_STAY, seed, 3),
  ].join("\n");
  return { text, helplines: lines, region };
}

/** The possible-risk reply: a gentle, direct question, and one help line offered. */
export function crisisCheckReply(opts: CrisisReplyOptions): CrisisReply {
  const seed = opts.seed ?? 0;
  const { lines, region } = linesFor(opts);
  const first = lines[0]!;
  const text =
    opts.lang === "zh"
      ? `${pick(ZH_ASK, seed, 4)}\n如果你想找专业的人聊聊，${first.name}（${first.phone}${first.hours ? `，${first.hours}` : ""}）随时都在。`
      : `${pick(EN_ASK, seed, 4)}\nIf you'd like to talk to someone trained to help, ${first.name} (${first.phone}${first.hours ? `, ${first.hours}` : ""}) is there any time.`;
  return { text, helplines: lines, region };
}

/** Her "no" to the check question: thanks, the door stays open, the line is still there. */
export function crisisDeniedReply(opts: CrisisReplyOptions): CrisisReply {
  const { lines, region } = linesFor(opts);
  const first = lines[0]!;
  const text =
    opts.lang === "zh"
      ? `谢谢你认真回答我，我放心了一点。心里难受的时候，随时跟我说，多小的事都可以。要是哪天这样的念头冒出来了，也请告诉我，或者打 ${first.name}（${first.phone}）。我一直在。`
      : `Thank you for answering me honestly — that helps me worry a little less. Whenever things feel heavy, tell me, however small it seems. And if thoughts like that ever come, please tell me, or call ${first.name} (${first.phone}). I'm always here.`;
  return { text, helplines: lines, region };
}
