// Search latency at scale: fills a temporary database with synthetic zh+en memories (default 100 000)
// and times hybrid search over realistic questions. Not a test: `npm run bench` runs it.
import { mulberry32 } from "../kernel/seeded-random.js";
import { join } from "node:path";
import { openDatabase } from "../storage/database.js";
import { makeTempDir } from "../testing/paths.js";
import { indexTextOf } from "../memory/memory-ranking.js";
import { memoryMigrations } from "../memory/memory-migrations.js";
import { createMemoryService } from "../memory/memory-service.js";
import { createMemoryStore } from "../memory/memory-store.js";
import type { Memory, MemoryKind } from "../memory/memory-types.js";

export interface MemorySearchBench {
  p50_ms: number;
  p95_ms: number;
  memories: number;
  queries: number;
  fill_ms: number;
}

const zhPeople = ["妈妈", "爸爸", "姐姐", "闺蜜小雨", "同事阿琳", "老板王浩", "男朋友", "室友", "奶奶", "表妹"];
const zhThings = [
  "周杰伦的《晴天》",
  "火锅",
  "奶茶",
  "《三体》",
  "瑜伽",
  "猫咪年糕",
  "咖啡",
  "游泳",
  "陶艺",
  "水彩画",
  "五月天的演唱会",
  "麻辣烫",
  "羽毛球",
  "《繁花》",
  "露营",
];
const zhPlaces = ["北京", "上海", "成都", "杭州", "青岛", "京都", "故宫", "西湖", "鼓楼", "朝阳区"];
const zhEvents = ["面试", "考试", "体检", "生日聚会", "出差", "婚礼", "答辩", "看牙医", "搬家", "年会"];
const zhFeelings = ["好紧张", "超开心", "有点难过", "压力好大", "很期待", "累死了", "好焦虑"];
const enPeople = ["my mom", "my sister Anna", "my friend Priya", "my boss Mark", "my brother Tom", "my roommate", "my grandma", "my coworker Ben"];
const enThings = [
  "jazz",
  "spicy ramen",
  "pottery",
  "hiking",
  "the Night Circus",
  "sourdough bread",
  "yoga",
  "watercolor painting",
  "Taylor Swift",
  "board games",
  "camping",
  "cold brew coffee",
];
const enPlaces = ["Brooklyn", "Portland", "Chicago", "the lake", "the farmers market", "the animal shelter", "Mexico City", "the library"];
const enEvents = ["interview", "exam", "dentist appointment", "birthday party", "flight", "wedding", "presentation", "half marathon"];
const enFeelings = ["so nervous", "really excited", "a bit sad", "super stressed", "proud", "exhausted"];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

function synthetic(rand: () => number, i: number, start: number, span: number): Memory {
  const zh = rand() < 0.5;
  const r = rand();
  let kind: MemoryKind = "message";
  let text: string;
  if (zh) {
    if (r < 0.15)
      (kind = "preference"), (text = `我最近特别喜欢${pick(rand, zhThings)}，${pick(rand, ["每天都想", "周末常去", "推荐给了" + pick(rand, zhPeople)])}`);
    else if (r < 0.3) (kind = "event"), (text = `${pick(rand, ["下周三", "明天", "月底", "周五"])}有${pick(rand, zhEvents)}，${pick(rand, zhFeelings)}`);
    else if (r < 0.4) (kind = "person"), (text = `${pick(rand, zhPeople)}最近去了${pick(rand, zhPlaces)}，还给我带了${pick(rand, zhThings)}`);
    else if (r < 0.5) (kind = "feeling"), (text = `今天${pick(rand, zhEvents)}之后${pick(rand, zhFeelings)}，想找${pick(rand, zhPeople)}聊聊`);
    else
      text = `和${pick(rand, zhPeople)}在${pick(rand, zhPlaces)}${pick(rand, ["吃了", "聊起", "看了", "买了"])}${pick(rand, zhThings)}，${pick(rand, zhFeelings)}`;
  } else {
    if (r < 0.15) (kind = "preference"), (text = `I really love ${pick(rand, enThings)}, especially with ${pick(rand, enPeople)}`);
    else if (r < 0.3)
      (kind = "event"),
        (text = `I have a ${pick(rand, enEvents)} ${pick(rand, ["next Wednesday", "tomorrow", "on Friday", "next month"])} and I'm ${pick(rand, enFeelings)}`);
    else if (r < 0.4) (kind = "person"), (text = `${pick(rand, enPeople)} just moved to ${pick(rand, enPlaces)} and loves ${pick(rand, enThings)}`);
    else if (r < 0.5) (kind = "feeling"), (text = `I felt ${pick(rand, enFeelings)} after the ${pick(rand, enEvents)} today`);
    else text = `Went to ${pick(rand, enPlaces)} with ${pick(rand, enPeople)} and we talked about ${pick(rand, enThings)} for hours`;
  }
  const said = new Date(start + Math.floor(rand() * span)).toISOString();
  return {
    id: `bench_${i}`,
    kind,
    text,
    entities: [],
    subject: null,
    speaker: "me",
    eventAt: kind === "event" ? new Date(Date.parse(said) + 5 * 86_400_000).toISOString() : null,
    saidAt: said,
    importance: kind === "message" ? 0.3 : 0.6,
    createdAt: said,
    updatedAt: said,
    status: "active",
    supersededBy: null,
    supersededAt: null,
    sources: [{ ref: `bench:${i}`, at: said, speaker: "me", role: "user" }],
  };
}

