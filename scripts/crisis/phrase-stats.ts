// Counts only: how often candidate zh phrases occur in the TRAINING part of the zh at-risk posts vs the
// everyday training texts (never the held-out split, never prints a text).
import { loadCrisisCorpora, isCrisisHeldOut, loadCpedUtterances, isCpedHeldOut } from "../../src/perception/crisis/crisis-corpora.js";
import { detectCrisisByRules } from "../../src/perception/crisis/crisis-rules.js";
import { corpusPaths } from "../../src/perception/text-emotion/corpora.js";
import { sharedPath } from "../../src/testing/paths.js";
const ds = sharedPath("datasets");
const c = loadCrisisCorpora(ds).filter((e) => !isCrisisHeldOut(e.text) && e.lang === "zh");
const pos = c.filter((e) => e.label === 1).map((e) => e.text);
const neg = c.filter((e) => e.label === 0).map((e) => e.text);
const cped = loadCpedUtterances(corpusPaths(ds).cped).filter((t) => !isCpedHeldOut(t));
const missed = pos.filter((t) => detectCrisisByRules(t).risk === "none");
console.log(`train pos ${pos.length}, rules miss ${missed.length}; weibo neg ${neg.length}; cped ${cped.length}`);
const lens = missed.map((t) => t.length).sort((a, b) => a - b);
console.log(`missed length quartiles ${lens[Math.floor(lens.length / 4)]} ${lens[Math.floor(lens.length / 2)]} ${lens[Math.floor((3 * lens.length) / 4)]}`);
for (const w of process.argv.slice(2)) {
  const re = new RegExp(w, "u");
  const n = (a: string[]) => a.filter((t) => re.test(t)).length;
  console.log(`${w.padEnd(20)} pos ${n(pos)} missed ${n(missed)} weibo ${n(neg)} cped ${n(cped)}`);
}
