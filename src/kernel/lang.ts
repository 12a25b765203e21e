// The shared kernel's language helpers: one `Lang`, one `detectLanguage`, one Han check. Cheap enough for every turn.
export type Lang = "zh" | "en";

/**
 * The Chinese characters every check here means (CJK unified ideographs with extension A, and the compatibility
 * ideographs), as a character-class body for modules that build their own patterns: `new RegExp(`[${HAN_CHARS}]`)`.
 */
export const HAN_CHARS = "\\u3400-\\u9fff\\uf900-\\ufaff";

const HAN = new RegExp(`[${HAN_CHARS}]`, "gu");
const HAN_RUN = new RegExp(`[${HAN_CHARS}]+`, "gu");
const ANY_HAN = new RegExp(`[${HAN_CHARS}]`, "u");
const ONE_HAN = new RegExp(`^[${HAN_CHARS}]$`, "u");
const LATIN_WORD = /[A-Za-z]{2,}/g;
const LATIN_LETTER = /[A-Za-z]/g;

/** zh when Chinese characters carry the message, en when Latin words do; `fallback` when neither. */
export function detectLanguage(text: string, fallback: Lang = "zh"): Lang {
  const han = countHan(text);
  const latinWords = text.match(LATIN_WORD)?.length ?? 0;
  if (han === 0 && latinWords === 0) return fallback;
  // One Chinese character carries about as much as one English word.
  return han >= latinWords ? "zh" : "en";
}

/** True when the text has any Chinese character (for picking a voice or a tokenizer, not the reply language). */
export function hasHan(text: string): boolean {
  return ANY_HAN.test(text);
}

/** zh when the text has any Chinese character, en otherwise (a title, a parser's choice: one character decides). */
export function scriptLang(text: string): Lang {
  return hasHan(text) ? "zh" : "en";
}

/** How many Chinese characters the text has (for shares and length budgets). */
export function countHan(text: string): number {
  return text.match(HAN)?.length ?? 0;
}

/** How many Latin letters the text has (a word is about 4–5 of them). */
export function countLatinLetters(text: string): number {
  return text.match(LATIN_LETTER)?.length ?? 0;
}

/** The runs of consecutive Chinese characters, in order, with their index (for tokenizers that cut Chinese apart). */
export function hanRuns(text: string): RegExpMatchArray[] {
  return [...text.matchAll(HAN_RUN)];
}

/** True when the string is exactly one Chinese character. */
export function isHanChar(text: string): boolean {
  return ONE_HAN.test(text);
}
