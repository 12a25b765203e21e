// The fast path answers in mount order: crisis, relationship, reminders, memory, then the device's own
// capabilities. Sentences that two skills could claim go to the one she meant.
import assert from "node:assert/strict";
import { test } from "node:test";
import { makeTempDir } from "../testing/paths.js";
import { createGuimiApp } from "./guimi-app.js";

test("reminders before memory: 提醒我记得…吗 sets a reminder, 删掉这条提醒 is about the reminder, 别记这个 still forgets", async () => {
  const temp = makeTempDir();
  const clock = new Date("2026-11-24T02:00:00Z");
  const app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true, now: () => clock });
  try {
    (app.config as { timeZone?: string }).timeZone = "Asia/Shanghai";
    const set = await app.conversation.turn({ text: "明天早上八点提醒我记得吃药好吗" });
    assert.equal(set.source, "reminder");
    assert.equal(app.reminders.list().length, 1);
    const cancelled = await app.conversation.turn({ text: "删掉吃药的提醒" });
    assert.equal(cancelled.source, "reminder");
    assert.equal(app.reminders.list().length, 0);
    const aboutReminder = await app.conversation.turn({ text: "删掉这条提醒" });
    assert.equal(aboutReminder.source, "reminder");
    const forgotten = await app.conversation.turn({ text: "别记这个" });
    assert.equal(forgotten.source, "memory");
    const recalled = await app.conversation.turn({ text: "你还记得我喜欢什么吗" });
    assert.equal(recalled.source, "memory");
  } finally {
    await app.close();
    temp.cleanup();
  }
});
