// Loaders for the emotion corpora in ../shared/datasets, mapped onto Guimi's unified labels.
// Used by the training script, the held-out tests and the benchmark (never at classify time).
import type { Lang } from "../../kernel/lang.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { mapCorpusLabel, type EmotionLabel } from "../emotion-labels.js";
import { fnv1a, type ContextTurn } from "./features.js";

export interface Example {
  text: string;
  lang: Lang;
  /** One or more gold labels (GoEmotions rows may carry several). */
  labels: EmotionLabel[];
  source: string;
  /** Dialogue id for conversation corpora: splits keep a dialogue whole. */
  group?: string;
  /** Earlier turns of the same dialogue, newest first (conversation corpora only). */
  context?: ContextTurn[];
}

/** Dedup key: only letters, digits and Han characters, so copies that differ in spacing/punctuation collide. */
export function dedupKey(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\[[^[\]]{1,8}\]/gu, "")
    .replace(/[^\p{L}\p{N}]/gu, "");
}

export function loadGoEmotions(path: string, source: string): Example[] {
  const out: Example[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const [text, ids] = line.split("\t");
    if (!text || !ids) continue;
    const labels = [...new Set(ids.split(",").map((i) => EKMAN_TO_UNIFIED[Number(i)]))].filter((l): l is EmotionLabel => l !== undefined);
    if (labels.length) out.push({ text, lang: "en", labels, source });
  }
  return out;
}

/** GoEmotions' 27 emotions + neutral grouped into Ekman's six + neutral, as published with the data set. */
export const GOEMOTIONS_EKMAN: Readonly<Record<string, EmotionLabel>> = Object.fromEntries(
  Object.entries({
    anger: ["anger", "annoyance", "disapproval"],
    disgust: ["disgust"],
    fear: ["fear", "nervousness"],
    joy: ["joy", "amusement", "approval", "excitement", "gratitude", "love", "optimism", "relief", "pride", "admiration", "desire", "caring"],
    sadness: ["sadness", "disappointment", "embarrassment", "grief", "remorse"],
    surprise: ["surprise", "realization", "confusion", "curiosity"],
    neutral: ["neutral"],
  } as Record<EmotionLabel, string[]>).flatMap(([group, fine]) => fine.map((f) => [f, group as EmotionLabel])),
);

/**
 * GoEmotions with its 28 original labels (`original-*.tsv`, ids into `original-labels.txt`): `fine` holds
 * them, `labels` their Ekman groups, so a model can learn the finer classes and answer in unified labels.
 */
export function loadGoEmotionsFine(path: string, labelsPath: string, source: string): (Example & { fine: string[] })[] {
  const names = readFileSync(labelsPath, "utf8").split(/\s+/u).filter(Boolean);
  const out: (Example & { fine: string[] })[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const [text, ids] = line.split("\t");
    if (!text || !ids) continue;
    const fine = [...new Set(ids.split(",").map((i) => names[Number(i)]))].filter((n): n is string => n !== undefined && n in GOEMOTIONS_EKMAN);
    if (!fine.length) continue;
    out.push({ text, lang: "en", labels: [...new Set(fine.map((f) => GOEMOTIONS_EKMAN[f]!))], fine, source });
  }
  return out;
}

// GoEmotions ekman-labels.txt order (alphabetical, neutral before sadness).
const EKMAN_ORDER = ["anger", "disgust", "fear", "joy", "neutral", "sadness", "surprise"] as const;
const EKMAN_TO_UNIFIED: readonly (EmotionLabel | undefined)[] = EKMAN_ORDER.map((l) => mapCorpusLabel(l));

export function loadClue(path: string): Example[] {
  const out: Example[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { content: string; label: string };
    const label = mapCorpusLabel(row.label);
    if (label && row.content.trim()) out.push({ text: row.content, lang: "zh", labels: [label], source: "clue" });
  }
  return out;
}

/** `label,text` (or `label:text`) lines; header lines and unknown labels are skipped. */
export function loadLabelText(path: string, source: string): Example[] {
  const out: Example[] = [];
  for (const raw of readFileSync(path, "utf8").split("\n")) {
    const line = raw.replace(/^\uFEFF/u, "").trim();
    if (!line || line.startsWith("##")) continue;
    const m = /^([a-z-]+)\s*[,:]\s*(.*)$/u.exec(line);
    if (!m) continue;
    const label = mapCorpusLabel(m[1]!);
    const text = m[2]!.replace(/^"(.*)"$/su, "$1").trim();
    // Cut or empty texts carry no signal; a few characters of Han are the minimum.
    if (!label || dedupKey(text).length < 2) continue;
    out.push({ text, lang: "zh", labels: [label], source });
  }
  return out;
}

