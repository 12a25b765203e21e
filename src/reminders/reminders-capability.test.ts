// The reminders capability on its own (no app, no server): a real SQLite file, a fake clock, the router type.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { Hono } from "hono";
import type { ApiEnv } from "../kernel/http.js";
import type { GuimiEvents } from "../kernel/event-bus.js";
import { migrate, openDatabase } from "../storage/database.js";
import { createFakeClock } from "../testing/fake-clock.js";
import { makeTempDir } from "../testing/paths.js";
import { remindersCapability } from "./reminders-capability.js";

test("one value: migrations, fast path, routes, tools, 我的数据 and the scheduler firing through deliver", async () => {
  const temp = makeTempDir();
  const db = openDatabase(join(temp.dir, "guimi.db"), []);
  try {
    const clock = createFakeClock("2026-11-24T02:00:00Z"); // 10:00 in Shanghai
    const said: Omit<GuimiEvents["care-message"], "messageId" | "at">[] = [];
    assert.ok(remindersCapability.migrations);
    migrate(db, [remindersCapability.migrations]);
    const reminders = remindersCapability.create({ db, now: clock.now, timeZone: () => "Asia/Shanghai", deliver: (m) => said.push(m) });

    const [intent] = reminders.intents ?? [];
    assert.ok(intent);
    const turn = { conversationId: "default", userMessageId: 1, now: clock.now(), lang: "zh" as const };
    const set = await intent({ ...turn, text: "十分钟后提醒我喝水" });
    assert.equal(set?.source, "reminder");
    assert.equal(await intent({ ...turn, text: "今天天气不错" }), null);
    assert.equal(reminders.looksComplete("十分钟后提醒我喝水"), true);
    assert.equal(reminders.looksComplete("提醒我"), false);

    const api = new Hono<ApiEnv>();
    reminders.routes?.(api);
    const listed = (await (await api.request("/reminders")).json()) as { reminders: { title: string }[] };
    assert.deepEqual(
      listed.reminders.map((r) => r.title),
      ["喝水"],
    );

    const add = reminders.tools?.find((t) => t.name === "reminders_add");
    assert.ok(add);
    const added = (await add.run(add.input.parse({ text: "remind me in 20 minutes to stretch" }))) as { confirmation: string };
    assert.match(added.confirmation, /stretch/);
    const [category] = reminders.dataCategories ?? [];
    assert.equal(category?.id, "reminders");
    assert.equal(category?.count(), 2);

    reminders.startScheduler(clock.timers);
    clock.advance(11 * 60 * 1000);
    assert.deepEqual(
      said.map((m) => [m.kind, m.rule]),
      [["reminder", "reminder"]],
    );
    assert.match(said[0]?.text ?? "", /喝水/);
    // "好了" right after it rang marks that one done, on the fast path.
    const done = await intent({ ...turn, now: clock.now(), text: "好了" });
    assert.equal(done?.source, "reminder");
    reminders.stopScheduler();
    await reminders.close?.();
  } finally {
    db.close();
    temp.cleanup();
  }
});
