// The conversation capability on its own: the turn over /chat (JSON and SSE), the message list, erasing through
// 我的数据 (her deleted words take what was derived from them along), Guimi speaking first, its status — a real
// SQLite file, no model installed (the honest no-model answer).
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { Hono } from "hono";
import { dataPaths, parseConfig } from "../config/config.js";
import { httpError } from "../kernel/api-errors.js";
import type { ApiEnv } from "../kernel/http.js";
import { createDataRegistry } from "../privacy/data-registry.js";
import { createOutbound } from "../privacy/outbound.js";
import { coreMigrations } from "../storage/core-migrations.js";
import { openDatabase } from "../storage/database.js";
import { makeTempDir } from "../testing/paths.js";
import { RecordingBus } from "../testing/recording-bus.js";
import { conversationCapability } from "./conversation-capability.js";
import { noModelReply } from "./conversation-service.js";
import { defaultPersona } from "./persona.js";

test("one value: /chat as JSON and SSE, messages, erasing through 我的数据, deliver, status", async () => {
  const temp = makeTempDir();
  const db = openDatabase(join(temp.dir, "guimi.db"), [coreMigrations]);
  try {
    const now = () => new Date("2026-11-24T12:00:00Z");
    const bus = new RecordingBus();
    const data = createDataRegistry(db);
    const erased: (number[] | "all")[] = [];
    const perceived: string[] = [];
    const config = parseConfig({});
    const conversation = conversationCapability.create({
      db,
      bus,
      paths: dataPaths(temp.dir),
      config,
      outbound: createOutbound({ db, permissions: () => config.outbound, now }),
      withoutModel: true,
      onErased: (ids) => erased.push(ids),
      removeMessage: (id) => data.remove("conversations", id),
      guimiName: () => "小蜜",
      persona: () => defaultPersona,
      timeZone: () => "Asia/Shanghai",
      now,
      onUserMessage: (turn) => void perceived.push(turn.text),
    });
    for (const category of conversation.dataCategories ?? []) data.register(category);
    await conversation.ready;
    assert.deepEqual(conversation.modelState(), { state: "none" });
    assert.equal(conversation.model(), null);

    const api = new Hono<ApiEnv>();
    api.onError((error, c) => httpError(c, error));
    conversation.routes?.(api);
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      api.request(path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

    const json = (await (await post("/chat", { text: "你好呀" })).json()) as { text: string; source: string; userMessageId: number };
    assert.equal(json.text, noModelReply("zh"));
    assert.equal(json.source, "no-model");
    assert.deepEqual(perceived, ["你好呀"]);

    const streamed = await post("/chat", { text: "hello there, how are you?" }, { accept: "text/event-stream" });
    assert.match(streamed.headers.get("content-type") ?? "", /text\/event-stream/);
    const events = await streamed.text();
    assert.match(events, /event: reply-end/);
    assert.ok(events.includes(JSON.stringify(noModelReply("en")).slice(1, 20)));

    const bad = await post("/chat", { text: "" });
    assert.equal(bad.status, 400);
    const badBody = (await bad.json()) as { error: { code: string; message: string } };
    assert.equal(badBody.error.code, "bad-input");
    assert.match(badBody.error.message, /text/);
    assert.equal(((await (await post("/chat/stop", {})).json()) as { stopped: boolean }).stopped, false);

    const messages = ((await (await api.request("/conversations/default/messages")).json()) as { messages: { id: number; role: string }[] }).messages;
    assert.deepEqual(
      messages.map((m) => m.role),
      ["user", "assistant", "user", "assistant"],
    );
    assert.equal(((await (await api.request("/conversations")).json()) as { conversations: unknown[] }).conversations.length, 1);

    const messageId = conversation.deliver({ kind: "care", rule: "test", reason: "a test", text: "记得喝水哦", lang: "zh" });
    assert.equal(bus.of("message-created").at(-1)?.messageId, messageId);
    assert.deepEqual(conversation.status?.(), { model: { state: "none" }, conversations: 1 });

    assert.equal((await api.request(`/messages/${messages[0]!.id}`, { method: "DELETE" })).status, 200);
    assert.deepEqual(erased, [[messages[0]!.id]]);
    assert.equal(data.overview().find((c) => c.id === "conversations")?.count, 4);
    assert.equal((await api.request("/conversations/default", { method: "DELETE" })).status, 200);
    assert.equal(erased.length, 5);
    assert.deepEqual(conversation.status?.(), { model: { state: "none" }, conversations: 0 });
    await conversation.close?.();
  } finally {
    db.close();
    temp.cleanup();
  }
});
