// Counts only: word 1–3-grams common in training en at-risk posts that the rules miss.
import { loadCrisisCorpora, isCrisisHeldOut } from "../../src/perception/crisis/crisis-corpora.js";
import { detectCrisisByRules } from "../../src/perception/crisis/crisis-rules.js";
import { sharedPath } from "../../src/testing/paths.js";
const c = loadCrisisCorpora(sharedPath("datasets")).filter((e) => !isCrisisHeldOut(e.text) && e.lang === "en");
const pos = c.filter((e) => e.label === 1 && detectCrisisByRules(e.text).risk === "none").map((e) => e.text.toLowerCase());
const neg = c.filter((e) => e.label === 0).map((e) => e.text.toLowerCase());
const count = (texts: string[]) => {
  const m = new Map<string, number>();
  for (const t of texts) {
    const w = t
      .replace(/[^a-z' ]/g, " ")
      .split(/\s+/)
      .filter(Boolean);
    const s = new Set<string>();
    for (let n = 1; n <= 3; n++) for (let i = 0; i + n <= w.length; i++) s.add(w.slice(i, i + n).join(" "));
    for (const g of s) m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
};
const P = count(pos),
  N = count(neg);
console.log("all pos", c.filter((e) => e.label === 1).length, "missed pos", pos.length, "neg", neg.length);
const rows = [...P]
  .filter(([, k]) => k >= 8)
  .map(([g, k]) => ({ g, k, r: k / pos.length / (((N.get(g) ?? 0) + 1) / neg.length) }))
  .sort((a, b) => b.r - a.r)
  .slice(0, 90);
console.log(rows.map((x) => `${x.g}:${x.k}/${N.get(x.g) ?? 0}`).join("  "));
