import { test } from "node:test";
import assert from "node:assert/strict";
import { CALM_CASES, HYPERBOLE_CASES, RISK_CASES } from "./crisis-cases.js";
import { JOINT_CONTEXT_CHARS, detectCrisis, type CrisisContextTurn } from "./crisis-detector.js";
import { detectCrisisByRules } from "./crisis-rules.js";
import { loadCrisisClassifier } from "./crisis-classifier.js";

const classifier = loadCrisisClassifier();
const assess = (text: string) => detectCrisis(text, { classifier });

test("the case sets are big enough and cover both languages", () => {
  assert.ok(RISK_CASES.length >= 80 && CALM_CASES.length >= 80 && HYPERBOLE_CASES.length >= 30);
  for (const lang of ["zh", "en"] as const) {
    assert.ok(RISK_CASES.filter((c) => c.lang === lang).length >= 30);
    assert.ok(CALM_CASES.filter((c) => c.lang === lang).length >= 30);
  }
});

test("the rules alone keep recall ≥ 0.95 and no false alarm on the hand-written set", () => {
  const missed = RISK_CASES.filter((c) => detectCrisisByRules(c.text).risk === "none");
  const alarms = CALM_CASES.filter((c) => detectCrisisByRules(c.text).risk !== "none");
  console.log(`crisis rules: missed ${missed.length}/${RISK_CASES.length}, false alarms ${alarms.length}/${CALM_CASES.length}`);
  assert.ok(1 - missed.length / RISK_CASES.length >= 0.95);
  assert.ok(alarms.length / CALM_CASES.length <= 0.05);
});

test("the layered detector: recall ≥ 0.95 on the hand-written risk set, false alarms ≤ 0.10 on calm and hyperbole", () => {
  const missed = RISK_CASES.filter((c) => assess(c.text).risk === "none");
  const calm = [...CALM_CASES, ...HYPERBOLE_CASES];
  const alarms = calm.filter((c) => assess(c.text).risk !== "none");
  console.log(`crisis detector: missed ${missed.length}/${RISK_CASES.length}, false alarms ${alarms.length}/${calm.length}`);
  assert.ok(1 - missed.length / RISK_CASES.length >= 0.95);
  assert.ok(alarms.length / calm.length <= 0.1);
});

test("the issue's missed examples are caught now", () => {
  for (const text of [
    "我可以死了",
    "我觉得，我这种人，不该活着",
    "今天怎么还没死",
    "有没有一起解脱的？",
    "amready to kill myself ive had enough",
    "如果有下辈子，我不想再做人了",
    "今晚就结束",
  ]) {
    const a = assess(text);
    assert.notEqual(a.risk, "none", `layers ${a.layers.join(",")} score ${a.score}`);
  }
});

test("explicit statements are high risk from the rules; the layer is reported", () => {
  const a = assess("我想自杀");
  assert.equal(a.risk, "high");
  assert.equal(a.layer, "rules");
  assert.ok(a.matched.includes("zh.suicide"));
  assert.equal(assess("I want to end my life").risk, "high");
  assert.equal(assess("活着没意思").risk === "none", false);
});

test("someone else 'killing' her, things that 'kill' her, adjectives 'to death': calm; her own words of dying still count", () => {
  for (const text of [
    "我姐要杀了我，我把她口红弄断了",
    "这道题难死人了",
    "又被甲方折磨了一天",
    "the deadline is killing me this week",
    "that exam killed me but I think I passed",
  ]) {
    assert.equal(assess(text).risk, "none", text);
  }
  for (const text of ["我妈要杀了我，我不想活了", "被老板折磨得想死", "my mom will kill me if I tell her I want to die"]) {
    assert.equal(assess(text).risk, "high", text);
  }
});

test("typos, txt speak, homophone slang, mixed zh/en and emoji reach the rules; their look-alikes do not", () => {
  for (const text of [
    "thinking about sucide",
    "gonna kil myself",
    "i dont want 2 live",
    "i want to disapear forever",
    "我想紫砂",
    "今晚就去自sha",
    "我想 die",
    "🔪🩸 me tonight",
    "我割了手腕",
  ]) {
    assert.notEqual(detectCrisisByRules(text).risk, "none", text);
  }
  for (const text of [
    "the steak was overdone",
    "i want to dye my hair pink",
    "我想买个紫砂壶",
    "去紫砂厂参观了",
    "kmsl this is so funny",
    "切菜的时候不小心划了手",
  ]) {
    assert.equal(assess(text).risk, "none", text);
  }
});

