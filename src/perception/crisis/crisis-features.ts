// Text → sparse hashed features for the crisis classifier. One model covers zh, en and mixed text:
// Han runs give character n-grams, Latin runs give word n-grams plus character n-grams over the
// squashed text (so "amready", "kil myself", "wanna die" land near their spelled-out forms), and a
// script feature lets the model learn a separate base rate per language; Chinese text adds concept classes and
// their order (crisis-concepts.ts), so wordings the few real posts never used still meet. Training
// (scripts/train-crisis.ts) and inference both call this, so the recipe is data (CrisisFeatureConfig).
import { HAN_CHARS } from "../../kernel/lang.js";
import { conceptKeys } from "./crisis-concepts.js";

export interface CrisisFeatureConfig {
  /** log2 of the hashed feature space. */
  hashBits: number;
  /** Character n-gram orders on Han runs. */
  zhCharMin: number;
  zhCharMax: number;
  /** English word n-grams (1..enWordMax). */
  enWordMax: number;
  /** Character n-grams over the Latin text with spaces squashed to "_" (0 disables). */
  enCharMin: number;
  enCharMax: number;
  /**
   * Value of the concept features (crisis-concepts.ts) against 1 for an n-gram, before the vector is scaled to
   * unit length; 0 or absent (older model files): none.
   */
  concepts?: number;
}

export const DEFAULT_CRISIS_FEATURES: CrisisFeatureConfig = {
  hashBits: 18,
  zhCharMin: 1,
  zhCharMax: 3,
  enWordMax: 3,
  enCharMin: 3,
  enCharMax: 5,
  concepts: 2,
};

/** Work per utterance is bounded: longer input is cut before any processing. */
export const MAX_FEATURE_CHARS = 600;

export interface SparseVector {
  idx: Int32Array;
  val: Float32Array;
}

/** 32-bit FNV-1a over UTF-16 code units: stable across platforms, no dependencies. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// Traditional → simplified for the characters that carry risk words, so HK/TW writing meets the
// same features ("不想活了" / "殺了自己"). Small on purpose: only what crisis vocabulary uses.
const TRAD_PAIRS =
  "殺杀這这個个沒没還还說说讓让們们會会為为來来對对開开關关樂乐藥药樓楼離离傷伤輕轻絕绝覺觉難难過过時时後后無无麼么與与見见別别氣气書书遺遗盡尽燒烧結结終终點点厭厌煩烦惱恼應应該该當当現现實实裡里裏里準准備备將将歲岁經经給给從从亂乱極极愛爱夠够嗎吗頭头種种樣样滅灭憂忧鬱郁壓压懼惧聽听話话誰谁顧顾錯错罷罢謝谢邊边腦脑憶忆夢梦醫医護护層层墜坠陽阳臺台帶带愛爱嗎吗著着麼么沒没為为囉啰記记憐怜痛痛淚泪隨随讀读學学間间問问題题媽妈爸爸燈灯車车誤误廢废遠远斷断腕腕刀刀";
const TRAD_MAP = new Map<string, string>();
for (let i = 0; i + 1 < TRAD_PAIRS.length; i += 2) TRAD_MAP.set(TRAD_PAIRS[i]!, TRAD_PAIRS[i + 1]!);

const URL_RE = /(?:https?:\/\/|www\.)\S+/giu;
const MENTION_RE = /@[^\s@:：,，。!！?？]{1,24}/gu;
const WEIBO_EMOTICON_RE = /\[[^[\]\s]{1,8}\]/gu;
const EMOJI_RE = /\p{Extended_Pictographic}/gu;
const HAN_RUN = new RegExp(`[${HAN_CHARS}]+`, "gu");
const HAN_CHAR = new RegExp(`[${HAN_CHARS}]`, "gu");
const LATIN_RUN = /[a-z0-9']+(?:[\s-]+[a-z0-9']+)*/gu;
const REPEAT_3 = /(.)\1{2,}/gu;

/** NFKC (full-width → ASCII), lower case, curly quotes straightened, traditional risk characters simplified. */
export function normalizeCrisisText(text: string): string {
  const capped = text.length > MAX_FEATURE_CHARS ? text.slice(0, MAX_FEATURE_CHARS) : text;
  let t = capped
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[’‘`´]/gu, "'");
  t = t.replace(HAN_CHAR, (c) => TRAD_MAP.get(c) ?? c);
  // "sooooo" / "哈哈哈哈哈" carry no more than two repeats do.
  return t.replace(REPEAT_3, "$1$1");
}

class Bag {
  private readonly values = new Map<number, number>();
  constructor(private readonly mask: number) {}
  add(key: string, value = 1): void {
    const i = fnv1a(key) & this.mask;
    this.values.set(i, Math.max(value, this.values.get(i) ?? 0));
  }
  /** The features scaled to unit L2 norm, sorted by index. */
  toVector(): SparseVector {
    const idx = Int32Array.from(this.values.keys()).sort();
    const val = Float32Array.from(idx, (i) => this.values.get(i)!);
    let norm = 0;
    for (const v of val) norm += v * v;
    const k = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let i = 0; i < val.length; i++) val[i]! *= k;
    return { idx, val };
  }
}

/** The sparse feature vector for one utterance (any mix of zh and en). */
export function crisisFeatures(text: string, cfg: CrisisFeatureConfig): SparseVector {
  const bag = new Bag((1 << cfg.hashBits) - 1);
  let t = normalizeCrisisText(text).replace(URL_RE, " ").replace(MENTION_RE, " ");
  t = t.replace(WEIBO_EMOTICON_RE, (m) => {
    bag.add("e:" + m);
    return " ";
  });
  t = t.replace(EMOJI_RE, (m) => {
    bag.add("e:" + m);
    return " ";
  });
  let han = 0;
  for (const m of t.matchAll(HAN_RUN)) {
    // Han runs are BMP characters, so string indices are characters here.
    const run = "^" + m[0] + "$";
    han += run.length - 2;
    for (let n = cfg.zhCharMin; n <= cfg.zhCharMax; n++) {
      for (let i = 0; i + n <= run.length; i++) {
        if (n === 1 && (i === 0 || i === run.length - 1)) continue;
        bag.add("c" + n + ":" + run.slice(i, i + n));
      }
    }
  }
  let latinWords = 0;
  for (const m of t.matchAll(LATIN_RUN)) {
    const words = m[0]
      .split(/[\s-]+/u)
      .filter((w) => w.length > 0)
      .map((w) => w.replace(/'/gu, ""));
    latinWords += words.length;
    const padded = ["<s>", ...words, "</s>"];
    for (const w of words) bag.add("w:" + w);
    for (let n = 2; n <= cfg.enWordMax; n++) {
      for (let i = 0; i + n <= padded.length; i++) bag.add("w" + n + ":" + padded.slice(i, i + n).join(" "));
    }
    if (cfg.enCharMax > 0) {
      const squashed = "_" + words.join("_") + "_";
      for (let n = cfg.enCharMin; n <= cfg.enCharMax; n++) {
        for (let i = 0; i + n <= squashed.length; i++) bag.add("l" + n + ":" + squashed.slice(i, i + n));
      }
    }
  }
  if (cfg.concepts) for (const key of conceptKeys(t)) bag.add(key, cfg.concepts);
  // The script mix, so the model learns its base rate per language.
  bag.add(han === 0 ? "s:latin" : latinWords === 0 ? "s:han" : "s:mixed");
  return bag.toVector();
}
