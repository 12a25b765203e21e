// Loaders for the emotion corpora in ../shared/datasets, mapped onto Guimi's unified labels.
// Used by the training script, the held-out tests and the benchmark (never at classify time).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { mapCorpusLabel, type EmotionLabel } from "../emotion-labels.js";
import { fnv1a, type TextLang } from "./features.js";

export interface Example {
  text: string;
  lang: TextLang;
  /** One or more gold labels (GoEmotions rows may carry several). */
  labels: EmotionLabel[];
  source: string;
}

/** Dedup key: only letters, digits and Han characters, so copies that differ in spacing/punctuation collide. */
export function dedupKey(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\[[^\[\]]{1,8}\]/gu, "")
    .replace(/[^\p{L}\p{N}]/gu, "");
}

export function loadGoEmotions(path: string, source: string): Example[] {
  const out: Example[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const [text, ids] = line.split("\t");
    if (!text || !ids) continue;
    const labels = [...new Set(ids.split(",").map((i) => EKMAN_TO_UNIFIED[Number(i)]))].filter(
      (l): l is EmotionLabel => l !== undefined,
    );
    if (labels.length) out.push({ text, lang: "en", labels, source });
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

export function loadCped(path: string): Example[] {
  const rows = parseCsv(readFileSync(path, "utf8").replace(/^\uFEFF/u, ""));
  const header = rows[0] ?? [];
  const ei = header.indexOf("Emotion");
  const ui = header.indexOf("Utterance");
  const out: Example[] = [];
  for (const r of rows.slice(1)) {
    const label = mapCorpusLabel(r[ei] ?? "");
    const text = (r[ui] ?? "").trim();
    if (label && dedupKey(text).length >= 2) out.push({ text, lang: "zh", labels: [label], source: "cped" });
  }
  return out;
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
    clue: join(datasetsDir, "zh-emotion", "clue-emotion-valid.jsonl"),
    nlpcc: join(datasetsDir, "zh-emotion", "nlpcc2013-train.csv"),
    weibo8: join(datasetsDir, "zh-emotion", "weibo-8class.txt"),
    simplifyweibo: join(datasetsDir, "zh-emotion", "simplifyweibo-5moods.csv"),
    cped: join(datasetsDir, "cped", "cped-valid.csv"),
  };
}

/** Held-out evaluation sets: GoEmotions dev single-label rows (en) and the zh CLUE split. */
export function loadHeldOut(datasetsDir: string): { en: Example[]; zh: Example[] } {
  const p = corpusPaths(datasetsDir);
  return {
    en: loadGoEmotions(p.goDev, "goemotions-dev").filter((e) => e.labels.length === 1),
    zh: loadClue(p.clue).filter((e) => isZhHeldOut(e.text)),
  };
}
