// Turns zh/en text into search terms: jieba words for Chinese, lowercased lightly-stemmed words for
// English, minus stopwords and question words. Deterministic (the jieba dictionary is loaded once).
import { hanRuns, hasHan } from "../kernel/lang.js";
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";

let jieba: Jieba | null = null;
/** The shared jieba instance (its dictionary takes ~250 ms to load, so once per process). */
export function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

export function containsChinese(text: string): boolean {
  return hasHan(text);
}

// English words that carry no topic, including question words and chat fillers.
const englishStopwords = new Set(
  (
    "a an the and or but if then than so as of at by for with about into onto from to in on off over under up down out " +
    "is am are was were be been being do does did doing done have has had having will would shall should can could may might must " +
    "i me my mine myself you your yours yourself he him his she her hers it its we us our they them their this that these those " +
    "there here what which who whom whose when where why how any some all each every no not nor only own same too very just also " +
    "really quite pretty much many more most other such again ever yet still even oh ah wow yeah yes yep ok okay hey hi hello lol " +
    "haha thanks thank please well um uh hmm sure gonna wanna gotta got get gets getting lot lots thing things something anything " +
    "kind sort im ive id youre youve its dont didnt doesnt isnt wasnt cant wont let lets remember recall tell know think " +
    "guimi one"
  ).split(/\s+/),
);

// Chinese function words, pronouns, particles and question words.
const chineseStopwords = new Set(
  (
    "的 了 吗 呢 吧 啊 呀 嘛 哦 哈 哈哈 哈哈哈 嗯 呃 喔 哇 么 着 过 得 地 之 与 和 跟 及 或 而 且 也 都 就 还 又 再 才 很 好 挺 太 真 超 " +
    "最 更 有点 一点 一下 一个 一些 个 些 这 那 这个 那个 这些 那些 这样 那样 这么 那么 我 你 他 她 它 我们 你们 他们 她们 咱们 " +
    "自己 是 在 有 没 没有 不 别 会 能 要 想 去 来 说 让 给 被 把 对 从 到 向 为 为了 因为 所以 但是 但 可是 如果 然后 " +
    "什么 怎么 怎么样 怎样 为什么 哪 哪里 哪儿 哪个 哪些 谁 几 多少 多久 何时 什么时候 记得 还记得 记不记得 知道 告诉 问 " +
    "吗 呗 啦 嘿 诶 唉 哎 嗨 喂 呐 咯 嘞 吶 上次 之前 以前 时候 时 现在 刚才 刚刚 已经 一直 其实 就是 还是 可以 觉得 感觉"
  ).split(/\s+/),
);

// Characters too common to mean anything on their own once split out of a word.
const singleCharNoise = new Set(
  "一二两个只了的是不在有人们这那么什样怎哪儿里时候后前上下中大小多少来去说想要会能就都也还又很好点些把被给对从到向为和与及或".split(""),
);

/** Light English stemming: enough that paint/paints/painted/painting meet, nothing clever. */
export function stemEnglish(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith("ies") && w.length > 4) w = w.slice(0, -3) + "y";
  else if (w.endsWith("ied") && w.length > 4) w = w.slice(0, -3) + "y";
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith("ing") && w.length > 5) w = undouble(w.slice(0, -3));
  else if (w.endsWith("ed") && w.length > 4) w = undouble(w.slice(0, -2));
  if (w.endsWith("e") && w.length > 3) w = w.slice(0, -1);
  return w;
}

function undouble(w: string): string {
  return w.length >= 4 && /([bdgmnprt])\1$/.test(w) ? w.slice(0, -1) : w;
}