test("negation and idioms stay calm; odd input is safe", () => {
  for (const t of ["我不会自杀的", "I would never kill myself", "笑死我了", "I'm dying of laughter", "", "   ", "😂"]) {
    assert.equal(assess(t).risk, "none", t);
  }
  assert.equal(detectCrisisByRules("哈".repeat(100_000) + "我不想活了").risk, "none"); // beyond the rules' work cap
  assert.equal(assess("啊".repeat(100) + "我不想活了").risk, "high");
  assert.equal(assess(12 as unknown as string).risk, "none");
});

test("said laughing, a statement asks the gentle question instead of the safety reply; 'not joking' outweighs the laugh", () => {
  for (const t of ["考试考砸了，我想死哈哈", "老板又让我加班，不想活了（开玩笑）", "ugh mondays make me want to jump off a cliff lol"]) {
    const a = assess(t);
    assert.equal(a.risk, "possible", t);
    assert.ok(a.matched.includes("tone.levity"), t);
  }
  assert.equal(assess("我不是开玩笑，我真的不想活了").risk, "high");
  // She says she means it: the classifier's hyperbole veto on an ambiguous rule ("kms") does not apply.
  assert.notEqual(assess("kms fr this time not joking").risk, "none");
  // A yes to the gentle question is high whatever the laugh in it.
  const now = new Date(Date.UTC(2026, 5, 1, 12, 5));
  const ctx = {
    now,
    recent: [{ role: "assistant" as const, text: "你是不是有伤害自己的想法？", at: new Date(now.getTime() - 60_000), crisis: "possible" as const }],
  };
  assert.equal(detectCrisis("是的", { classifier, context: ctx }).risk, "high");
});

test("traditional characters (Hong Kong, Taiwan) reach the same rules as simplified ones", () => {
  for (const t of ["我想自殺", "想跳樓", "遺書已經寫好了", "我想離開這個世界"]) assert.equal(assess(t).risk, "high", t);
  assert.equal(assess("活著好累").risk, "possible");
  for (const t of ["這部電影笑死我了", "今天熱死了，不想出門"]) assert.equal(assess(t).risk, "none", t);
});

const at = (min: number) => new Date(Date.UTC(2026, 5, 1, 12, min));

test("context: 'yes' after the check question is high risk; the same word alone is not", () => {
  const recent: CrisisContextTurn[] = [
    { role: "user", text: "最近什么都不想做", at: at(0) },
    { role: "assistant", text: "你是不是有伤害自己的想法？", at: at(1), crisis: "possible" },
  ];
  for (const yes of ["是的", "嗯", "yes", "yeah", "有一点"]) {
    const a = detectCrisis(yes, { classifier, context: { now: at(2), recent } });
    assert.equal(a.risk, "high", yes);
    assert.equal(a.layer, "context");
  }
  assert.equal(detectCrisis("是的", { classifier, context: { now: at(2), recent: [{ role: "user", text: "今天吃火锅吗", at: at(0) }] } }).risk, "none");
  assert.equal(detectCrisis("是的", { classifier }).risk, "none");
  // An hour later the question no longer colours a "yes".
  assert.equal(detectCrisis("是的", { classifier, context: { now: at(90), recent } }).risk, "none");
});

test("context: intent after risk is high, even with a '没事' in between; a bare plan after hopelessness is a gentle check; everyday plans stay calm", () => {
  const say = (text: string, earlier: string[]) =>
    detectCrisis(text, { classifier, context: { now: at(12), recent: earlier.map((t, i) => ({ role: "user" as const, text: t, at: at(i) })) } }).risk;
  assert.equal(say("就今晚吧", ["我不想活了", "没事"]), "high");
  assert.equal(say("我已经想好怎么做了", ["我真的撑不下去了"]), "high");
  assert.equal(say("i have a plan", ["i don't see the point anymore"]), "possible");
  assert.equal(say("我把想说的话都写在信里了", ["谢谢你一直陪着我，以后可能不会再聊了"]), "possible");
  assert.equal(say("我准备好了", ["明天考试好紧张"]), "none");
  assert.equal(say("我决定了，明天就辞职", ["这工作真没意思"]), "none");
  assert.equal(say("i have a plan for the weekend", ["work is pointless lol"]), "none");
  assert.equal(say("tonight we watch a movie", ["i give up on this puzzle"]), "none");
  assert.equal(say("我写了封信给妈妈，祝她生日快乐", ["今天好累"]), "none");
});

test("context: 'not safe' in answer to the safety reply stays high risk", () => {
  const recent: CrisisContextTurn[] = [{ role: "assistant", text: "你现在安全吗？", at: at(0), crisis: "high" }];
  assert.equal(detectCrisis("不安全", { classifier, context: { now: at(1), recent } }).risk, "high");
  assert.equal(detectCrisis("I'm not safe", { classifier, context: { now: at(1), recent } }).risk, "high");
});

