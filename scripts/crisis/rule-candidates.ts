// Counts only: candidate rule patterns (one "id regex" a line in argv[2]) on the TRAINING at-risk posts the rules miss, and on everyday text.
import { loadCrisisCorpora, isCrisisHeldOut, loadCpedUtterances, loadGoEmotionsTexts } from "../../src/perception/crisis/crisis-corpora.js";
import { detectCrisisByRules, blankIdioms } from "../../src/perception/crisis/crisis-rules.js";
import { CALM_CASES, HYPERBOLE_CASES } from "../../src/perception/crisis/crisis-cases.js";
import { corpusPaths, loadLabelText, loadClue } from "../../src/perception/text-emotion/corpora.js";
import { sharedPath } from "../../src/testing/paths.js";
const ds = sharedPath("datasets");
const ep = corpusPaths(ds);
const c = loadCrisisCorpora(ds).filter((e) => !isCrisisHeldOut(e.text));
const missed = (lang: string) =>
  c.filter((e) => e.lang === lang && e.label === 1 && detectCrisisByRules(e.text).risk === "none").map((e) => blankIdioms(e.text));
const zhPos = missed("zh"),
  enPos = missed("en");
const weibo = c.filter((e) => e.lang === "zh" && e.label === 0).map((e) => blankIdioms(e.text));
const en0 = c.filter((e) => e.lang === "en" && e.label === 0).map((e) => blankIdioms(e.text));
const cped = loadCpedUtterances(ep.cped).map(blankIdioms);
const zhEmo = [...loadLabelText(ep.nlpcc, "n"), ...loadLabelText(ep.weibo8, "w"), ...loadClue(ep.clue)].map((e) => blankIdioms(e.text));
const go = loadGoEmotionsTexts(ep.goTrain).map(blankIdioms);
const calm = [...CALM_CASES, ...HYPERBOLE_CASES].map((x) => blankIdioms(x.text));
const cands: Record<string, RegExp> = JSON.parse("{}");
const src = process.argv[2] ?? "";
for (const line of src.split("\n")) {
  const m = line.match(/^(\S+)\s+(.+)$/u);
  if (m) cands[m[1]!] = new RegExp(m[2]!, "u");
}
const n = (a: string[], re: RegExp) => a.filter((t) => re.test(t)).length;
console.log(
  `zh missed ${zhPos.length}, en missed ${enPos.length}, weibo ${weibo.length}, en0 ${en0.length}, cped ${cped.length}, zhEmo ${zhEmo.length}, go ${go.length}`,
);
for (const [id, re] of Object.entries(cands))
  console.log(
    `${id.padEnd(16)} zhPos ${n(zhPos, re)} enPos ${n(enPos, re)} | weibo ${n(weibo, re)} en0 ${n(en0, re)} cped ${n(cped, re)} zhEmo ${n(zhEmo, re)} go ${n(go, re)} calm ${n(calm, re)}`,
  );
