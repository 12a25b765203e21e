// Rule-based extraction for the common zh/en patterns, so the basics work without any model:
// preferences, people and relations, where she lives and works, pets, dated events, feelings.
// Every message also yields a "message" memory (the episode itself), so anything said stays findable.
// Pure: dates resolve against the message's own time (falling back to `now`).
import { HAN_CHARS, hasHan } from "../kernel/lang.js";
import { resolveDates } from "./date-resolution.js";
import { segmenter, terms } from "./text-analysis.js";
import type { ConversationMessage, MemoryCandidate, MemoryKind, MemorySource } from "./memory-types.js";

export interface ExtractionOptions {
  /** The user's zone, minutes east of UTC, for resolving "明天" / "next Friday". */
  tzOffsetMinutes?: number;
}

const uniqueRelationsZh: Record<string, string> = {
  妈妈: "mother",
  妈: "mother",
  母亲: "mother",
  爸爸: "father",
  爸: "father",
  父亲: "father",
  老公: "husband",
  丈夫: "husband",
  老婆: "wife",
  妻子: "wife",
  男朋友: "boyfriend",
  男友: "boyfriend",
  女朋友: "girlfriend",
  女友: "girlfriend",
  对象: "partner",
  老板: "boss",
  领导: "boss",
};
const otherRelationsZh = [
  "姐姐",
  "妹妹",
  "哥哥",
  "弟弟",
  "闺蜜",
  "好朋友",
  "朋友",
  "同事",
  "儿子",
  "女儿",
  "奶奶",
  "爷爷",
  "外婆",
  "外公",
  "姥姥",
  "姥爷",
  "室友",
  "同学",
  "表姐",
  "表妹",
  "堂哥",
];
const uniqueRelationsEn = new Set(["mom", "mother", "mum", "dad", "father", "husband", "wife", "boyfriend", "girlfriend", "partner", "boss"]);
const relationCanonicalEn: Record<string, string> = { mom: "mother", mum: "mother", dad: "father" };

const zhEventNouns =
  /面试|考试|约会|生日|旅行|旅游|出差|开会|会议|看病|体检|演唱会|婚礼|答辩|聚会|聚餐|航班|飞机|火车|高铁|搬家|复查|手术|比赛|演出|毕业|入职|离职|见面|相亲|年会|汇报|截止|报告|考研|雅思|托福|音乐会|展览|派对|纪念日|签证|医院|牙医/;
const enEventNouns =
  /\b(interview|exam|test|date|birthday|trip|flight|meeting|appointment|concert|wedding|party|presentation|conference|surgery|match|game|race|marathon|deadline|graduation|moving|vacation|holiday|dinner|recital|show|festival|camp|camping|class|workshop|competition|parade|event|visit|hike|hiking|reunion|ceremony|audition|checkup|therapy|session|talk|fair|trip)\b/i;
const zhFeeling =
  /(紧张|焦虑|担心|害怕|难过|伤心|开心|高兴|激动|兴奋|疲惫|压力好?大|期待|失落|生气|郁闷|崩溃|委屈|孤单|孤独|想家|失眠|烦死了|心累|好累|很累|太累)/;
const enFeeling =
  /\b(nervous|anxious|worried|scared|afraid|excited|happy|sad|stressed|exhausted|upset|thrilled|lonely|overwhelmed|angry|frustrated|proud|grateful|heartbroken|depressed|relieved|terrified)\b/i;

