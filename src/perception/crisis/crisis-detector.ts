// Self-harm / suicide risk for one utterance, in three layers (pure; the classifier is passed in):
//   1. rules — explicit statements, methods, idiom guards (crisis-rules.ts);
//   2. classifier — hashed n-gram logistic regression trained on real posts (crisis-classifier.ts);
//   3. context — the last turns and her mood trend: "是的" right after Guimi asked whether she thinks of
//      hurting herself, "我准备好了" right after talking about pills, a hopeless remark after days of low mood.
// Recall matters more than precision (a gentle question costs little), but hyperbole stays calm.
import { countHan } from "../../kernel/lang.js";
import { toSimplified } from "../../kernel/simplified-chinese.js";
import type { CrisisClassifier } from "./crisis-classifier.js";
import { blankIdioms, hasRiskCue, rulesOnBlanked, toneOf, type CrisisRisk } from "./crisis-rules.js";

export type { CrisisRisk } from "./crisis-rules.js";
export type CrisisLayer = "rules" | "classifier" | "context";

export interface CrisisAssessment {
  risk: CrisisRisk;
  /** The layer that set the risk (the first of rules, classifier, context at that level); null when none fired. */
  layer: CrisisLayer | null;
  /** Every layer that fired, in order. */
  layers: CrisisLayer[];
  /** Rule ids and context reasons, e.g. "zh.not_want_live", "context.affirmed" (never shown to her). */
  matched: string[];
  /** The classifier's probability, when it ran. */
  score: number | null;
}

/** One earlier turn of the conversation, newest last. */
export interface CrisisContextTurn {
  role: "user" | "assistant";
  text: string;
  at: Date;
  /** For Guimi's turns: the crisis reply it gave ("possible" = the gentle question, "high" = the safety reply). */
  crisis?: "possible" | "high";
}

export interface CrisisContext {
  now: Date;
  /** The last turns before this one, oldest first (a few suffice). */
  recent?: readonly CrisisContextTurn[];
  /** Consecutive days of low mood ending today (mood trend). */
  lowMoodDays?: number;
  /** Guimi is in care mode: risk was heard recently, so the bar for a gentle check is lower. */
  careMode?: boolean;
}

export interface DetectOptions {
  classifier?: CrisisClassifier | null;
  context?: CrisisContext;
}

/** Turns older than this no longer colour the present one. */
export const CONTEXT_WINDOW_MS = 30 * 60_000;

const RANK: Record<CrisisRisk, number> = { none: 0, possible: 1, high: 2 };

