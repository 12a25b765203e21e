// Wake phrases in the keyword model's own tokens, pure. The wenetspeech KWS model spells speech as pinyin
// initials and toned finals split the way sherpa-onnx's text2token ("ppinyin") splits them: pypinyin's
// non-strict split, where y and w count as initials and the final stays as written (x ué, j ūn, y ú, l ǜ).
// pinyin-pro gives each character's toned syllable (phrase-aware: 长长 cháng, 一/不 sandhi); the split is
// ours because pinyin-pro's own `final` pattern restores ü (xué → üé), a token the model does not have.
import { createRequire } from "node:module";
import { GuimiError } from "../errors.js";
import { HAN_CHARS } from "../kernel/lang.js";

/** Longest first, so "zh" wins over "z". */
const INITIALS = ["zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c", "s", "y", "w"];
const VOWEL = /^[aeiouüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]/u;
const ONLY_HAN = new RegExp(`^[${HAN_CHARS}]+$`, "u");

/** The phrase Guimi's own name makes: a two-character name said twice (小蜜 → 小蜜小蜜, as 小艺小艺), a longer one once. */
export function namePhrase(name: string): string | null {
  const text = name.replace(/\s+/g, "");
  if (!ONLY_HAN.test(text)) return null;
  return [...text].length <= 2 ? text + text : text;
}

/** Her wake phrases: the persona's name first, then her own, each once. */
export function wakePhrases(personaName: string, extra: readonly string[]): string[] {
  const own = namePhrase(personaName);
  return [...new Set([...(own ? [own] : []), ...extra.map((p) => p.replace(/\s+/g, ""))])].filter(Boolean);
}

/** One toned syllable ("xiǎo") as the model's tokens (["x", "iǎo"]); one with no initial ("ài", "ér") is one token. */
export function splitSyllable(syllable: string): string[] {
  const s = syllable.normalize("NFC");
  const initial = INITIALS.find((i) => s.startsWith(i) && VOWEL.test(s.slice(i.length)));
  return initial ? [initial, s.slice(initial.length)] : [s];
}

type PinyinFn = (text: string, options: { type: "array"; toneType: "symbol"; v: boolean }) => string[];
let pinyinFn: PinyinFn | null = null;
// Loaded on first use: its dictionary costs ~60 ms at start-up, and most starts never spell a wake word.
const toPinyin: PinyinFn = (text, options) => (pinyinFn ??= (createRequire(import.meta.url)("pinyin-pro") as { pinyin: PinyinFn }).pinyin)(text, options);

/** A phrase of Chinese characters as one keyword line: 小蜜小蜜 → "x iǎo m ì x iǎo m ì @小蜜小蜜". */
export function spellKeyword(phrase: string): string {
  const text = phrase.replace(/\s+/g, "");
  if (!ONLY_HAN.test(text)) {
    throw new GuimiError(
      `wake word "${phrase}": the keyword model only knows Chinese; write it in Chinese characters / 唤醒词只认汉字，请用汉字写`,
      "bad-input",
    );
  }
  const syllables = toPinyin(text, { type: "array", toneType: "symbol", v: false });
  return `${syllables.flatMap(splitSyllable).join(" ")} @${text}`;
}
