// Integration: crisis words through the real conversation service and the real HTTP API (real SQLite
// file, no model: a crisis reply must never need one). The safety event keeps no words; 我的数据 shows
// and erases it; the help-line card stays until she dismisses it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createGuimiApp, type GuimiApp } from "../../app/guimi-app.js";
import { startDaemon, type RunningDaemon } from "../../server/daemon.js";
import { makeTempDir } from "../../testing/paths.js";

let app: GuimiApp;
let daemon: RunningDaemon;
let clock = new Date("2026-11-24T12:00:00Z");
const temp = makeTempDir();

before(async () => {
  app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true, now: () => clock });
  app.setTimeZone("Asia/Shanghai");
  daemon = await startDaemon(app, { host: "127.0.0.1", port: 0 });
});
after(async () => {
  await daemon.stop();
  await app.close();
  temp.cleanup();
});

const api = (path: string) => new URL(`api/v1/${path}`, daemon.url);
const json = async <T>(response: Response | Promise<Response>) => (await (await response).json()) as T;
const send = (path: string, method: string, body?: unknown) =>
  fetch(api(path), { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
const minutes = (n: number) => (clock = new Date(clock.getTime() + n * 60_000));

test("high risk over HTTP: the safety reply with the region's lines, every time, never the model", async () => {
  for (const text of ["我想自杀", "我已经写好遗书了", "今晚就结束"]) {
    minutes(1);
    const turn = await json<{ source: string; text: string }>(send("chat", "POST", { text, conversationId: "safety-a" }));
    assert.equal(turn.source, "crisis", "a crisis turn is answered on the fast path");
    assert.match(turn.text, /安全吗/);
    assert.match(turn.text, /400-161-9995/);
  }
  const messages = await json<{ messages: { role: string; meta: Record<string, unknown> | null }[] }>(fetch(api("conversations/safety-a/messages")));
  const reply = messages.messages.filter((m) => m.role === "assistant").at(-1)!;
  assert.equal(reply.meta?.crisis, "high");
  assert.equal(reply.meta?.reply, "safety");
});

test("possible risk: a gentle direct question with a line; 'yes' after it is high risk; 'no' is thanked", async () => {
  minutes(200); // out of the earlier care mode
  const ask = await app.conversation.turn({ text: "活着没意思", conversationId: "safety-b" });
  assert.equal(ask.source, "crisis");
  assert.match(ask.text, /伤害自己/);
  assert.match(ask.text, /400-161-9995/);
  minutes(1);
  const yes = await app.conversation.turn({ text: "是的", conversationId: "safety-b" });
  assert.equal(yes.source, "crisis");
  assert.match(yes.text, /安全吗/);
  assert.equal(app.lastCrisis()?.risk, "high");

  minutes(200);
  const ask2 = await app.conversation.turn({ text: "活着没意思", conversationId: "safety-c" });
  assert.match(ask2.text, /伤害自己/);
  minutes(1);
  const no = await app.conversation.turn({ text: "没有", conversationId: "safety-c" });
  assert.equal(no.source, "crisis");
  assert.match(no.text, /谢谢你认真回答我/);
});

test("English in London gets Samaritans, not the US line; her setting and own line win", async () => {
  app.setTimeZone("Europe/London");
  minutes(1);
  const london = await app.conversation.turn({ text: "I want to kill myself tonight", conversationId: "safety-d", lang: "en" });
  assert.match(london.text, /116 123/);
  assert.match(london.text, /999/);
  const patched = await send("settings", "PATCH", { safety: { helplineRegion: "AU", customHelpline: { name: "My GP", phone: "+61 2 1234 5678" } } });
  assert.equal(patched.status, 200);
  minutes(1);
  const au = await app.conversation.turn({ text: "I want to kill myself tonight", conversationId: "safety-d", lang: "en" });
  assert.match(au.text, /My GP: \+61 2 1234 5678/);
  assert.match(au.text, /13 11 14/);
  const bad = await send("settings", "PATCH", { safety: { helplineRegion: "XX" } });
  assert.equal(bad.status, 400);
  assert.match((await json<{ error: { message: string } }>(bad)).error.message, /helplineRegion/);
  const badPhone = await send("settings", "PATCH", { safety: { customHelpline: { name: "x", phone: "call me maybe" } } });
  assert.equal(badPhone.status, 400);
  await send("settings", "PATCH", { safety: { helplineRegion: "auto", customHelpline: null } });
  app.setTimeZone("Asia/Shanghai");
});

test("safety events keep no words, show in 我的数据, and can be erased; the card stays until dismissed", async () => {
  const overview = await json<{ categories: { id: string; count: number; title: { zh: string; en: string } }[] }>(fetch(api("data")));
  const safety = overview.categories.find((c) => c.id === "safety")!;
  assert.equal(safety.title.zh, "安全事件");
  assert.ok(safety.count >= 5);
  const items = await json<{ items: { summary: string; detail: Record<string, unknown> }[] }>(fetch(api("data/safety")));
  for (const item of items.items) {
    assert.deepEqual(Object.keys(item.detail).sort(), ["at", "dismissedAt", "id", "layer", "reply", "risk"]);
    assert.doesNotMatch(JSON.stringify(item), /自杀|遗书|kill|disappear|没意思/);
  }
  const row = app.db.prepare("SELECT * FROM crisis_safety_events LIMIT 1").get() as Record<string, unknown>;
  assert.deepEqual(Object.keys(row).sort(), ["at", "conversation_id", "dismissed_at", "id", "layer", "reply", "risk"]);

  const card = await json<{ card: { helplines: { phone: string }[]; emergency: string } | null }>(fetch(api("safety/card")));
  assert.ok(card.card);
  assert.equal(card.card.helplines[0]!.phone, "400-161-9995");
  assert.equal((await send("safety/card/dismiss", "POST", { id: "nope" })).status, 400);
  const dismissed = await json<{ dismissed: number }>(send("safety/card/dismiss", "POST", {}));
  assert.ok(dismissed.dismissed >= 1);
  assert.equal((await json<{ card: unknown }>(fetch(api("safety/card")))).card, null);

  const erased = await json<{ erased: number }>(send("data/safety", "DELETE"));
  assert.ok(erased.erased >= 5);
  assert.equal((await json<{ items: unknown[] }>(fetch(api("data/safety")))).items.length, 0);
});

test("hyperbole on a good day stays with the normal conversation", async () => {
  minutes(300);
  for (const text of ["笑死我了", "今天累死了", "this traffic is killing me"]) {
    const turn = await app.conversation.turn({ text, conversationId: "safety-e" });
    assert.notEqual(turn.source, "crisis", text);
  }
});
