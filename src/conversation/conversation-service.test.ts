// Integration: the conversation service over a real SQLite file and the real tiny GGUF model.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { openDatabase, type Db } from "../storage/database.js";
import { coreMigrations } from "../storage/core-migrations.js";
import { createMessageStore } from "./message-store.js";
import { createConversationService, type TurnEvent } from "./conversation-service.js";
import { loadLlamaLanguageModel } from "./llama-language-model.js";
import type { LanguageModel } from "./language-model.js";
import { defaultPersona } from "./persona.js";
import { makeTempDir, tinyModelPath } from "../testing/paths.js";

let model: LanguageModel;
let db: Db;
const temp = makeTempDir();

before(async () => {
  model = await loadLlamaLanguageModel({ modelPath: tinyModelPath, contextSize: 1024, gpu: "off" });
  db = openDatabase(join(temp.dir, "guimi.db"), [coreMigrations]);
});
after(async () => {
  db.close();
  await model.dispose();
  temp.cleanup();
});

function service(overrides: Partial<Parameters<typeof createConversationService>[0]> = {}) {
  return createConversationService({
    store: createMessageStore(db),
    model: () => model,
    persona: () => defaultPersona,
    timeZone: () => "Asia/Shanghai",
    now: () => new Date("2026-11-24T15:00:00Z"),
    maxReplyTokens: 12,
    ...overrides,
  });
}

test("multi-turn: replies stream as deltas, both sides are stored, and the context only grows by each turn", async () => {
  const conversation = service();
  const events: TurnEvent[] = [];
  const first = await conversation.turn({ conversationId: "multi", text: "你好呀，今天好累" }, (e) => events.push(e));
  assert.equal(first.source, "llm");
  assert.equal(first.lang, "zh");
  assert.equal(events[0]?.type, "reply-start");
  assert.ok(events.filter((e) => e.type === "reply-delta").length >= 1);
  assert.equal(events.at(-1)?.type, "reply-end");
  const deltas = events.flatMap((e) => (e.type === "reply-delta" ? [e.text] : [])).join("");
  assert.equal(deltas.trim(), first.text);

  await conversation.turn({ conversationId: "multi", text: "and now in English please" });
  const stored = conversation.history("multi");
  assert.deepEqual(
    stored.map((m) => m.role),
    ["user", "assistant", "user", "assistant"],
  );
  assert.equal(stored[0]?.text, "你好呀，今天好累");
  assert.equal(stored[2]?.lang, "en");
  assert.ok(stored.every((m) => m.status === "complete"));
});

test("a stop request cancels the reply at once; the partial reply is kept and marked partial", async () => {
  const conversation = service({ maxReplyTokens: 400 });
  let stopped = false;
  const result = await conversation.turn({ conversationId: "stop", text: "tell me a long story" }, (event) => {
    if (event.type === "reply-delta" && !stopped) {
      stopped = conversation.stop("stop");
    }
  });
  assert.ok(stopped);
  assert.equal(result.finish, "cancelled");
  const reply = conversation.history("stop").at(-1);
  assert.equal(reply?.role, "assistant");
  assert.equal(reply?.status, "partial");
});

test("a new message interrupts the reply in flight and both user messages are stored", async () => {
  const conversation = service({ maxReplyTokens: 400 });
  let interrupted: Promise<unknown> | undefined;
  const first = conversation.turn({ conversationId: "interrupt", text: "first question" }, (event) => {
    if (event.type === "reply-delta" && !interrupted) interrupted = conversation.turn({ conversationId: "interrupt", text: "second question" });
  });
  const firstResult = await first;
  await interrupted;
  assert.equal(firstResult.finish, "cancelled");
  const roles = conversation.history("interrupt").map((m) => `${m.role}:${m.status}`);
  assert.deepEqual(roles, ["user:complete", "assistant:partial", "user:complete", "assistant:complete"]);
});

test("context overflow: older turns are folded into a summary and the conversation goes on", async () => {
  const conversation = service({ maxReplyTokens: 60, compactAt: 0.5 });
  const store = createMessageStore(db);
  for (let i = 0; i < 14; i++) {
    await conversation.turn({ conversationId: "long", text: `第${i}轮：今天我们聊了很多关于工作和生活的事情，还有周末想去哪里玩。` });
  }
  const summary = store.getSummary("long");
  assert.ok(summary && summary.includes("第0轮"), `expected a summary, got ${summary}`);
  assert.equal(conversation.history("long", { limit: 100 }).length, 28);
});

test("without a model, chat answers honestly in persona how to install one", async () => {
  const conversation = service({ model: () => null });
  const zh = await conversation.turn({ conversationId: "nomodel", text: "在吗" });
  assert.equal(zh.source, "no-model");
  assert.match(zh.text, /guimi model pull/);
  const en = await conversation.turn({ conversationId: "nomodel", text: "are you there?" });
  assert.match(en.text, /isn't installed/);
});

test("fast-path intents answer without the model", async () => {
  const conversation = service({
    model: () => {
      throw new Error("the model must not be used");
    },
    intents: [(turn) => (turn.text.includes("提醒") ? { text: "好嘞，记下了", source: "reminder" } : null)],
  });
  const result = await conversation.turn({ conversationId: "fast", text: "明天提醒我喝水" });
  assert.equal(result.source, "reminder");
  assert.equal(result.text, "好嘞，记下了");
});

test("bad input names the field and stores nothing", async () => {
  const conversation = service();
  await assert.rejects(conversation.turn({ text: "   " }), /text: must not be empty/);
  await assert.rejects(conversation.turn({ text: "x".repeat(5000) }), /text: longer than 4000/);
  await assert.rejects(conversation.turn({ conversationId: "bad id!", text: "hi" }), /conversationId/);
  assert.equal(conversation.history("bad id!").length, 0);
});

test("schema-constrained JSON generation returns JSON that matches the schema", async () => {
  const value = (await model.generateJson({
    prompt: "Extract the person's name from: my sister Anna is visiting",
    schema: {
      type: "object",
      properties: { name: { type: "string", maxLength: 16 }, relation: { enum: ["sister", "brother", "friend"] } },
      required: ["name", "relation"],
    },
    maxTokens: 120,
  })) as { name: unknown; relation: unknown };
  assert.equal(typeof value.name, "string");
  assert.ok((value.name as string).length <= 16);
  assert.ok(["sister", "brother", "friend"].includes(value.relation as string));
});

test("a message superseded while the model loads ends as cancelled, cleanly; the newer one is answered", async () => {
  let loaded!: () => void;
  const ready = new Promise<void>((resolve) => (loaded = resolve));
  const conversation = service({ modelReady: () => ready });
  const firstEvents: TurnEvent[] = [];
  const first = conversation.turn({ conversationId: "loading", text: "在吗" }, (e) => firstEvents.push(e));
  // Let the first turn reach its wait on the model.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const second = conversation.turn({ conversationId: "loading", text: "算了，说点别的吧" });
  loaded();
  const cancelled = await first;
  assert.equal(cancelled.finish, "cancelled");
  assert.equal(cancelled.replyId, null);
  assert.equal(firstEvents.at(-1)?.type, "reply-end");
  const answered = await second;
  assert.equal(answered.source, "llm");
  assert.notEqual(answered.finish, "cancelled");
  const stored = conversation.history("loading");
  assert.deepEqual(stored.map((m) => [m.role, m.text === "" ? "" : "…"]).slice(0, 2), [
    ["user", "…"],
    ["user", "…"],
  ]);
  assert.equal(stored.filter((m) => m.role === "assistant").length, 1);
});
