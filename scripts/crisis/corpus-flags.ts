// Count-only: how often the rules alone and the whole detector flag each corpus in ../shared, per label, on the
// held-out split and on all of it. Prints rates only, never a text (the crisis posts are people's real words).
import { join } from "node:path";
import { assessCrisis } from "../../src/perception/crisis/default-detector.js";
import { detectCrisisByRules } from "../../src/perception/crisis/crisis-rules.js";
import {
  isCpedHeldOut,
  isCrisisHeldOut,
  loadCpedUtterances,
  loadCrisisCorpora,
  loadGoEmotionsTexts,
  MENTIONS_DEATH,
} from "../../src/perception/crisis/crisis-corpora.js";

const shared = process.env.GUIMI_SHARED ?? join(import.meta.dirname, "..", "..", "..", "shared");
const datasets = join(shared, "datasets");
const groups = new Map<string, { n: number; rules: number; any: number; high: number }>();
function count(group: string, text: string): void {
  const g = groups.get(group) ?? { n: 0, rules: 0, any: 0, high: 0 };
  g.n++;
  if (detectCrisisByRules(text).risk !== "none") g.rules++;
  const a = assessCrisis(text);
  if (a.risk !== "none") g.any++;
  if (a.risk === "high") g.high++;
  groups.set(group, g);
}
for (const e of loadCrisisCorpora(datasets)) {
  const split = isCrisisHeldOut(e.text) ? "heldout" : "train";
  const tag = `${e.source}:${e.label}`;
  count(`${tag}:${split}`, e.text);
  if (e.lang === "en" && e.label === 0 && MENTIONS_DEATH.test(e.text)) count(`en-death-mention:0:${split}`, e.text);
}
for (const t of loadCpedUtterances(join(datasets, "cped", "cped-valid.csv"))) count(`cped:0:${isCpedHeldOut(t) ? "heldout" : "train"}`, t);
for (const t of loadGoEmotionsTexts(join(datasets, "goemotions", "dev.tsv"))) count("goemotions-dev:0:all", t);
const rows = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
for (const [k, g] of rows) {
  const pct = (x: number) => `${((100 * x) / g.n).toFixed(2)}%`.padStart(7);
  console.log(`${k.padEnd(34)} n=${String(g.n).padStart(6)}  rules ${pct(g.rules)}  any ${pct(g.any)}  high ${pct(g.high)}`);
}
