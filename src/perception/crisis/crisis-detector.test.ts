import { test } from "node:test";
import assert from "node:assert/strict";
import { CALM_CASES, RISK_CASES } from "./crisis-cases.js";
import { detectCrisis } from "./crisis-detector.js";

test("the case set is big enough and covers both languages", () => {
  assert.ok(RISK_CASES.length >= 80 && CALM_CASES.length >= 80);
  for (const lang of ["zh", "en"] as const) {
    assert.ok(RISK_CASES.filter((c) => c.lang === lang).length >= 30);
    assert.ok(CALM_CASES.filter((c) => c.lang === lang).length >= 30);
  }
});

test("recall ≥ 0.95 and false alarms ≤ 0.05 on the hand-written set", () => {
  const missed = RISK_CASES.filter((c) => detectCrisis(c.text).risk === "none");
  const alarms = CALM_CASES.filter((c) => detectCrisis(c.text).risk !== "none");
  const recall = 1 - missed.length / RISK_CASES.length;
  const falseAlarmRate = alarms.length / CALM_CASES.length;
  console.log(`crisis: recall ${recall.toFixed(3)} (${RISK_CASES.length - missed.length}/${RISK_CASES.length}), false alarms ${falseAlarmRate.toFixed(3)} (${alarms.length}/${CALM_CASES.length})`);
  for (const m of missed) console.log("  missed:", m.text);
  for (const a of alarms) console.log("  false alarm:", a.text, detectCrisis(a.text).matched);
  assert.ok(recall >= 0.95, `recall ${recall}`);
  assert.ok(falseAlarmRate <= 0.05, `false alarms ${falseAlarmRate}`);
});

test("explicit statements are high risk, indirect ones at least possible", () => {
  assert.equal(detectCrisis("我想自杀").risk, "high");
  assert.equal(detectCrisis("I want to kill myself").risk, "high");
  assert.equal(detectCrisis("活着没意思").risk, "possible");
  assert.equal(detectCrisis("I want to disappear").risk, "possible");
  assert.ok(detectCrisis("我想自杀").matched.includes("zh.suicide"));
});

test("negation and idioms stay calm; odd input is safe", () => {
  for (const t of ["我不会自杀的", "I would never kill myself", "笑死我了", "I'm dying of laughter", "", "   ", "😂"]) {
    assert.equal(detectCrisis(t).risk, "none", t);
  }
  assert.equal(detectCrisis("哈".repeat(100_000) + "我不想活了").risk, "none"); // beyond the work cap
  assert.equal(detectCrisis("哈".repeat(100) + "我不想活了").risk, "high");
});

test("deterministic", () => {
  for (const c of RISK_CASES.slice(0, 10)) assert.deepEqual(detectCrisis(c.text), detectCrisis(c.text));
});