const queries = [
  "你还记得我喜欢什么歌吗",
  "我上周干嘛了",
  "我妈妈最近去哪了",
  "面试是什么时候",
  "我喜欢吃什么",
  "上次去成都是和谁",
  "我什么时候体检",
  "闺蜜小雨喜欢什么",
  "我最近心情怎么样",
  "五月天的演唱会",
  "在西湖吃了什么",
  "我有什么考试",
  "do you remember what songs I like",
  "When is my interview?",
  "What did I do last week?",
  "Where did my sister Anna move?",
  "What does my friend Priya love?",
  "How did I feel after the presentation?",
  "What did I do in May?",
  "Who did I go hiking with?",
  "What food do I like?",
  "When is the half marathon?",
  "What did we talk about at the lake?",
  "Tell me about my boss Mark",
];

export async function benchMemorySearch(options: { count?: number; rounds?: number; seed?: number } = {}): Promise<MemorySearchBench> {
  const count = options.count ?? 100_000;
  const rounds = options.rounds ?? 8;
  const { dir, cleanup } = makeTempDir("guimi-memory-bench-");
  const db = openDatabase(join(dir, "guimi.db"), [memoryMigrations]);
  try {
    const rand = mulberry32(options.seed ?? 42);
    const now = new Date("2024-06-01T00:00:00Z");
    const span = 3 * 365 * 86_400_000;
    const fillStart = performance.now();
    const store = createMemoryStore(db);
    const batch = 5_000;
    for (let done = 0; done < count; done += batch) {
      store.transaction(() => {
        for (let i = done; i < Math.min(count, done + batch); i++) {
          const m = synthetic(rand, i, now.getTime() - span, span);
          store.insert(m, indexTextOf(m));
        }
      });
    }
    // As a long-running device would be: index segments merged, WAL checkpointed.
    db.exec("INSERT INTO memory_fts(memory_fts) VALUES ('optimize'); ANALYZE;");
    db.pragma("wal_checkpoint(TRUNCATE)");
    const fillMs = performance.now() - fillStart;
    const service = createMemoryService({ db, tzOffsetMinutes: 480 });
    for (const q of queries) await service.search(q, { k: 10, now }); // warm-up: jieba, statement cache, page cache
    const times: number[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const q of queries) {
        const t = performance.now();
        await service.search(q, { k: 10, now });
        times.push(performance.now() - t);
      }
    }
    times.sort((a, b) => a - b);
    const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0;
    const round = (x: number) => Math.round(x * 100) / 100;
    return { p50_ms: round(at(0.5)), p95_ms: round(at(0.95)), memories: store.count(), queries: times.length, fill_ms: Math.round(fillMs) };
  } finally {
    db.close();
    cleanup();
  }
}
