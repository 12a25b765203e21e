// The shared kernel's language helpers: one `Lang`, one `detectLanguage`, one Han check. Cheap enough for every turn.
export type Lang = "zh" | "en";

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/gu;
const LATIN_WORD = /[A-Za-z]{2,}/g;

/** zh when Chinese characters carry the message, en when Latin words do; `fallback` when neither. */
export function detectLanguage(text: string, fallback: Lang = "zh"): Lang {
  const han = text.match(HAN)?.length ?? 0;
  const latinWords = text.match(LATIN_WORD)?.length ?? 0;
  if (han === 0 && latinWords === 0) return fallback;
  // One Chinese character carries about as much as one English word.
  return han >= latinWords ? "zh" : "en";
}

const ANY_HAN = /[\u3400-\u9fff\uf900-\ufaff]/u;

/** True when the text has any Chinese character (for picking a voice or a tokenizer, not the reply language). */
export function hasHan(text: string): boolean {
  return ANY_HAN.test(text);
}
