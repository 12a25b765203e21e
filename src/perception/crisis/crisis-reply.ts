// The reply Guimi gives when the crisis detector fires. Fixed, reviewed wording (never LLM-generated):
// calm, caring, non-judgemental; it always gives real help for the locale, asks whether she is
// safe right now, and says Guimi stays with her.

export interface Helpline {
  name: string;
  phone: string;
  /** e.g. "24 小时" / "24/7". */
  hours?: string;
}

/** Helplines by region (ISO 3166 alpha-2). Extend or override through crisisReply({ helplines }). */
export const HELPLINES: Readonly<Record<string, readonly Helpline[]>> = {
  CN: [
    { name: "全国心理援助热线", phone: "400-161-9995", hours: "24 小时" },
    { name: "北京心理危机研究与干预中心", phone: "010-82951332", hours: "24 小时" },
  ],
  US: [{ name: "988 Suicide & Crisis Lifeline (call or text)", phone: "988", hours: "24/7" }],
};

export interface CrisisReplyOptions {
  lang: "zh" | "en";
  /** BCP 47 locale such as "zh-CN" or "en-US"; its region picks the helplines. */
  locale?: string;
  /** Replaces the built-in helplines for this reply (e.g. from device configuration). */
  helplines?: readonly Helpline[];
  /** Picks among equivalent wordings, deterministically. */
  seed?: number;
}

export interface CrisisReply {
  text: string;
  helplines: Helpline[];
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
const EN_SAFETY = ["Are you safe right now? Is there anything near you that you could hurt yourself with?", "Can I ask — are you safe right now? Is someone with you?"];
const EN_STAY = ["I'm staying right here with you. Take your time; you can tell me anything.", "I'm not going anywhere. I'll stay with you."];

function pick<T>(items: readonly T[], seed: number, salt: number): T {
  // Small integer hash so different parts vary independently for one seed.
  const h = Math.imul((seed >>> 0) ^ (salt * 0x9e3779b1), 0x85ebca6b) >>> 0;
  return items[((h ^ (h >>> 13)) >>> 0) % items.length]!;
}

/** Region of a locale ("zh-CN" → "CN"); the language's usual region when none is given. */
export function localeRegion(locale: string | undefined, lang: "zh" | "en"): string {
  const m = /[-_]([A-Za-z]{2})\b/u.exec(locale ?? "");
  if (m) return m[1]!.toUpperCase();
  return lang === "zh" ? "CN" : "US";
}

function helplinesFor(opts: CrisisReplyOptions): Helpline[] {
  if (opts.helplines && opts.helplines.length > 0) return [...opts.helplines];
  const region = localeRegion(opts.locale, opts.lang);
  const found = HELPLINES[region];
  if (found) return [...found];
  // No list for this region: still give real numbers rather than none.
  return opts.lang === "zh" ? [...HELPLINES.CN!] : [...HELPLINES.US!];
}

function formatLines(lines: Helpline[], lang: "zh" | "en"): string {
  return lines
    .map((h) => (lang === "zh" ? `· ${h.name}：${h.phone}${h.hours ? `（${h.hours}）` : ""}` : `• ${h.name}: ${h.phone}${h.hours ? ` (${h.hours})` : ""}`))
    .join("\n");
}

/** The crisis reply for one language/locale; same inputs and seed give the same text. */
export function crisisReply(opts: CrisisReplyOptions): CrisisReply {
  const seed = opts.seed ?? 0;
  const lines = helplinesFor(opts);
  if (opts.lang === "zh") {
    const text = [
      pick(ZH_OPENINGS, seed, 1),
      pick(ZH_SAFETY, seed, 2),
      `如果你有伤害自己的想法，请现在就联系专业的人，他们随时可以帮你：\n${formatLines(lines, "zh")}\n如果你有危险，请立刻拨打 120 或 110，或者去最近的医院急诊。`,
      pick(ZH_STAY, seed, 3),
    ].join("\n");
    return { text, helplines: lines };
  }
  const region = localeRegion(opts.locale, opts.lang);
  const emergency = region === "US" || region === "CA" ? "911" : region === "GB" ? "999" : "your local emergency number";
  const text = [
    pick(EN_OPENINGS, seed, 1),
    pick(EN_SAFETY, seed, 2),
    `If you're thinking about hurting yourself, please reach out to someone trained to help, right now:\n${formatLines(lines, "en")}\nIf you're in immediate danger, call ${emergency} or go to the nearest emergency room.`,
    pick(EN_STAY, seed, 3),
  ].join("\n");
  return { text, helplines: lines };
}
