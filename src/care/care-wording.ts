// Varied wording, chosen deterministically: the same seed and salt always pick the same line, so
// simulations and tests are reproducible while she still hears different phrasings day to day.
import type { Lang } from "../kernel/lang.js";

export interface Wording {
  zh: readonly string[];
  en: readonly string[];
}

/** FNV-1a: small, stable across runs and platforms. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function pick<T>(options: readonly T[], seed: number, salt: string): T {
  if (options.length === 0) throw new RangeError("pick: no options");
  return options[hashString(`${seed}:${salt}`) % options.length]!;
}

export function say(wording: Wording, lang: Lang, seed: number, salt: string): string {
  return pick(wording[lang], seed, salt);
}

const zhDigits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"];

/** 6:30 → "六点半", 7:05 → "七点零五分", 22:00 → "十点" (spoken 12-hour time; the context says morning or night). */
export function zhClock(minutes: number): string {
  const h24 = Math.floor(minutes / 60) % 24;
  const m = minutes % 60;
  const h = h24 % 12 === 0 ? 12 : h24 % 12;
  const hour = `${h === 2 ? "两" : zhDigits[h]}点`;
  if (m === 0) return hour;
  if (m === 30) return `${hour}半`;
  if (m === 15) return `${hour}一刻`;
  const tens = Math.floor(m / 10);
  const ones = m % 10;
  const minute = tens === 0 ? `零${zhDigits[ones]}` : `${tens === 1 ? "" : zhDigits[tens]}十${ones ? zhDigits[ones] : ""}`;
  return `${hour}${minute}分`;
}

/** 6:30 → "6:30 am" */
export function enClock(minutes: number): string {
  const h24 = Math.floor(minutes / 60) % 24;
  const m = minutes % 60;
  const h = h24 % 12 === 0 ? 12 : h24 % 12;
  return `${h}:${String(m).padStart(2, "0")} ${h24 < 12 ? "am" : "pm"}`;
}