/** Minimal RFC 4180 CSV parser (quoted fields, doubled quotes, newlines inside quotes). */
export function parseCsv(content: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < content.length; i++) {
    const c = content[i]!;
    if (quoted) {
      if (c === '"') {
        if (content[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && content[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Earlier turns kept with each CPED utterance (the model uses at most this many). */
export const CPED_CONTEXT_TURNS = 2;

/**
 * CPED utterances with their dialogue id and the earlier turns of their dialogue (any label, even
 * "negative-other", which has no unified counterpart and is never a target). Short utterances stay:
 * "嗯" and "还好吧" are what conversation is made of.
 */
export function loadCped(path: string, opts: { negativeOther?: boolean } = {}): Example[] {
  const rows = parseCsv(readFileSync(path, "utf8").replace(/^\uFEFF/u, ""));
  const header = rows[0] ?? [];
  const ei = header.indexOf("Emotion");
  const ui = header.indexOf("Utterance");
  const di = header.indexOf("Dialogue_ID");
  const si = header.indexOf("Speaker");
  const out: Example[] = [];
  let dialogue = "";
  let earlier: { text: string; speaker: string }[] = [];
  for (const r of rows.slice(1)) {
    if (r.length <= Math.max(ei, ui, di, si)) continue;
    const group = r[di] ?? "";
    if (group !== dialogue) {
      dialogue = group;
      earlier = [];
    }
    const text = (r[ui] ?? "").trim();
    const speaker = r[si] ?? "";
    if (!text) continue;
    const raw = r[ei] ?? "";
    const label = mapCorpusLabel(raw);
    // "negative-other": some negative feeling without a unified name, optionally as an even split over them.
    const labels: EmotionLabel[] | null = label ? [label] : opts.negativeOther && raw === "negative-other" ? ["anger", "disgust", "fear", "sadness"] : null;
    if (labels && dedupKey(text).length >= 1) {
      const context = earlier
        .slice(-CPED_CONTEXT_TURNS)
        .reverse()
        .map((t) => ({ text: t.text, self: t.speaker === speaker }));
      out.push({ text, lang: "zh", labels, source: label ? "cped" : "cped-negative-other", group, context });
    }
    earlier.push({ text, speaker });
  }
  return out;
}

/** Which part of CPED a dialogue belongs to: 20% held out, 10% for calibration, 70% training. */
export function cpedSplit(dialogueId: string): "heldout" | "calibration" | "train" {
  const b = fnv1a("cped-dialogue:" + dialogueId) % 10;
  return b < 2 ? "heldout" : b === 2 ? "calibration" : "train";
}

/** Weibo posts of the corpora with a "none" class (NLPCC 2013, Weibo 8-class): 5% held out by text. */
export function isPostHeldOut(text: string): boolean {
  return fnv1a("post-heldout:" + dedupKey(text)) % 20 === 0;
}

/** Calibration slice of the posts/comments left for training: 10% by text. */
export function isCalibration(text: string): boolean {
  return fnv1a("calibration:" + dedupKey(text)) % 10 === 0;
}

/** The fixed zh held-out split: 30% of CLUEmotion valid, chosen by a hash of the dedup key. */
export function isZhHeldOut(text: string): boolean {
  return fnv1a("heldout:" + dedupKey(text)) % 10 < 3;
}

/** Paths of the corpora under a datasets directory (../shared/datasets). */
export function corpusPaths(datasetsDir: string) {
  return {
    goTrain: join(datasetsDir, "goemotions", "train.tsv"),
    goDev: join(datasetsDir, "goemotions", "dev.tsv"),
    goTrainFine: join(datasetsDir, "goemotions", "original-train.tsv"),
    goFineLabels: join(datasetsDir, "goemotions", "original-labels.txt"),
    clue: join(datasetsDir, "zh-emotion", "clue-emotion-valid.jsonl"),
    nlpcc: join(datasetsDir, "zh-emotion", "nlpcc2013-train.csv"),
    weibo8: join(datasetsDir, "zh-emotion", "weibo-8class.txt"),
    simplifyweibo: join(datasetsDir, "zh-emotion", "simplifyweibo-5moods.csv"),
    cped: join(datasetsDir, "cped", "cped-valid.csv"),
  };
}

export interface HeldOutSets {
  /** GoEmotions dev, single-label rows. */
  en: Example[];
  /** CLUEmotion valid, fixed 30% hash split (Weibo, no neutral class). */
  zh: Example[];
  /** CPED dialogues held out whole (20% of dialogues), with their earlier turns. */
  dialogue: Example[];
  /** NLPCC 2013 + Weibo 8-class posts, 5% by text (Weibo with a neutral class). */
  posts: Example[];
}

/** Held-out evaluation sets; every training path removes their texts from what it trains on. */
export function loadHeldOut(datasetsDir: string): HeldOutSets {
  const p = corpusPaths(datasetsDir);
  const seen = new Set<string>();
  const posts: Example[] = [];
  for (const e of [...loadLabelText(p.nlpcc, "nlpcc2013"), ...loadLabelText(p.weibo8, "weibo8")]) {
    const key = dedupKey(e.text);
    if (!isPostHeldOut(e.text) || seen.has(key)) continue;
    seen.add(key);
    posts.push(e);
  }
  return {
    en: loadGoEmotions(p.goDev, "goemotions-dev").filter((e) => e.labels.length === 1),
    zh: loadClue(p.clue).filter((e) => isZhHeldOut(e.text)),
    dialogue: loadCped(p.cped).filter((e) => cpedSplit(e.group ?? "") === "heldout"),
    posts,
  };
}
