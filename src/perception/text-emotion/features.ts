// Text → sparse hashed feature vector. Training (scripts/train-emotion.ts) and inference both
// call this, so the feature recipe is data (FeatureConfig, stored in the weights file), not code forks.
import { type Lang, countHan, countLatinLetters } from "../../kernel/lang.js";

export interface FeatureConfig {
  /** log2 of the hashed feature space per language model. */
  hashBits: number;
  /** Character n-gram orders on Chinese text (after emoticons/URLs/@mentions are taken out). */
  zhCharMin: number;
  zhCharMax: number;
  /** Use jieba word unigrams (and bigrams when zhWordBigrams) on Chinese text. */
  zhWords: boolean;
  zhWordBigrams: boolean;
  /** English word n-grams (1..enWordMax) and in-word character n-grams (0 disables). */
  enWordMax: number;
  enCharMin: number;
  enCharMax: number;
  /**
   * Earlier turns of the same conversation used as features (0 = none). Each earlier turn's n-grams are
   * prefixed by how far back it is and whether the same person said it, so "还好吧" after "我被裁员了" and
   * "还好吧" alone are different inputs. Absent in v1 weights files (no context).
   */
  contextTurns?: number;
  /** L2 norm of the context part relative to the utterance's own features (which have norm 1). */
  contextWeight?: number;
  /**
   * Weight of an English word-level feature (words, negated words, word n-grams, punctuation) relative to
   * a character n-gram before the vector is normalized (absent: 1). A word yields ~3× its length in
   * character n-grams, so at 1 the words are a small share of the input.
   */
  enWordWeight?: number;
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  hashBits: 18,
  zhCharMin: 1,
  zhCharMax: 3,
  zhWords: true,
  zhWordBigrams: false,
  enWordMax: 2,
  enCharMin: 3,
  enCharMax: 5,
};

/** Bounds the work per utterance: longer input is truncated before any processing. */
export const MAX_CHARS = 512;

/** Word segmenter for Chinese; injected so this module stays free of native loading. */
export type Segmenter = (text: string) => string[];

export interface SparseVector {
  idx: Int32Array;
  val: Float32Array;
}

/** Picks the model by script: any real share of Han characters means Chinese. */
export function detectLang(text: string): Lang {
  const han = countHan(text);
  if (han === 0) return "en";
  const latin = countLatinLetters(text);
  // An English word is ~4-5 letters while one Han character is roughly a word.
  return han * 4 >= latin ? "zh" : "en";
}

const URL_RE = /(?:https?:\/\/|www\.)\S+/giu;
const MENTION_RE = /@[^\s@:：,，。!！?？]{1,24}/gu;
const WEIBO_EMOTICON_RE = /\[[^[\]\s]{1,8}\]/gu;
const EMOJI_RE = /\p{Extended_Pictographic}/gu;
const REPEAT_PUNCT_RE = /([!?~～。…])\1+/gu;

/** 32-bit FNV-1a over UTF-16 code units: fast, stable across platforms, no dependencies. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Shared normalization: Unicode compatibility forms (full-width → ASCII), lower case, capped length. */
export function normalizeText(text: string): string {
  const capped = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
  return capped.normalize("NFKC").toLowerCase();
}

/** One earlier turn of the conversation: what was said and whether the same person said it. */
export interface ContextTurn {
  text: string;
  /** True when the speaker of this earlier turn is the speaker of the utterance being classified. */
  self: boolean;
}

class FeatureBag {
  /** Hashed index → feature weight (the largest it was added with; presence, not count). */
  readonly counts = new Map<number, number>();
  private weighted = false;
  constructor(
    private readonly mask: number,
    /** Prefix for every key (context turns get their own region of the hashed space). */
    private readonly prefix = "",
  ) {}
  add(key: string, weight = 1): void {
    const h = fnv1a(this.prefix + key) & this.mask;
    if (weight !== 1) this.weighted = true;
    this.counts.set(h, Math.max(this.counts.get(h) ?? 0, weight));
  }
  /** Present features (binary, or their weights) scaled to unit L2 norm, sorted by index. */
  toVector(): SparseVector {
    const n = this.counts.size;
    const idx = new Int32Array(n);
    let i = 0;
    for (const k of this.counts.keys()) idx[i++] = k;
    idx.sort();
    const val = new Float32Array(n);
    if (!this.weighted) {
      val.fill(n > 0 ? 1 / Math.sqrt(n) : 0);
      return { idx, val };
    }
    let sq = 0;
    for (const w of this.counts.values()) sq += w * w;
    const norm = sq > 0 ? 1 / Math.sqrt(sq) : 0;
    for (let j = 0; j < n; j++) val[j] = this.counts.get(idx[j]!)! * norm;
    return { idx, val };
  }
}

/** Takes out Weibo emoticons, emoji and repeated punctuation as whole tokens; returns the rest. */
function extractSymbols(text: string, bag: FeatureBag): string {
  let rest = text.replace(URL_RE, " ").replace(MENTION_RE, " ");
  rest = rest.replace(WEIBO_EMOTICON_RE, (m) => {
    bag.add("e:" + m);
    return " ";
  });
  rest = rest.replace(EMOJI_RE, (m) => {
    bag.add("e:" + m);
    return " ";
  });
  rest.replace(REPEAT_PUNCT_RE, (m, p: string) => {
    bag.add("r:" + p);
    return m;
  });
  return rest;
}