// A short yes to "are you thinking of hurting yourself?" (zh, en, and the mixed ways people answer).
const AFFIRM =
  /^(是|是的|是啊|是呀|对|对的|对啊|嗯+|恩+|有|有的|有啊|有一点|有点|有时候|偶尔|经常|一直都?是|会|想过|想|我想|我有|就是|没错|可能吧|也许吧|算是吧?|嗯嗯|yes|yeah|yea|yep|yup|ya|y|i do|i have|i am|i'?m|maybe|sometimes|kind of|kinda|sort of|a little|often|always|true|right|mhm|uh huh|i guess|honestly yes|yes i am|yes i do|i think so)$/u;
// "Not safe" in answer to "are you safe right now?".
const NOT_SAFE = /^(不安全|不太安全|我不安全|不是很安全|一点都不安全|不|not safe|i'?m not safe|no i'?m not|no i am not|not really|no not really|no)$/u;
// Readiness / intent words that mean much more after talk of a method ("我准备好了", "it's time").
const READY =
  /(准备好了|准备好|就今晚|就今天|就现在|想好(了|怎么做)|计划好了|\b(i )?(have|made|got) a plan\b|就这样吧|决定了|时间到了|该走了|要走了|再见|永别|拜拜了|不会再|最后一次|都安排好|动手|开始了|\b(i'?m|i am) ready\b|\bit'?s time\b|\btonight\b|\bgoodbye\b|\bdecided\b|\bdoing it\b|\bdo it\b|\bthis is it\b|\bfor the last time\b|\bno more\b)/u;
// Readiness said on its own, as a whole message (after hopelessness it may be the plan; in a sentence about
// the weekend it is not).
const READY_ALONE =
  /^(我?(已经)?(准备好了|想好了|想好怎么做了|决定了|计划好了)|就(今晚|今天|现在)(吧|了)?|(i )?(have|made|got) a plan|i'?m ready|i am ready|it'?s time|tonight|this is it|i decided|i'?ve decided)$/u;
// A letter or note written: a goodbye letter after farewell talk.
const LETTER = /(写|留)(好|了)?[^，。！？]{0,6}信(里|了)?|\bwrote (a |the )?(letter|note|letters)\b|\bleft (a |the )?note\b/u;
// Talk of a means (pills, heights, blades, rope…) in the turns before.
const MEANS =
  /(药|安眠药|片|农药|绳|刀|刀片|天台|楼顶|跳|桥|炭|煤气|割|血|遗书|\bpills?\b|\btablets?\b|\boverdose\b|\brope\b|\bblade\b|\brazor\b|\bknife\b|\bbridge\b|\broof\b|\bjump\b|\bgun\b|\bcut\b|\bnote\b|\bletter\b)/u;
// Hopeless remarks that are everyday words on a good day (not alone a reason to worry).
const HOPELESS =
  /(没意思|没意义|没希望|没有希望|绝望|撑不住|撑不下去|不想努力|算了吧|无所谓了|我没用|废物|受够了|不想说了|没人在乎|没人理解|一切都完了|(以后|可能)[^，。！？]{0,4}不会再(聊|打扰|麻烦)|hopeless|pointless|what'?s the point|(don'?t|can'?t) see the point|no point|give up|giving up|can'?t anymore|so tired of|worthless|had enough|done with (it|everything|life)|nobody cares|no one cares|tired of everything|no way out)/u;

/** A short answer as the yes/no patterns read it: NFKC, lower case, no quotes, punctuation to spaces. */
export function normalizeShort(text: string): string {
  return toSimplified(text.normalize("NFKC"))
    .toLowerCase()
    .replace(/['’‘`]/gu, "")
    .replace(/[\p{P}\p{S}\s]+/gu, " ")
    .trim();
}

/** Han characters plus 1.5 per Latin word: below this the classifier layer does not run. */
export const MIN_CLASSIFIER_SIZE = 6;
/** English alone needs this many words: a short command ("go forward ten meters") is not a post to judge. */
export const MIN_CLASSIFIER_WORDS = 6;

function enoughToJudge(text: string): boolean {
  const han = countHan(text);
  const words = text.match(/[a-z0-9']+/giu)?.length ?? 0;
  if (han === 0) return words >= MIN_CLASSIFIER_WORDS;
  return han + 1.5 * words >= MIN_CLASSIFIER_SIZE;
}

/** At most this many clauses of one utterance are scored on their own (work per utterance stays bounded). */
export const MAX_CLAUSES = 8;

/**
 * The clauses of blanked text that the classifier scores one by one: split at sentence and clause marks,
 * each long enough to judge; none when the text is a single clause. The longest first, at most MAX_CLAUSES.
 */
export function clausesToJudge(blanked: string): string[] {
  const parts = blanked
    .split(/[。！？!?\n；;…~～，,.]+/u)
    .map((p) => p.trim())
    .filter((p) => enoughToJudge(p));
  if (parts.length < 2) return [];
  return parts.sort((a, b) => b.length - a.length).slice(0, MAX_CLAUSES);
}

/** Short turns before this one, up to this many characters in all, are read together with it. */
export const JOINT_CONTEXT_CHARS = 280;

/** The last (up to three) earlier user turns that fit JOINT_CONTEXT_CHARS, then this one; null when none fit. */
function jointText(previousUser: readonly CrisisContextTurn[], text: string): string | null {
  if (text.length > JOINT_CONTEXT_CHARS) return null;
  const picked: string[] = [];
  let size = 0;
  for (const u of previousUser.slice(-3).reverse()) {
    if (size + u.text.length > JOINT_CONTEXT_CHARS) break;
    picked.unshift(u.text);
    size += u.text.length;
  }
  return picked.length ? [...picked, text].join("。") : null;
}

/**
 * What the rules and the classifier made of an earlier turn. Memoised (bounded, newest kept): each turn is read
 * again as context for the next few, and the answer depends on the text and the classifier only.
 */
const EARLIER_MEMO_SIZE = 64;
const earlierMemo = new Map<string, { blanked: string; rules: CrisisRisk; scores: WeakMap<CrisisClassifier, number | null> }>();
function earlierTurn(text: string, classifier: CrisisClassifier | null): { rules: CrisisRisk; score: number | null } {
  let m = earlierMemo.get(text);
  if (m) earlierMemo.delete(text);
  else {
    const blanked = blankIdioms(text);
    m = { blanked, rules: rulesOnBlanked(blanked).risk, scores: new WeakMap() };
  }
  earlierMemo.set(text, m);
  if (earlierMemo.size > EARLIER_MEMO_SIZE) earlierMemo.delete(earlierMemo.keys().next().value!);
  if (!classifier) return { rules: m.rules, score: null };
  if (!m.scores.has(classifier)) m.scores.set(classifier, enoughToJudge(m.blanked) ? classifier.score(m.blanked) : null);
  return { rules: m.rules, score: m.scores.get(classifier)! };
}

function raise(a: CrisisRisk, b: CrisisRisk): CrisisRisk {
  return RANK[b] > RANK[a] ? b : a;
}

/** Assesses one utterance (any mix of zh/en), given the classifier and the conversation so far. Pure. */
export function detectCrisis(text: string, options: DetectOptions = {}): CrisisAssessment {
  const none: CrisisAssessment = { risk: "none", layer: null, layers: [], matched: [], score: null };
  if (typeof text !== "string" || text.trim().length === 0) return none;
  const byLayer: Partial<Record<CrisisLayer, CrisisRisk>> = {};
  const matched: string[] = [];

  const classifier = options.classifier ?? null;
  // The classifier reads the text with idioms blanked, as it was trained ("可爱死了" says nothing about risk),
  // and only when enough words are left to judge: on "是的" or "这只猫" it would guess from length alone.
  const blanked = blankIdioms(text);
  const score = classifier && enoughToJudge(blanked) ? classifier.score(blanked) : null;
  const t = classifier?.thresholdsFor(text);

  const rules = rulesOnBlanked(blanked);
  const tone = toneOf(blanked);
  // An ambiguous rule ("I want to die") counts unless the classifier reads the sentence as hyperbole, or she says
  // she means it ("kms, not joking").
  if (rules.risk !== "none" && !(rules.ambiguous && tone !== "serious" && t && score !== null && score < t.ambiguous)) {
    byLayer.rules = rules.risk;
    matched.push(...rules.matched);
  }

  const ctx = options.context;
  const since = ctx ? ctx.now.getTime() - CONTEXT_WINDOW_MS : 0;
  const recent = (ctx?.recent ?? []).filter((t) => t.at.getTime() >= since);
  const lowered = Boolean(ctx?.careMode) || (ctx?.lowMoodDays ?? 0) >= 3;
  // "我不会自杀的": the rules saw the phrase negated; the classifier, which cannot read negation well, stays out.
  const negatedOnly = rules.negated && rules.risk === "none";
  // Without a word of a risk domain the classifier alone raises nothing on Chinese text, however sure: what it is
  // sure of there is plain sadness ("爱一个人好累"), left to the care engine's low-mood check-in (the threshold
  // picker in train-crisis.ts counts a hit the same way).
  const cue = hasRiskCue(blanked);
  if (t && score !== null && !negatedOnly) {
    if (score >= t.high && cue) byLayer.classifier = "high";
    else if (score >= t.possible && cue) byLayer.classifier = "possible";
    else if (t.clause !== undefined && clausesToJudge(blanked).some((c) => hasRiskCue(c) && (classifier?.score(c) ?? 0) >= t.clause!)) {
      byLayer.classifier = "possible";
      matched.push("classifier.clause");
    }
    // In care mode (risk heard in the last hours) a weaker signal is enough for a gentle check.
    else if (ctx?.careMode && score >= t.possible * 0.5) {
      byLayer.context = "possible";
      matched.push("context.lowered-bar");
    }
  }

  if (ctx) {
    const short = normalizeShort(text);
    const lastGuimi = [...recent].reverse().find((t) => t.role === "assistant");
    const previousUser = recent.filter((t) => t.role === "user");
    // "是的" to Guimi's "你是不是有伤害自己的想法？" is high risk, whatever the classifier thinks of "是的".
    if (lastGuimi?.crisis && short.length <= 24 && AFFIRM.test(short)) {
      byLayer.context = "high";
      matched.push("context.affirmed");
    }
    // "不安全" / "not safe" to the safety reply's "你现在安全吗？".
    if (lastGuimi?.crisis === "high" && short.length <= 24 && NOT_SAFE.test(short)) {
      byLayer.context = "high";
      matched.push("context.not-safe");
    }
    // Intent after risk: "我准备好了" after talk of pills, "就今晚吧" after "我不想活了" (even with a "没事" in
    // between), "我已经想好怎么做了" after "我撑不下去了": high. A bare "i have a plan" after "what's the point",
    // or a letter mentioned after a farewell, is a gentle check; "i have a plan for the weekend" is neither.
    const lower = toSimplified(text).toLowerCase();
    const ready = READY.test(lower);
    const letter = LETTER.test(lower);
    if ((ready || letter) && previousUser.length > 0) {
      const ruleRisk = Boolean(lastGuimi?.crisis) || previousUser.some((u) => earlierTurn(u.text, null).rules !== "none");
      const leaning =
        classifier !== null && previousUser.some((u) => (earlierTurn(u.text, classifier).score ?? 0) >= classifier.thresholdsFor(u.text).possible * 0.5);
      const before = previousUser.map((u) => toSimplified(u.text).toLowerCase());
      const means = before.some((u) => MEANS.test(u));
      const hopeless = before.some((u) => HOPELESS.test(u));
      if (ready && (ruleRisk || (leaning && means))) {
        byLayer.context = "high";
        matched.push("context.ready-after-risk");
      } else if ((READY_ALONE.test(short) && (leaning || hopeless)) || (letter && (ruleRisk || hopeless))) {
        byLayer.context = raise(byLayer.context ?? "none", "possible");
        matched.push("context.ready-after-sign");
      }
    }
    // A hopeless remark after a week of low mood, or while still in care mode.
    if (HOPELESS.test(lower) && lowered) {
      byLayer.context = raise(byLayer.context ?? "none", "possible");
      matched.push("context.hopeless-low-mood");
    }
    // The last few turns read together: risk spread over several short messages (a long one is judged alone).
    const joined = classifier && t && score !== null && score >= t.possible * 0.3 ? jointText(previousUser, text) : null;
    if (classifier && t && joined) {
      const joint = classifier.score(blankIdioms(joined));
      if (joint >= t.possible) {
        byLayer.context = raise(byLayer.context ?? "none", "possible");
        matched.push("context.joint");
      }
    }
  }

  // Said laughing ("我想死哈哈", "mondays make me want to jump off a cliff lol"): what she wrote alone asks the
  // gentle question at most; what the conversation shows (a yes to that question) is not capped.
  if (tone === "levity") {
    if (byLayer.rules === "high") byLayer.rules = "possible";
    if (byLayer.classifier === "high") byLayer.classifier = "possible";
    if (byLayer.rules || byLayer.classifier) matched.push("tone.levity");
  }
  let risk: CrisisRisk = "none";
  for (const r of Object.values(byLayer)) risk = raise(risk, r);
  if (risk === "none") return { ...none, score };
  const order: CrisisLayer[] = ["rules", "classifier", "context"];
  const layers = order.filter((l) => byLayer[l] !== undefined && byLayer[l] !== "none");
  const layer = layers.find((l) => byLayer[l] === risk) ?? null;
  return { risk, layer, layers, matched, score };
}

/** True when the utterance needs the crisis path (any risk above none). */
export function isCrisis(text: string, options: DetectOptions = {}): boolean {
  return detectCrisis(text, options).risk !== "none";
}
