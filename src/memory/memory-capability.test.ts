// The memory capability on its own: learns after a turn, recalls on the fast path and into the newest turn,
// forgets on request and with her deleted words; /api/v1/memories, the tool, 我的数据 — a real SQLite file.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { Hono } from "hono";
import type { ApiEnv } from "../kernel/http.js";
import { migrate, openDatabase } from "../storage/database.js";
import { makeTempDir } from "../testing/paths.js";
import { memoryCapability } from "./memory-capability.js";

test("one value: after-turn learning, recall and forget on the fast path, routes, tool, 我的数据", async () => {
  const temp = makeTempDir();
  const db = openDatabase(join(temp.dir, "guimi.db"), []);
  try {
    const now = () => new Date("2026-11-24T12:00:00Z");
    assert.ok(memoryCapability.migrations);
    migrate(db, [memoryCapability.migrations]);
    const memory = memoryCapability.create({ db, now, timeZone: () => "Asia/Shanghai", embeddingModel: null });
    assert.deepEqual(memory.embedderState(), { state: "none" });
    const turn = (userMessageId: number, text: string) => ({ conversationId: "default", userMessageId, now: now(), lang: "zh" as const, text });

    memory.afterTurn?.(turn(1, "我最喜欢周杰伦的《晴天》了"), { source: "model" });
    memory.afterTurn?.(turn(2, "我家的猫叫咪咪"), { source: "crisis" }); // a crisis turn is never remembered
    await memory.close?.(); // waits for the learning in flight
    const [forget, recall] = memory.intents ?? [];
    assert.ok(forget && recall);
    const recalled = await recall(turn(3, "你还记得我喜欢什么歌吗"));
    assert.equal(recalled?.source, "memory");
    assert.match(recalled?.text ?? "", /晴天/);
    assert.ok((await memory.recallForTurn("周杰伦的歌", now())).some((line) => line.includes("晴天")));
    assert.equal(await forget(turn(4, "今天天气不错")), null);

    const api = new Hono<ApiEnv>();
    memory.routes?.(api);
    const listed = (await (await api.request("/memories")).json()) as { memories: { id: string; text: string }[] };
    assert.equal(listed.memories.length, 1);
    const search = memory.tools?.find((t) => t.name === "memory_search");
    assert.ok(search);
    assert.equal(((await search.run({ query: "晴天" })) as unknown[]).length, 1);
    assert.equal(memory.dataCategories?.[0]?.count(), 1);

    // Her first message deleted: what came only from it goes too.
    memory.forgetDerived([1]);
    assert.equal(memory.service.list({ limit: 10 }).length, 0);
  } finally {
    db.close();
    temp.cleanup();
  }
});
