// Loaders for ../shared/datasets/crisis and the fixed held-out split. Used by the training script, the
// held-out test and the benchmark, never at detection time. These texts are people's real words in
// pain: callers report counts and rates only, never the texts.
import type { Lang } from "../../kernel/lang.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fnv1a } from "./crisis-features.js";
import { parseCsv } from "../text-emotion/corpora.js";

export interface CrisisExample {
  text: string;
  lang: Lang;
  /** 1 = at risk, 0 = not. */
  label: 0 | 1;
  source: string;
}

/** Only letters, digits and Han characters: copies that differ in spacing or punctuation collide. */
export function crisisDedupKey(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\[[^[\]]{1,8}\]/gu, "")
    .replace(/[^\p{L}\p{N}]/gu, "");
}

/**
 * The fixed held-out split: FNV-1a of "crisis-heldout:" + the dedup key, mod 10, below 3 (30 %).
 * Training never sees a text whose key falls there; the figures in the README are measured on it.
 */
export function isCrisisHeldOut(text: string): boolean {
  return fnv1a("crisis-heldout:" + crisisDedupKey(text)) % 10 < 3;
}

/** Half of the CPED valid file (by FNV-1a of "cped-heldout:" + dedup key, even) is held out; the rest trains. */
export function isCpedHeldOut(text: string): boolean {
  return fnv1a("cped-heldout:" + crisisDedupKey(text)) % 2 === 0;
}

function lines(path: string): string[] {
  return readFileSync(path, "utf8")
    .replace(/^\uFEFF/u, "")
    .split(/\r?\n/u)
    .map((l) => l.trim())
    .filter((l) => crisisDedupKey(l).length > 0);
}

export function crisisCorpusPaths(datasetsDir: string) {
  return {
    zhCrisis: join(datasetsDir, "crisis", "zh-treehole-crisis.txt"),
    zhEveryday: join(datasetsDir, "crisis", "zh-weibo-everyday.txt"),
    enTweets: join(datasetsDir, "crisis", "en-tweets-train.csv"),
  };
}

export function loadCrisisCorpora(datasetsDir: string): CrisisExample[] {
  const p = crisisCorpusPaths(datasetsDir);
  const out: CrisisExample[] = [];
  for (const text of lines(p.zhCrisis)) out.push({ text, lang: "zh", label: 1, source: "zh-treehole" });
  for (const text of lines(p.zhEveryday)) out.push({ text, lang: "zh", label: 0, source: "zh-weibo-everyday" });
  const rows = parseCsv(readFileSync(p.enTweets, "utf8").replace(/^\uFEFF/u, ""));
  for (const r of rows.slice(1)) {
    const label = r[0]?.trim();
    const text = (r[1] ?? "").trim();
    if ((label === "0" || label === "1") && crisisDedupKey(text).length > 0) out.push({ text, lang: "en", label: label === "1" ? 1 : 0, source: "en-tweets" });
  }
  return out;
}

/** English posts that mention death or self-harm words without being labelled at risk ("this pretzel makes me want to die"). */
export const MENTIONS_DEATH = /\b(die|dies|died|dying|dead|death|kill|killing|killed|suicide|suicidal|murder)\b/iu;

/** GoEmotions dev (en, everyday Reddit comments): the text column only. */
export function loadGoEmotionsTexts(path: string): string[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .map((l) => l.split("\t")[0] ?? "")
    .filter((t) => t.trim().length > 0);
}

/** The CPED valid file (zh TV-drama dialogue): the Utterance column only. */
export function loadCpedUtterances(path: string): string[] {
  const rows = parseCsv(readFileSync(path, "utf8").replace(/^\uFEFF/u, ""));
  const ui = (rows[0] ?? []).indexOf("Utterance");
  return rows
    .slice(1)
    .map((r) => (r[ui] ?? "").trim())
    .filter((t) => crisisDedupKey(t).length >= 2);
}
