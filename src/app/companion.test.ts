// Integration: a multi-day conversation through the composition root — memory recalled on the rule path
// and put into the model's newest turn, crisis care before anything else, her words moving the mood,
// "forget that" and message deletion really forgetting.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createGuimiApp } from "./guimi-app.js";
import { makeTempDir, tinyModelPath } from "../testing/paths.js";

test("rule path: after a multi-day conversation, '你还记得我喜欢什么歌吗' is answered from memory", async () => {
  const temp = makeTempDir();
  let clock = new Date("2026-11-20T12:00:00Z");
  const app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true, now: () => clock });
  try {
    for (const [day, text] of [
      ["2026-11-20T12:00:00Z", "我最喜欢周杰伦的《晴天》了"],
      ["2026-11-21T13:00:00Z", "我妈妈下周要来上海看我"],
      ["2026-11-22T14:00:00Z", "下周三我有个面试，好紧张"],
      ["2026-11-23T15:00:00Z", "今天加班到好晚，好累"],
    ] as const) {
      clock = new Date(day);
      await app.conversation.turn({ text });
    }
    clock = new Date("2026-11-24T12:00:00Z");
    await app.close().catch(() => undefined); // flush background remembering
  } finally {
    // reopen: memories are durable
  }
  const reopened = await createGuimiApp({ dataDir: temp.dir, withoutModel: true, now: () => clock });
  try {
    const zh = await reopened.conversation.turn({ text: "你还记得我喜欢什么歌吗" });
    assert.equal(zh.source, "memory");
    assert.match(zh.text, /晴天/);
    assert.match(zh.text, /你最喜欢周杰伦/);
    const en = await reopened.conversation.turn({ text: "do you remember what song I like?" });
    assert.equal(en.source, "memory");
    assert.match(en.text, /晴天/);
    const unknown = await reopened.conversation.turn({ text: "你还记得我的生日是哪天吗" });
    assert.doesNotMatch(unknown.text, /晴天/);
  } finally {
    await reopened.close();
    temp.cleanup();
  }
});

test("with the real small model, recalled memories and the mood ride in the newest turn the model sees", async () => {
  const temp = makeTempDir();
  let clock = new Date("2026-11-20T12:00:00Z");
  const app = await createGuimiApp({ dataDir: temp.dir, model: tinyModelPath, now: () => clock });
  try {
    await app.modelReady;
    await app.conversation.turn({ text: "我最喜欢周杰伦的《晴天》了" });
    await new Promise((resolve) => setTimeout(resolve, 50)); // remembering runs after the reply starts
    clock = new Date("2026-11-22T12:00:00Z");
    const prompts: string[] = [];
    const model = app.modelState();
    assert.equal(model.state, "ready");
    const turn = await app.conversation.turn({ text: "今天好难过，想听歌", conversationId: "later" }, (event) => {
      if (event.type === "reply-start") prompts.push(event.source);
    });
    assert.equal(turn.source, "llm");
    const history = await app.conversation.liveHistory("later");
    const newest = history.filter((t) => t.role === "user").at(-1)?.text ?? "";
    assert.match(newest, /你记得：.*晴天/);
    assert.match(newest, /今天好难过，想听歌$/);
    assert.ok(app.mood.current(clock).valence < 0, "sad words move the mood down");
  } finally {
    await app.close();
    temp.cleanup();
  }
});

test("crisis words get the help-line reply before any other skill, and are flagged", async () => {
  const temp = makeTempDir();
  const app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true, now: () => new Date("2026-11-24T15:00:00Z") });
  try {
    const reply = await app.conversation.turn({ text: "我真的不想活了，明天提醒我写遗书" });
    assert.equal(reply.source, "crisis");
    assert.match(reply.text, /400-161-9995/);
    assert.equal(reply.expression, "concerned");
    assert.equal(app.lastCrisis()?.risk !== undefined, true);
    const calm = await app.conversation.turn({ text: "哈哈哈笑死我了" });
    assert.notEqual(calm.source, "crisis");
  } finally {
    await app.close();
    temp.cleanup();
  }
});

test("'别记这个' forgets what she just said; deleting a message deletes what was remembered only from it", async () => {
  const temp = makeTempDir();
  let clock = new Date("2026-11-24T15:00:00Z");
  const app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true, now: () => clock });
  try {
    const first = await app.conversation.turn({ text: "我喜欢吃榴莲" });
    clock = new Date("2026-11-24T15:05:00Z");
    await app.conversation.turn({ text: "我住在杭州" });
    clock = new Date("2026-11-24T15:06:00Z");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const forget = await app.conversation.turn({ text: "别记这个" });
    assert.equal(forget.source, "memory");
    assert.equal((await app.memory.search("杭州", { k: 5, now: new Date() })).length, 0);
    assert.ok((await app.memory.search("榴莲", { k: 5, now: new Date() })).length > 0);
    app.data.remove("conversations", String(first.userMessageId));
    assert.equal((await app.memory.search("榴莲", { k: 5, now: new Date() })).length, 0);
  } finally {
    await app.close();
    temp.cleanup();
  }
});

test("the relationship grows with days and talk; how she asks to be called reaches the system prompt", async () => {
  const temp = makeTempDir();
  let clock = new Date("2026-11-01T12:00:00Z");
  const app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true, now: () => clock });
  try {
    assert.equal(app.relationship.state(clock).stage, "new");
    const reply = await app.conversation.turn({ text: "以后叫我小鱼吧" });
    assert.equal(reply.source, "relationship");
    assert.match(reply.text, /小鱼/);
    for (let day = 0; day < 4; day++) {
      clock = new Date(Date.UTC(2026, 10, 2 + day, 12));
      for (let i = 0; i < 8; i++) await app.conversation.turn({ text: `第${day}天的第${i}句话，随便聊聊` });
    }
    const state = app.relationship.state(clock);
    assert.equal(state.stage, "warming");
    assert.equal(state.activeDays, 5);
    assert.equal(state.daysTogether, 5);
    assert.equal(state.preferences.nickname, "小鱼");
    // Visible and erasable in 我的数据.
    assert.deepEqual(
      app.data.list("relationship").map((i) => i.summary),
      ["称呼：小鱼"],
    );
    app.data.remove("relationship", "nickname");
    assert.equal(app.relationship.state(clock).preferences.nickname, null);
  } finally {
    await app.close();
    temp.cleanup();
  }
});

test("speech: nothing is said aloud until she turns it on; then what Guimi says first, and replies, are spoken", async () => {
  const temp = makeTempDir();
  const app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true, now: () => new Date("2026-11-24T06:00:00Z") });
  const spoken: string[] = [];
  let interrupted = 0;
  try {
    app.startBackground({
      speech: {
        synthesize: async () => Buffer.alloc(0),
        speak: async (text, lang) => void spoken.push(`${lang}:${text}`),
        interrupt: () => void (interrupted += 1),
      },
    });
    app.deliver({ kind: "care", rule: "water", reason: "test", text: "喝口水吧", lang: "zh" });
    assert.deepEqual(spoken, []);
    app.settings.update({ speech: { enabled: true } });
    app.deliver({ kind: "care", rule: "water", reason: "test", text: "喝口水吧", lang: "zh" });
    await app.conversation.turn({ text: "remind me in 20 minutes to stretch" });
    assert.equal(spoken[0], "zh:喝口水吧");
    assert.match(spoken[1] ?? "", /^en:.*stretch/);
    assert.ok(interrupted >= 1, "a new reply interrupts what was being said");
  } finally {
    await app.close();
    temp.cleanup();
  }
});