/** Raw words in order: jieba words for Chinese runs, lowercase words for the rest. No filtering. */
export function words(text: string): string[] {
  const out: string[] = [];
  let last = 0;
  const pushLatin = (chunk: string) => {
    for (const m of chunk
      .toLowerCase()
      .replace(/['’]/g, "")
      .matchAll(/[a-z0-9]+/g))
      out.push(m[0]);
  };
  for (const match of hanRuns(text)) {
    const index = match.index ?? 0;
    pushLatin(text.slice(last, index));
    for (const w of segmenter().cutForSearch(match[0], true)) if (w.trim()) out.push(w);
    last = index + match[0].length;
  }
  pushLatin(text.slice(last));
  return out;
}

/** Search terms of a text: stopwords dropped, English stemmed. Order kept, duplicates kept. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    if (hasHan(w)) {
      if (chineseStopwords.has(w)) continue;
      out.push(w);
      // jieba's HMM glues unknown words to neighbours ("和拉坯"): its bigrams let "拉坯" still meet it.
      if (w.length >= 3) for (let i = 0; i + 2 <= w.length; i++) out.push(w.slice(i, i + 2));
      // …and its characters let "猫叫什么" meet "一只猫": words rank first (higher idf), characters catch the rest.
      if (w.length >= 2) for (const ch of w) if (!chineseStopwords.has(ch) && !singleCharNoise.has(ch)) out.push(ch);
    } else if (!englishStopwords.has(w) && !(w.length === 1 && !/\d/.test(w))) {
      out.push(stemEnglish(w));
    }
  }
  return out;
}

export function uniqueTerms(text: string): string[] {
  return [...new Set(terms(text))];
}

// Topic tags bridge words that mean the same area: "songs" in a question, 《晴天》 by 周杰伦 in a memory.
const topicWords: Record<string, string[]> = {
  music: [
    "歌",
    "歌曲",
    "音乐",
    "听歌",
    "唱歌",
    "专辑",
    "演唱会",
    "乐队",
    "歌手",
    "周杰伦",
    "五月天",
    "钢琴",
    "吉他",
    "song",
    "music",
    "band",
    "album",
    "concert",
    "jazz",
    "singer",
    "sing",
    "playlist",
    "guitar",
    "piano",
    "violin",
    "rock",
    "pop",
  ],
  food: [
    "吃",
    "菜",
    "美食",
    "火锅",
    "奶茶",
    "咖啡",
    "甜品",
    "蛋糕",
    "饭",
    "餐厅",
    "做饭",
    "food",
    "eat",
    "cook",
    "dish",
    "restaurant",
    "coffee",
    "tea",
    "cake",
    "pizza",
    "sushi",
    "bake",
    "recipe",
  ],
  film: ["电影", "电视剧", "剧", "综艺", "动漫", "movie", "film", "show", "series", "anime", "cinema"],
  book: ["书", "小说", "看书", "读书", "阅读", "book", "novel", "read", "author"],
  sport: [
    "跑步",
    "健身",
    "瑜伽",
    "游泳",
    "羽毛球",
    "篮球",
    "足球",
    "爬山",
    "运动",
    "run",
    "yoga",
    "swim",
    "gym",
    "hike",
    "football",
    "soccer",
    "basketball",
    "tennis",
    "sport",
    "marathon",
  ],
  travel: ["旅行", "旅游", "出去玩", "度假", "机票", "trip", "travel", "vacation", "holiday", "flight", "beach", "camp"],
  work: ["工作", "上班", "公司", "老板", "同事", "加班", "面试", "实习", "job", "work", "office", "boss", "colleague", "interview", "career"],
  study: ["考试", "学习", "学校", "大学", "论文", "课", "exam", "school", "study", "class", "college", "university", "thesis", "course"],
  pet: ["猫", "狗", "猫咪", "狗狗", "宠物", "cat", "dog", "pet", "puppy", "kitten"],
  family: [
    "妈妈",
    "爸爸",
    "妈",
    "爸",
    "姐姐",
    "妹妹",
    "哥哥",
    "弟弟",
    "奶奶",
    "爷爷",
    "外婆",
    "外公",
    "家人",
    "老公",
    "老婆",
    "儿子",
    "女儿",
    "mom",
    "mother",
    "dad",
    "father",
    "sister",
    "brother",
    "grandma",
    "grandpa",
    "family",
    "husband",
    "wife",
    "son",
    "daughter",
    "kid",
    "child",
  ],
  health: ["医院", "看病", "生病", "感冒", "发烧", "体检", "头疼", "失眠", "doctor", "hospital", "sick", "ill", "health", "checkup", "headache"],
  art: ["画", "画画", "绘画", "摄影", "拍照", "手工", "paint", "draw", "art", "photo", "photography", "pottery", "craft", "sculpt"],
};
const topicOf = new Map<string, string>();
for (const [topic, list] of Object.entries(topicWords)) {
  for (const w of list) topicOf.set(hasHan(w) ? w : stemEnglish(w), topic);
}

/** Topic tags ("topicmusic"…) of some terms, as index tokens. */
export function topicTags(termList: readonly string[]): string[] {
  const tags = new Set<string>();
  for (const t of termList) {
    const topic = topicOf.get(t);
    if (topic) tags.add("topic" + topic);
  }
  return [...tags];
}

/** Entity names as index tokens (segmented and lowercased the same way as text). */
export function entityTokens(entities: readonly string[]): string[] {
  const out = new Set<string>();
  for (const e of entities) for (const t of terms(e)) out.add(t);
  return [...out];
}

// Query-time bridges for questions worded differently from what was said: a hypernym and its common
// members ("instrument" ↔ violin), near-synonyms ("job" ↔ work), irregular verb forms the light stemmer
// cannot join ("meet" ↔ met). Applied to the question only, so the index stays as it was.
const relatedGroups: string[][] = [
  ["instrument", "violin", "guitar", "piano", "cello", "drum", "drums", "flute", "ukulele", "saxophone", "trumpet", "bass", "harp", "clarinet"],
  ["music", "song", "concert", "band", "orchestra", "sing", "singer", "album", "perform", "performance"],
  ["pet", "dog", "cat", "puppy", "kitten", "hamster", "rabbit", "bunny", "parrot", "fish", "tortoise", "turtle"],
  ["animal", "dog", "cat", "bird", "tortoise", "slug", "squirrel", "seal"],
  ["job", "work", "career", "office", "company", "employer", "agency", "freelance", "client", "profession", "living"],
  ["client", "customer", "company", "business"],
  ["boss", "manager", "employer"],
  ["hire", "hired", "employ", "assistant"],
  [
    "sport",
    "exercise",
    "workout",
    "fitness",
    "run",
    "running",
    "swim",
    "yoga",
    "gym",
    "hike",
    "bike",
    "cycling",
    "surf",
    "ski",
    "tennis",
    "soccer",
    "climb",
    "triathlon",
    "marathon",
    "race",
  ],
  ["race", "marathon", "triathlon", "5k", "competition"],
  ["injury", "injure", "hurt", "sprain", "scrape", "bruise", "broke", "fell", "fall", "wound", "pain"],
  ["sick", "ill", "illness", "fever", "cold", "flu", "vet", "doctor", "throwing"],
  ["surgery", "operation", "hospital", "doctor", "clinic", "replaced"],
  ["child", "children", "kid", "kids", "son", "daughter", "boy", "girl"],
  ["partner", "husband", "wife", "boyfriend", "girlfriend", "spouse", "date", "dating"],
  ["mother", "mom", "mum", "mama"],
  ["father", "dad", "papa"],
  ["parent", "mother", "mom", "father", "dad"],
  ["family", "mother", "mom", "father", "dad", "brother", "sister", "cousin", "aunt", "uncle", "son", "daughter", "parents"],
  ["trip", "travel", "vacation", "holiday", "journey", "flight", "fly", "visit", "tour", "camping"],
  ["food", "eat", "ate", "meal", "dinner", "lunch", "breakfast", "restaurant", "cook", "bake", "dish", "snack"],
  ["gift", "present", "gave", "give", "bought"],
  ["house", "home", "apartment", "flat", "place", "move", "moved", "relocate"],
  ["school", "class", "course", "lesson", "workshop", "teach", "taught", "student", "teacher"],
  ["age", "old", "turned", "birthday", "year"],
  ["cost", "price", "pay", "paid", "dollar", "money", "expensive", "cheap"],
  ["name", "named", "call", "called", "nickname"],
  ["book", "novel", "read", "reading", "author"],
  ["degree", "master", "bachelor", "phd", "diploma", "graduate", "certification"],
  ["garden", "grow", "plant", "vegetable", "tomato", "basil", "herb", "flower"],
  ["vegetable", "tomato", "basil", "carrot", "lettuce", "potato", "pepper"],
  ["picture", "photo", "painting", "drawing", "draw", "sketch", "design"],
  ["design", "logo", "rebrand", "brand", "sketch", "label"],
  ["water", "swim", "surf", "pool", "beach", "lake", "ocean", "sea"],
  ["cry", "cried", "tear", "tears", "sob"],
  ["commute", "bike", "drive", "train", "bus", "walk"],
  ["meet", "met"],
  ["go", "went", "gone"],
  ["buy", "bought"],
  ["run", "ran"],
  ["swim", "swam"],
  ["eat", "ate"],
  ["fall", "fell"],
  ["give", "gave"],
  ["make", "made"],
  ["teach", "taught"],
  ["win", "won"],
  ["lose", "lost"],
  ["sing", "sang"],
  ["take", "took"],
  ["see", "saw"],
  ["begin", "began", "start"],
  ["leave", "left", "quit"],
];
const relatedOf = new Map<string, Set<string>>();
for (const group of relatedGroups) {
  const stems = group.map((w) => stemEnglish(w));
  for (const a of stems) {
    const set = relatedOf.get(a) ?? new Set<string>();
    for (const b of stems) if (b !== a) set.add(b);
    relatedOf.set(a, set);
  }
}

/** Terms related to some query terms (English; not the terms themselves). */
export function relatedTerms(termList: readonly string[]): string[] {
  const own = new Set(termList);
  const out = new Set<string>();
  for (const t of termList) for (const r of relatedOf.get(t) ?? []) if (!own.has(r)) out.add(r);
  return [...out];
}
