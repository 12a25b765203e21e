import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { openDatabase, type Db } from "../storage/database.js";
import { makeTempDir } from "../testing/paths.js";
import type { LanguageModel } from "../conversation/language-model.js";
import { memoryMigrations } from "./memory-migrations.js";
import { createMemoryService } from "./memory-service.js";
import type { ConversationMessage } from "./memory-types.js";

function withDb(fn: (db: Db) => Promise<void>): () => Promise<void> {
  return async () => {
    const { dir, cleanup } = makeTempDir();
    const db = openDatabase(join(dir, "guimi.db"), [memoryMigrations]);
    try {
      await fn(db);
    } finally {
      db.close();
      cleanup();
    }
  };
}

let counter = 0;
const say = (day: string, time: string, text: string, role: "user" | "assistant" = "user"): ConversationMessage => ({
  ref: `c${++counter}`,
  speaker: role === "user" ? "我" : "Guimi",
  text,
  at: `2024-05-${day}T${time}:00Z`,
  role,
});

const zhDays: ConversationMessage[] = [
  say("01", "12:00", "今天加班到好晚，累死了"),
  say("01", "12:01", "辛苦啦，早点休息哦", "assistant"),
  say("01", "12:02", "我最近在追《繁花》，超好看"),
  say("02", "13:00", "我喜欢周杰伦的《晴天》，每次听都想起高中"),
  say("02", "13:01", "《晴天》真的很经典～", "assistant"),
  say("02", "13:03", "我妈妈叫李秀英，她下个月过生日"),
  say("03", "11:00", "我喜欢吃火锅，尤其是牛油锅底"),
  say("03", "11:05", "下周三面试，好紧张"),
  say("04", "10:00", "我的猫叫团子，今天它打翻了水杯"),
];

test(
  "after a multi-day conversation, 你还记得我喜欢什么歌吗 recalls the song first (rules only)",
  withDb(async (db) => {
    const memory = createMemoryService({ db, tzOffsetMinutes: 480 });
    await memory.ingest(zhDays, new Date("2024-05-04T10:00:00Z"));
    const now = new Date("2024-05-20T12:00:00Z");
    const [first] = await memory.search("你还记得我喜欢什么歌吗", { k: 5, now });
    assert.ok(first, "something is recalled");
    assert.match(first.text, /晴天/);
    assert.equal(first.sources[0], zhDays[3]!.ref);
    const lines = await memory.recallForTurn("你还记得我喜欢什么歌吗", now);
    assert.match(lines[0] ?? "", /周杰伦的《晴天》/);
    const [mom] = await memory.search("我妈叫什么名字", { k: 3, now });
    assert.match(mom!.text, /李秀英/);
  }),
);

test(
  "do you remember what songs I like: the song first, in English too",
  withDb(async (db) => {
    const memory = createMemoryService({ db, tzOffsetMinutes: 0 });
    const en = (day: string, text: string, ref: string): ConversationMessage => ({ ref, speaker: "Mia", text, at: `2024-03-${day}T19:00:00Z`, role: "user" });
    await memory.ingest(
      [
        en("01", "Work was brutal today, my boss yelled at everyone.", "e1"),
        en("02", "I love the song Holocene by Bon Iver, it calms me down.", "e2"),
        en("03", "I also love spicy ramen, the spicier the better.", "e3"),
        en("05", "My sister Anna is coming to visit next weekend.", "e4"),
        en("06", "I went hiking at Bear Mountain last Saturday.", "e5"),
      ],
      new Date("2024-03-06T20:00:00Z"),
    );
    const results = await memory.search("do you remember what songs I like", { k: 5, now: new Date("2024-04-01T00:00:00Z") });
    assert.equal(results[0]?.sources[0], "e2");
    const hiking = await memory.search("When did Mia go hiking?", { k: 3, now: new Date("2024-04-01T00:00:00Z") });
    assert.equal(hiking[0]?.sources[0], "e5");
  }),
);

