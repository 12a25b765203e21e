// Counts only: character 2–3-grams common in TRAINING zh at-risk posts that neither the rules nor the risk-domain
// cue (hasRiskCue) reach, against everyday Weibo posts and CPED dialogue. Never prints a text.
import { loadCrisisCorpora, isCrisisHeldOut, loadCpedUtterances } from "../../src/perception/crisis/crisis-corpora.js";
import { blankIdioms, detectCrisisByRules, hasRiskCue } from "../../src/perception/crisis/crisis-rules.js";
import { corpusPaths } from "../../src/perception/text-emotion/corpora.js";
import { sharedPath } from "../../src/testing/paths.js";
const ds = sharedPath("datasets");
const c = loadCrisisCorpora(ds).filter((e) => !isCrisisHeldOut(e.text) && e.lang === "zh");
const pos = c.filter((e) => e.label === 1).map((e) => blankIdioms(e.text));
const missed = pos.filter((t) => detectCrisisByRules(t).risk === "none" && !hasRiskCue(t));
const neg = c.filter((e) => e.label === 0).map((e) => blankIdioms(e.text));
const cped = loadCpedUtterances(corpusPaths(ds).cped).map(blankIdioms);
const count = (texts: string[]) => {
  const m = new Map<string, number>();
  for (const t of texts) {
    const s = new Set<string>();
    for (const run of t.match(/[\u4e00-\u9fff]+/gu) ?? []) for (let n = 1; n <= 3; n++) for (let i = 0; i + n <= run.length; i++) s.add(run.slice(i, i + n));
    for (const g of s) m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
};
const P = count(missed);
const N = count(neg);
const C = count(cped);
const lens = missed.map((t) => t.length).sort((a, b) => a - b);
console.log(`train pos ${pos.length}, no rule and no cue ${missed.length} (length median ${lens[lens.length >> 1]}); weibo ${neg.length}; cped ${cped.length}`);
const rows = [...P]
  .filter(([, k]) => k >= Number(process.argv[2] ?? 3))
  .map(([g, k]) => ({ g, k, r: k / missed.length / (((N.get(g) ?? 0) + (C.get(g) ?? 0) + 1) / (neg.length + cped.length)) }))
  .sort((a, b) => b.r - a.r)
  .slice(0, 80);
console.log(rows.map((x) => `${x.g}:${x.k}/${N.get(x.g) ?? 0}/${C.get(x.g) ?? 0}`).join("  "));