test("context: '我准备好了' right after talk of pills is high risk; on a good day it is nothing", () => {
  const recent: CrisisContextTurn[] = [{ role: "user", text: "我攒了一瓶安眠药", at: at(0) }];
  const a = detectCrisis("我准备好了", { classifier, context: { now: at(3), recent } });
  assert.equal(a.risk, "high");
  assert.ok(a.layers.includes("context"));
  assert.equal(detectCrisis("我准备好了", { classifier, context: { now: at(3), recent: [{ role: "user", text: "等下去看电影", at: at(0) }] } }).risk, "none");
  assert.equal(
    detectCrisis("I'm ready", { classifier, context: { now: at(3), recent: [{ role: "user", text: "I've been saving my pills for weeks", at: at(0) }] } }).risk,
    "high",
  );
});

test("context: a hopeless remark after a week of low mood gets a gentle check, not on a good day", () => {
  const text = "算了吧，没意思";
  assert.equal(detectCrisis(text, { classifier, context: { now: at(0), lowMoodDays: 0 } }).risk, "none");
  const low = detectCrisis(text, { classifier, context: { now: at(0), lowMoodDays: 7 } });
  assert.notEqual(low.risk, "none");
  assert.ok(low.layers.includes("context"));
});

test("context: risk spread over several short messages is read together; everyday messages and long earlier posts are not joined", () => {
  const turns = (texts: string[]) => texts.map((text, i) => ({ role: "user" as const, text, at: at(i) }));
  const spread = [
    ["我好累", "感觉自己是个累赘", "不想再拖累任何人了"],
    ["everything hurts", "i feel like a burden to everyone", "they'd be better off without me honestly"],
  ];
  for (const seq of spread) {
    const last = seq.at(-1)!;
    assert.equal(assess(last).risk, "none", "alone it reads calm");
    const a = detectCrisis(last, { classifier, context: { now: at(5), recent: turns(seq.slice(0, -1)) } });
    assert.equal(a.risk, "possible");
    assert.ok(a.matched.includes("context.joint"));
    // An earlier turn too long to join (a post judged on its own) leaves the short one alone.
    const long = `${seq[0]} ${"。".repeat(JOINT_CONTEXT_CHARS)}`;
    assert.ok(!detectCrisis(last, { classifier, context: { now: at(5), recent: turns([long]) } }).matched.includes("context.joint"));
  }
  const everyday = ["今天加班到好晚", "好累啊", "明天还要早起开会"];
  assert.equal(detectCrisis(everyday[2]!, { classifier, context: { now: at(5), recent: turns(everyday.slice(0, 2)) } }).risk, "none");
});

test("deterministic", () => {
  for (const c of RISK_CASES.slice(0, 10)) assert.deepEqual(assess(c.text), assess(c.text));
});

test("rules: someone else's suicide she heard of is a gentle check; her own, with or without a subject, stays high", () => {
  for (const text of ["我们学校有个学生跳楼了，大家都很难过", "听说邻居家老人上吊了", "他们说那个歌手是自杀的"]) {
    const r = detectCrisisByRules(text);
    assert.equal(r.risk, "possible", text);
    assert.deepEqual(r.matched, ["zh.suicide_loss"], text);
  }
  for (const text of ["跟男朋友分手想自杀", "妈妈骂了我一顿，想自杀", "我想和他一起跳楼", "被同学欺负得想跳楼", "她说她想自杀", "我想自杀"])
    assert.equal(detectCrisisByRules(text).risk, "high", text);
  // The loss noted, and her own wish after it still heard.
  const both = detectCrisisByRules("朋友自杀了，我也想自杀");
  assert.equal(both.risk, "high");
  assert.ok(both.matched.includes("zh.suicide_loss") && both.matched.includes("zh.suicide"));
  assert.equal(detectCrisisByRules("他没有自杀").risk, "none");
});

test("rules: killing oneself said plainly is high; 解脱 / 我死了 / 救救我 are ambiguous and negatable", () => {
  const kill = detectCrisisByRules("我想杀了自己");
  assert.equal(kill.risk, "high");
  assert.ok(kill.matched.includes("zh.kill_self"));
  for (const text of ["好想解脱", "我死了也没人在乎吧", "谁来救救我"]) {
    const r = detectCrisisByRules(text);
    assert.notEqual(r.risk, "none", text);
    assert.ok(
      r.matched.includes("zh.release") || r.matched.includes("zh.my_death") || r.matched.includes("zh.burden") || r.matched.includes("zh.if_i_died"),
      text,
    );
  }
  assert.equal(detectCrisisByRules("我死了").ambiguous, true);
  assert.equal(detectCrisisByRules("我不会杀了自己的").risk, "none");
  assert.equal(detectCrisisByRules("我不会杀了自己的").negated, true);
});