test(
  "newer supersedes older, nothing lost; forgetting the newer brings the older back",
  withDb(async (db) => {
    const memory = createMemoryService({ db, tzOffsetMinutes: 0, clock: () => new Date("2024-07-01T00:00:00Z") });
    await memory.ingest([{ ref: "a", speaker: "me", text: "I live in Beijing", at: "2024-01-01T00:00:00Z", role: "user" }], new Date("2024-01-01T00:00:00Z"));
    const r = await memory.ingest(
      [{ ref: "b", speaker: "me", text: "I moved to Shanghai", at: "2024-06-01T00:00:00Z", role: "user" }],
      new Date("2024-06-01T00:00:00Z"),
    );
    assert.equal(r.superseded.length, 1);
    const old = memory.get(r.superseded[0]!)!;
    assert.equal(old.status, "superseded");
    assert.equal(old.supersededAt, "2024-06-01T00:00:00.000Z");
    const [top] = await memory.search("where do I live now?", { k: 3, now: new Date("2024-07-01T00:00:00Z") });
    assert.match(top!.text, /Shanghai/);
    assert.ok(memory.forget(old.supersededBy!));
    assert.equal(memory.get(old.id)!.status, "active");
  }),
);

test(
  "repeating a preference adds provenance instead of a copy; re-ingesting is a no-op",
  withDb(async (db) => {
    const memory = createMemoryService({ db, tzOffsetMinutes: 480 });
    await memory.ingest([say("01", "10:00", "我喜欢周杰伦的《晴天》")], new Date("2024-05-01T10:00:00Z"));
    const again = say("09", "10:00", "我真的很喜欢周杰伦的《晴天》");
    await memory.ingest([again], new Date("2024-05-09T10:00:00Z"));
    await memory.ingest([again], new Date("2024-05-09T10:00:00Z"));
    const prefs = memory.list({ kind: "preference" });
    assert.equal(prefs.length, 1);
    assert.equal(prefs[0]!.sources.length, 2);
  }),
);

test(
  "forget, 别记这个 and forgetAll erase rows, sources and index entries for real",
  withDb(async (db) => {
    const memory = createMemoryService({ db, tzOffsetMinutes: 480 });
    await memory.ingest(zhDays.slice(0, 4), new Date("2024-05-02T13:00:00Z"));
    await memory.ingest([say("05", "09:00", "其实我偷偷喜欢隔壁班的王磊")], new Date("2024-05-05T09:00:00Z"));
    const outcome = memory.handleForgetRequest("别记这个");
    assert.ok(outcome && outcome.forgotten.length > 0);
    assert.match(outcome.reply, /忘掉/);
    assert.equal((await memory.search("王磊", { k: 5, now: new Date("2024-05-06T00:00:00Z") })).length, 0);
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    assert.equal(count("SELECT count(*) AS n FROM memory_fts WHERE memory_fts MATCH '王磊'"), 0);
    assert.equal(memory.handleForgetRequest("我喜欢晴天"), null);

    const one = memory.list()[0]!;
    assert.ok(memory.forget(one.id));
    assert.equal(memory.get(one.id), null);
    assert.equal(count(`SELECT count(*) AS n FROM memory_sources WHERE memory_id = '${one.id}'`), 0);
    assert.ok(memory.forgetAll() > 0);
    assert.equal(count("SELECT count(*) AS n FROM memories"), 0);
    assert.equal(count("SELECT count(*) AS n FROM memory_fts"), 0);
    assert.equal(memory.exportAll().memories.length, 0);
  }),
);

test(
  "upcoming events for the care engine, and recent past ones for follow-ups",
  withDb(async (db) => {
    const memory = createMemoryService({ db, tzOffsetMinutes: 480 });
    await memory.ingest(zhDays, new Date("2024-05-04T10:00:00Z"));
    const soon = memory.upcomingEvents(new Date("2024-05-04T00:00:00Z"), 7);
    assert.ok(soon.some((e) => /面试/.test(e.text) && e.eventAt!.startsWith("2024-05-08")));
    const after = memory.upcomingEvents(new Date("2024-05-09T00:00:00Z"), 7, { pastDays: 3 });
    assert.ok(after.some((e) => /面试/.test(e.text)));
    assert.ok(!memory.upcomingEvents(new Date("2024-05-09T00:00:00Z"), 3).some((e) => /面试/.test(e.text)));
  }),
);

