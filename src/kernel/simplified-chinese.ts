// Traditional Chinese (Hong Kong, Taiwan) folded to simplified, so patterns and models written in simplified read
// "我想自殺" as "我想自杀". OpenCC's Hong Kong/traditional → mainland tables only: the Taiwan table also maps the
// simplified "么" to "幺" (breaking "什么"), so Taiwan's "著" for "着" ("活著", "睡不著") is folded here instead.
import { Converter } from "opencc-js/t2cn";
import { hasHan } from "./lang.js";

let converter: ((text: string) => string) | undefined;

// Simplified words where 著 is right as it is (著名, 显著, 名著…).
const ZHU_WORDS = /(?<![显卓土编巨原名论专合])著(?![名作称述])/gu;

/** The text with traditional characters in simplified; text without Chinese characters is returned as it is. */
export function toSimplified(text: string): string {
  if (!hasHan(text)) return text;
  // The converter builds its tables on first use (~50 ms), then costs microseconds per sentence.
  const convert = (converter ??= Converter({ from: "hk", to: "cn" }));
  return convert(text).replace(ZHU_WORDS, "着");
}