function zhFeatures(text: string, cfg: FeatureConfig, bag: FeatureBag, segment: Segmenter | undefined): void {
  const rest = extractSymbols(text, bag);
  // Character n-grams inside runs of non-space characters; spaces are where symbols were removed.
  const compact = rest.replace(/\s+/gu, " ").trim();
  const chars = Array.from(compact);
  for (let n = cfg.zhCharMin; n <= cfg.zhCharMax; n++) {
    for (let i = 0; i + n <= chars.length; i++) {
      let g = "";
      let ok = true;
      for (let j = i; j < i + n; j++) {
        const c = chars[j]!;
        if (c === " ") {
          ok = false;
          break;
        }
        g += c;
      }
      if (ok) bag.add("c" + n + ":" + g);
    }
  }
  if (cfg.zhWords && segment && compact.length > 0) {
    let prev = "^";
    for (const w of segment(compact)) {
      const word = w.trim();
      if (word.length === 0) continue;
      bag.add("w:" + word);
      if (cfg.zhWordBigrams) bag.add("b:" + prev + "|" + word);
      prev = word;
    }
  }
}

const EN_TOKEN_RE = /\[[a-z]+\]|[a-z0-9]+(?:'[a-z]+)*|[!?]|[.,;:]/gu;
const NEGATORS = new Set(["not", "no", "never", "nothing", "nobody", "none", "cannot", "neither", "nor", "without"]);
const CLAUSE_END = new Set([".", ",", ";", ":", "!", "?"]);

function enFeatures(text: string, cfg: FeatureConfig, bag: FeatureBag): void {
  const rest = extractSymbols(text.replace(/[’‘`]/gu, "'"), bag);
  const tokens = rest.match(EN_TOKEN_RE) ?? [];
  const words: string[] = [];
  const ww = cfg.enWordWeight ?? 1;
  let negScope = 0;
  for (const t of tokens) {
    if (CLAUSE_END.has(t)) {
      negScope = 0;
      if (t === "!" || t === "?") bag.add("p:" + t, ww);
      words.push(t);
      continue;
    }
    bag.add("w:" + t, ww);
    // Negation marking: "not happy" should not look like "happy" (Das & Chen 2001 style scope).
    if (negScope > 0) {
      bag.add("n:" + t, ww);
      negScope--;
    }
    if (NEGATORS.has(t) || t.endsWith("n't")) negScope = 3;
    words.push(t);
  }
  for (let n = 2; n <= cfg.enWordMax; n++) {
    for (let i = 0; i + n <= words.length; i++) bag.add("b" + n + ":" + words.slice(i, i + n).join(" "), ww);
  }
  if (cfg.enCharMax > 0) {
    for (const w of words) {
      if (w.length < 2 || CLAUSE_END.has(w)) continue;
      const padded = "<" + w + ">";
      for (let n = cfg.enCharMin; n <= cfg.enCharMax; n++) {
        for (let i = 0; i + n <= padded.length; i++) bag.add("c" + n + ":" + padded.slice(i, i + n));
      }
    }
  }
}

function fillBag(bag: FeatureBag, text: string, lang: Lang, cfg: FeatureConfig, segment: Segmenter | undefined): void {
  const norm = normalizeText(text);
  if (lang === "zh") zhFeatures(norm, cfg, bag, segment);
  else enFeatures(norm, cfg, bag);
}

/**
 * The sparse feature vector for one utterance in the given language, with the earlier turns of its
 * conversation (newest first) when the config uses context. The utterance's own features have unit
 * norm; each context turn's have norm `contextWeight`, so context shifts a decision without drowning it.
 */
export function extractFeatures(text: string, lang: Lang, cfg: FeatureConfig, segment?: Segmenter, context: readonly ContextTurn[] = []): SparseVector {
  const mask = (1 << cfg.hashBits) - 1;
  const bag = new FeatureBag(mask);
  fillBag(bag, text, lang, cfg, segment);
  const own = bag.toVector();
  const turns = Math.min(cfg.contextTurns ?? 0, context.length);
  const weight = cfg.contextWeight ?? 0;
  if (turns === 0 || weight <= 0 || own.idx.length === 0) return own;
  const merged = new Map<number, number>();
  for (let i = 0; i < own.idx.length; i++) merged.set(own.idx[i]!, own.val[i]!);
  for (let t = 0; t < turns; t++) {
    const turn = context[t]!;
    const ctxBag = new FeatureBag(mask, `p${t + 1}${turn.self ? "s" : "o"}|`);
    fillBag(ctxBag, typeof turn.text === "string" ? turn.text : "", lang, cfg, segment);
    const n = ctxBag.counts.size;
    if (n === 0) continue;
    // A per-turn marker so the model can learn how much an earlier turn of each kind matters.
    ctxBag.add("*");
    const v = weight / Math.sqrt(n + 1);
    for (const k of ctxBag.counts.keys()) merged.set(k, (merged.get(k) ?? 0) + v);
  }
  const idx = Int32Array.from(merged.keys()).sort();
  const val = new Float32Array(idx.length);
  for (let i = 0; i < idx.length; i++) val[i] = merged.get(idx[i]!)!;
  return { idx, val };
}