test(
  "update rewrites text and index; a model's JSON extraction is merged with the rules",
  withDb(async (db) => {
    const model: LanguageModel = {
      id: "fake",
      async openChat() {
        throw new Error("not used");
      },
      async generateJson(request) {
        assert.ok("type" in request.schema && request.schema.type === "object");
        return { memories: [{ message: 1, kind: "fact", text: "在学做陶艺", entities: ["陶艺"], when: "", subject: "", importance: 0.6 }] };
      },
      async dispose() {},
    };
    const memory = createMemoryService({ db, model, tzOffsetMinutes: 480 });
    await memory.ingest([say("06", "10:00", "周末去上了第一节陶艺课")], new Date("2024-05-06T10:00:00Z"));
    const fact = memory.list({ kind: "fact" }).find((m) => m.text === "在学做陶艺");
    assert.ok(fact);
    assert.deepEqual(
      fact.sources.map((s) => s.ref),
      [`c${counter}`],
    );
    const updated = memory.update(fact.id, { text: "在学做陶艺和拉坯" })!;
    assert.equal(updated.text, "在学做陶艺和拉坯");
    const [hit] = await memory.search("拉坯", { k: 1, now: new Date("2024-05-07T00:00:00Z") });
    assert.equal(hit?.id, fact.id);
  }),
);

test(
  "a result cites its own message first, then the neighbouring reply that also matches the question",
  withDb(async (db) => {
    const memory = createMemoryService({ db, tzOffsetMinutes: 0 });
    const at = (m: number) => `2024-03-02T10:0${m}:00Z`;
    await memory.ingest(
      [
        { ref: "n1", speaker: "Ana", text: "Guess what, I picked up an instrument again after ten years.", at: at(1), role: "user" },
        { ref: "n2", speaker: "Bo", text: "Which one?", at: at(2), role: "user" },
        { ref: "n3", speaker: "Ana", text: "My old violin from school, it was in the closet.", at: at(3), role: "user" },
        { ref: "n4", speaker: "Bo", text: "Cool, we should get lunch soon.", at: at(4), role: "user" },
      ],
      new Date("2024-03-03T00:00:00Z"),
    );
    const results = await memory.search("What instrument does Ana play?", { k: 10, now: new Date("2024-03-03T00:00:00Z") });
    // "instrument" finds n1 directly and, as a related word, the violin in n3.
    // n1 cites the violin reply next to it; n3 then adds nothing new, so it does not take a slot of its own.
    assert.deepEqual(results.find((r) => r.sources[0] === "n1")?.sources, ["n1", "n3"], JSON.stringify(results));
    assert.ok(!results.some((r) => r.sources[0] === "n3"));
    for (const r of results) assert.ok(r.sources.length <= 2);
    // Never the unrelated lunch line as a neighbour citation.
    assert.ok(!results.some((r) => r.sources.length === 2 && r.sources[1] === "n4"));
  }),
);

test(
  "a merge never drops her words: the new wording is a new memory, the old one is kept superseded, both found by search, and back if the new one is forgotten",
  withDb(async (db) => {
    const memory = createMemoryService({ db });
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 24, 2, minute));
    const first = await memory.ingest([{ ref: "api:1", speaker: "user", text: "我喜欢喝拿铁咖啡，不加糖", at: at(0).toISOString(), role: "user" }], at(0));
    const oldId = first.added[0]!;
    const second = await memory.ingest([{ ref: "api:2", speaker: "user", text: "我喜欢喝拿铁咖啡，要燕麦奶", at: at(1).toISOString(), role: "user" }], at(1));
    assert.deepEqual(second.superseded, [oldId]);
    const newId = second.merged[0]!;
    assert.notEqual(newId, oldId);

    const old = memory.get(oldId)!;
    assert.equal(old.text, "我喜欢喝拿铁咖啡，不加糖");
    assert.equal(old.status, "superseded");
    assert.equal(old.supersededBy, newId);
    const merged = memory.get(newId)!;
    assert.equal(merged.text, "我喜欢喝拿铁咖啡，要燕麦奶");
    assert.deepEqual(
      merged.sources.map((s) => s.ref),
      ["api:1", "api:2"],
    );

    const sugar = await memory.search("不加糖", { k: 5, now: at(2) });
    assert.ok(
      sugar.some((m) => m.id === oldId && m.text.includes("不加糖")),
      JSON.stringify(sugar),
    );
    const oat = await memory.search("燕麦奶", { k: 5, now: at(2) });
    assert.ok(
      oat.some((m) => m.id === newId),
      JSON.stringify(oat),
    );

    assert.equal(memory.forget(newId), true);
    assert.equal(memory.get(oldId)?.status, "active");
    assert.equal(memory.get(oldId)?.text, "我喜欢喝拿铁咖啡，不加糖");
  }),
);