function clauses(text: string): string[] {
  return text
    .split(/(?<=[。！？!?；;\n])|(?<=\.)\s+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function clean(s: string): string {
  return s.replace(/^[\s，,、:：]+|[\s，,、。.!！?？~～…]+$/g, "").trim();
}

const notNames = new Set([
  "I",
  "I'm",
  "I've",
  "I'd",
  "I'll",
  "Im",
  "The",
  "A",
  "An",
  "It",
  "It's",
  "Its",
  "My",
  "We",
  "You",
  "He",
  "She",
  "They",
  "This",
  "That",
  "What",
  "When",
  "Where",
  "Why",
  "How",
  "Who",
  "Yes",
  "No",
  "Oh",
  "Wow",
  "Hey",
  "Hi",
  "Hello",
  "Thanks",
  "Thank",
  "Yeah",
  "So",
  "And",
  "But",
  "Or",
  "If",
  "Just",
  "Well",
  "Really",
  "That's",
  "Sounds",
  "Great",
  "Good",
  "Nice",
  "Awesome",
  "Cool",
  "Sure",
  "Also",
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday",
  "Did",
  "Do",
  "Does",
  "Have",
  "Has",
  "Is",
  "Are",
  "Was",
  "Were",
  "Can",
  "Could",
  "Would",
  "Will",
  "Let's",
  "Not",
  "Love",
  "Haha",
  "Lol",
  "Aw",
  "Aww",
  "OMG",
  "Omg",
  "Congrats",
  "Congratulations",
  "Same",
  "Totally",
  "Definitely",
  "Absolutely",
  "Maybe",
  "Ok",
  "Okay",
  "Sorry",
  "Glad",
  "Take",
  "Keep",
  "Thx",
]);

/** Proper names and titles a message mentions: capitalised English words, jieba's names/places, 《titles》. */
export function extractEntities(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/《([^》]{1,30})》|"([^"]{2,40})"/g)) out.add((m[1] ?? m[2] ?? "").trim());
  for (const m of text.matchAll(/\b([A-Z][a-zA-Z'’-]+(?:\s+[A-Z][a-zA-Z'’-]+)*)/g)) {
    const name = (m[1] ?? "").replace(/['’]s$/, "");
    if (!name || name.split(/\s+/).every((w) => notNames.has(w))) continue;
    out.add(
      name
        .split(/\s+/)
        .filter((w) => !notNames.has(w))
        .join(" "),
    );
  }
  if (hasHan(text)) {
    for (const { word, tag } of segmenter().tag(text, true)) {
      if ((tag === "nr" || tag === "ns" || tag === "nt" || tag === "nz" || tag === "nrt") && word.length >= 2) out.add(word);
    }
    for (const r of [...Object.keys(uniqueRelationsZh), ...otherRelationsZh]) if (r.length >= 2 && text.includes(r)) out.add(r);
  }
  return [...out].filter((e) => e.length > 0);
}

interface Draft {
  kind: MemoryKind;
  text: string;
  subject?: string | null;
  eventAt?: Date | null;
  importance: number;
  entities?: string[];
}

// Names, places and jobs: any Chinese character the kernel counts as one (built once, not per clause).
const RELATION_NAMED = new RegExp(
  `我(?:的)?(妈妈|妈|母亲|爸爸|爸|父亲|老公|丈夫|老婆|妻子|男朋友|男友|女朋友|女友|对象|老板|领导|姐姐|妹妹|哥哥|弟弟|闺蜜|好朋友|朋友|同事|儿子|女儿|奶奶|爷爷|外婆|外公|姥姥|姥爷|室友|同学|表姐|表妹|堂哥)(?:的名字)?(?:叫做?|是|名字叫)([${HAN_CHARS}]{2,3}|[A-Z][a-z]+)`,
);
const LIVES_IN = new RegExp(`我(?:现在|目前|已经|刚)?(?:住在|搬到了?|搬家到了?|搬去了?|定居在?)([${HAN_CHARS}A-Za-z]{2,10})`);
const WORKS_AT = new RegExp(`我(?:现在|目前)?在([${HAN_CHARS}A-Za-z]{2,12}?)(?:工作|上班|实习)`);
const WORKS_AS = new RegExp(`我(?:现在|目前)?是(?:一名|一个|个)?([${HAN_CHARS}]{1,8}?(?:师|员|生|医生|护士|作家|老板|主播|程序员))`);
const MY_NAME_IS = new RegExp(`我叫([${HAN_CHARS}]{2,3}|[A-Za-z]+)`);
const PET_NAMED = new RegExp(`(?:我|我家|我养)的?(猫|狗|猫咪|狗狗|小猫|小狗|兔子|仓鼠)叫([${HAN_CHARS}A-Za-z]{1,4})`);

function zhDrafts(clause: string): Draft[] {
  const out: Draft[] = [];
  let m: RegExpExecArray | null;
  if (
    (m =
      /(?:我|俺)(?:也|还|真的|特别|超级?|非常|很|最|挺|一直|好)*(喜欢|爱听|爱吃|爱看|爱喝|爱玩|爱|迷上了?|讨厌|不喜欢|受不了|不爱吃|不吃|不能吃|对.{1,6}过敏)(.{1,40})/.exec(
        clause,
      ))
  ) {
    if (!/^(你|您)/.test(m[2] ?? "")) out.push({ kind: "preference", text: clean(clause.slice(m.index)), importance: 0.7 });
  }
  if ((m = RELATION_NAMED.exec(clause))) {
    const relation = m[1] ?? "";
    const name = (m[2] ?? "").replace(/[，。的了]$/, "");
    const unique = uniqueRelationsZh[relation];
    out.push({
      kind: "person",
      text: clean(clause.slice(m.index)),
      subject: unique ? "relation:" + unique : `relation:${relation}:${name}`,
      importance: 0.8,
      entities: [relation, name],
    });
  }
  if ((m = LIVES_IN.exec(clause))) {
    out.push({ kind: "fact", text: clean(clause.slice(m.index)), subject: "residence", importance: 0.8, entities: [(m[1] ?? "").replace(/了$/, "")] });
  }
  if ((m = WORKS_AT.exec(clause)) || (m = WORKS_AS.exec(clause))) {
    out.push({ kind: "fact", text: clean(clause.slice(m.index)), subject: "job", importance: 0.8, entities: [m[1] ?? ""] });
  }
  if ((m = MY_NAME_IS.exec(clause))) out.push({ kind: "person", text: clean(clause.slice(m.index)), subject: "name", importance: 0.9, entities: [m[1] ?? ""] });
  if ((m = PET_NAMED.exec(clause))) {
    out.push({ kind: "fact", text: clean(clause.slice(m.index)), subject: `pet:${m[2]}`, importance: 0.7, entities: [m[1] ?? "", m[2] ?? ""] });
  }
  return out;
}

function enDrafts(clause: string): Draft[] {
  const out: Draft[] = [];
  let m: RegExpExecArray | null;
  if (
    (m =
      /\bI(?:'m| am)? (?:really |absolutely |just |also |totally |so |do )*(love|like|adore|enjoy|hate|prefer|can't stand|don't like|am into|'m into|am a (?:big |huge )?fan of|'m a (?:big |huge )?fan of|am allergic to|'m allergic to)\s+([^.!?]{2,100})/i.exec(
        clause,
      ))
  ) {
    if (!/^(it|that|this|you|them|him|her|how|when|the idea|to hear)\b/i.test(m[2] ?? ""))
      out.push({ kind: "preference", text: clean(clause.slice(m.index)), importance: 0.7 });
  } else if ((m = /\bmy (?:all-time )?favou?rite ([\w ]{2,30}?) (?:is|are|was) ([^.!?]{2,80})/i.exec(clause))) {
    out.push({ kind: "preference", text: clean(clause.slice(m.index)), importance: 0.7 });
  }
  if (
    (m =
      /\b[Mm]y (mom|mother|mum|dad|father|sister|brother|husband|wife|boyfriend|girlfriend|partner|best friend|friend|boss|son|daughter|grandma|grandmother|grandpa|grandfather|aunt|uncle|cousin|roommate|coworker|colleague|cat|dog|puppy|kitten)(?:'s name is|,)? (?:is called |is named |named |called )?([A-Z][a-z]+)\b/.exec(
        clause,
      ))
  ) {
    const relation = relationCanonicalEn[m[1] ?? ""] ?? m[1] ?? "";
    const name = m[2] ?? "";
    if (!notNames.has(name)) {
      const pet = /cat|dog|puppy|kitten/.test(relation);
      const subject = pet ? `pet:${name}` : uniqueRelationsEn.has(relation) ? `relation:${relation}` : `relation:${relation}:${name}`;
      out.push({ kind: pet ? "fact" : "person", text: clean(clause.slice(m.index)), subject, importance: 0.8, entities: [relation, name] });
    }
  }
  if (
    (m =
      /\bI(?: now| currently)? (?:live|'m living|am living|moved|just moved|'ve moved|have moved|relocated|'m moving|am moving) (?:in|to) ([A-Z][\w]+(?: [A-Z][\w]+)*)/.exec(
        clause,
      ))
  ) {
    out.push({ kind: "fact", text: clean(clause.slice(m.index)), subject: "residence", importance: 0.8, entities: [m[1] ?? ""] });
  }
  if (
    (m = /\bI(?: now| currently)? work (?:as an?|at|for) ([^.,!?]{2,40})/i.exec(clause)) ||
    (m =
      /\bI(?:'m| am) an? ((?:[a-z]+ )?(?:teacher|nurse|engineer|designer|developer|student|doctor|lawyer|writer|artist|musician|counselor|chef|manager|accountant|photographer|programmer))\b/i.exec(
        clause,
      ))
  ) {
    out.push({ kind: "fact", text: clean(clause.slice(m.index)), subject: "job", importance: 0.8, entities: [] });
  }
  if ((m = /\bmy name is ([A-Z][a-z]+)|\bcall me ([A-Z][a-z]+)/i.exec(clause)))
    out.push({ kind: "person", text: clean(clause.slice(m.index)), subject: "name", importance: 0.9, entities: [m[1] ?? m[2] ?? ""] });
  return out;
}

const forgetRequest =
  /别记(?:住)?(?:这个|这件事|这些|了)?|不要记(?:住)?(?:这个|这件事|这些)?|忘(?:掉|了)(?:这个|这件事|它|我刚才说的|刚才那句)|删掉(?:这个|这条|刚才)|\bforget (?:that|this|it|what I (?:just )?said)\b|\bdon'?t remember (?:that|this)\b|\bdelete that\b/i;

/** "别记这个" / "forget that": the user takes back what she just said. */
export function isForgetRequest(text: string): boolean {
  return forgetRequest.test(text);
}

function toIso(at: string | Date, fallback: Date): string {
  const d = at instanceof Date ? at : new Date(at);
  return Number.isNaN(d.getTime()) ? fallback.toISOString() : d.toISOString();
}

export function sourceOf(message: ConversationMessage, now: Date): MemorySource {
  return { ref: message.ref, at: toIso(message.at, now), speaker: message.speaker || null, role: message.role };
}

/** The candidates one message yields: the message itself (if it says anything) plus extracted facts. */
export function extractByRules(message: ConversationMessage, now: Date, options: ExtractionOptions = {}): MemoryCandidate[] {
  const text = message.text.trim();
  if (!text || isForgetRequest(text)) return [];
  const source = sourceOf(message, now);
  const said = new Date(source.at);
  const tz = options.tzOffsetMinutes ?? 0;
  const speaker = message.speaker || null;
  const entities = extractEntities(text);
  const withSpeaker = (list: string[]) => [...new Set([...(speaker ? [speaker] : []), ...list].filter((e) => e))];
  const out: MemoryCandidate[] = [];
  const episode: MemoryCandidate | null =
    terms(text).length > 0
      ? {
          kind: "message",
          text,
          entities: withSpeaker(entities),
          subject: null,
          speaker,
          eventAt: null,
          importance: message.role === "user" ? 0.3 : 0.15,
          sources: [source],
          wholeMessage: true,
        }
      : null;
  // Only what a person says about herself is hers to remember; the assistant's words are not facts.
  if (message.role !== "user") return episode ? [episode] : [];
  const drafts: Draft[] = [];
  const eventNouns: string[] = [];
  for (const clause of clauses(text)) {
    const zh = hasHan(clause);
    drafts.push(...(zh ? zhDrafts(clause) : enDrafts(clause)));
    const dates = resolveDates(clause, said, tz);
    const noun = (zh ? zhEventNouns : enEventNouns).exec(clause);
    if (noun) eventNouns.push(noun[0]);
    const first = dates[0];
    // A dated clause that says more than its date is an event: "下周三面试", "last Saturday we went camping".
    if (first && (noun || terms(clause.replace(first.text, "")).length >= 2) && !/[?？]$/.test(clause)) {
      drafts.push({ kind: "event", text: clean(clause), eventAt: first.date, importance: noun ? 0.75 : 0.5, entities: noun ? [noun[0]] : [] });
    }
  }
  for (const clause of clauses(text)) {
    const zh = hasHan(clause);
    const feeling = (zh ? zhFeeling : enFeeling).exec(clause);
    const aboutSelf = zh ? !/^(你|他|她)/.test(clause) : /\b(I|I'm|I've|me|my)\b/.test(clause);
    if (feeling && aboutSelf) drafts.push({ kind: "feeling", text: clean(clause), importance: 0.6, entities: [feeling[1] ?? feeling[0], ...eventNouns] });
  }
  const seen = new Set<string>();
  const whole = clean(text);
  // A fact that is the whole message stands for the message itself: no second copy of the same words.
  const takeover = ["event", "person", "fact", "preference", "feeling"].map((k) => drafts.find((d) => d.kind === k && d.text === whole)).find((d) => d);
  if (episode && !takeover) out.push(episode);
  for (const d of drafts) {
    const key = d.kind + "|" + d.text;
    if (seen.has(key) || d.text.length < 2) continue;
    seen.add(key);
    out.push({
      ...(d === takeover ? { wholeMessage: true } : {}),
      kind: d.kind,
      text: d.text,
      entities: withSpeaker([...(d.entities ?? []), ...entities.filter((e) => d.text.includes(e))]),
      subject: d.subject ?? null,
      speaker,
      eventAt: d.eventAt ? d.eventAt.toISOString() : null,
      importance: d.importance,
      sources: [source],
    });
  }
  return out;
}