test("rules: resolving to 'do it' with the act unsaid is at least a gentle check; the past tense and negation are not", () => {
  for (const text of ["i've made up my mind, i'm doing it tonight", "tonight's the night i finally do it", "I decided I'm going to do it"]) {
    assert.ok(detectCrisisByRules(text).matched.includes("en.resolved"), text);
    assert.notEqual(assess(text).risk, "none", text);
  }
  for (const text of ["I finally did it, I got the job!", "I haven't decided to do it", "we finally got the keys today"])
    assert.ok(!detectCrisisByRules(text).matched.includes("en.resolved"), text);
});

test("rules: wanting to die said in earnest is high risk whatever the classifier reads; negated or laughed off it is not", () => {
  for (const text of ["i really wanna kill myself tbh", "I genuinely want to die", "honestly going to end it all"]) {
    assert.ok(detectCrisisByRules(text).matched.includes("en.really_want_die"), text);
    assert.equal(assess(text).risk, "high", text);
  }
  assert.equal(assess("I don't really want to die").risk, "none");
  assert.equal(assess("i really want to die lmao this is so embarrassing").risk, "possible");
});

test("rules: her own death in her own clause is a gentle check; others' deaths, fears and compounds are not", () => {
  for (const text of ["我觉得我快要死去了", "有时候觉得我就这么死了也挺好", "我这种人死了也没人知道"]) {
    const r = detectCrisisByRules(text);
    assert.equal(r.risk, "possible", text);
    assert.deepEqual(r.matched, ["zh.own_death"], text);
    assert.equal(r.ambiguous, true, text);
  }
  for (const text of ["我奶奶去年死了", "我的猫死了", "我怕死", "我要打死他", "我死也不会原谅他", "我妈说我死脑筋", "我快被作业逼死了", "我们迟早都会死"]) {
    assert.equal(detectCrisisByRules(text).risk, "none", text);
  }
  // The match starts at 死, so the negation before it is read.
  assert.equal(detectCrisisByRules("我不想死").risk, "none");
  assert.equal(detectCrisisByRules("我不想死").negated, true);
});

test("one despairing clause in a long post is read on its own, with its own bar; everyday clauses and idioms are not", () => {
  // A stand-in behind the classifier port: the clause alone scores high, the whole post (diluted) low.
  const stub = {
    score: (t: string) => (t.trim() === "我每天都看不到一点希望" ? 0.9 : 0.05),
    thresholdsFor: () => ({ possible: 0.5, high: 0.99, ambiguous: 0.1, clause: 0.6 }),
  };
  const post = "今天去上班，地铁很挤，午饭吃了面条，下午开了三个会，晚上回家路上下雨了，我每天都看不到一点希望";
  const a = detectCrisis(post, { classifier: stub });
  assert.equal(a.risk, "possible");
  assert.deepEqual(a.layers, ["classifier"]);
  assert.ok(a.matched.includes("classifier.clause"));
  // An older weights file has no clause bar: the clause reading stays off.
  const old = { ...stub, thresholdsFor: () => ({ possible: 0.5, high: 0.99, ambiguous: 0.1 }) };
  assert.equal(detectCrisis(post, { classifier: old }).risk, "none");
  // A single clause is the whole text: nothing extra to read.
  assert.equal(detectCrisis("今天去上班地铁很挤午饭吃了面条", { classifier: stub }).risk, "none");
});

test("idioms of scolding and wanting to live are blanked; their negated forms keep their words", () => {
  for (const text of [
    "社死了，在电梯里放了个屁",
    "我妈知道了会打死我的哈哈",
    "mom will kill me if I'm late again",
    "I want to live a long and happy life",
    "我想好好活下去",
  ])
    assert.equal(assess(text).risk, "none", text);
  assert.notEqual(assess("我不想好好活下去了").risk, "none");
});

test("the classifier alone raises risk on Chinese text only with a word of a risk domain, however sure it is", () => {
  // A stand-in behind the classifier port that is sure of everything: plain sadness must still not get the safety reply.
  const sure = { score: () => 0.999, thresholdsFor: () => ({ possible: 0.3, high: 0.99, ambiguous: 0.01 }) };
  assert.equal(detectCrisis("爱一个人好累，今天一直在哭", { classifier: sure }).risk, "none");
  const a = detectCrisis("活着好累，今天一直在哭", { classifier: sure });
  assert.equal(a.risk, "high");
  assert.ok(a.layers.includes("classifier"));
  // A plant that did not make it and homework "要死了要死了" are idioms, blanked before the classifier reads them.
  assert.equal(detectCrisis("我家的仙人掌居然养死了", { classifier: sure }).risk, "none");
  assert.equal(detectCrisis("要死了要死了，作业还没写完", { classifier: sure }).risk, "none");
});
