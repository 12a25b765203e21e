import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { openDatabase, type Db } from "../storage/database.js";
import { makeTempDir } from "../testing/paths.js";
import { runRemindCommand } from "./remind-command.js";
import { createReminderBodySchema, toNewReminder } from "./reminder-api-schema.js";
import { reminderMigrations } from "./reminder-store.js";

const now = new Date("2026-11-24T02:00:00Z");
const timeZone = "Asia/Shanghai";

describe("runRemindCommand", () => {
  let temp: { dir: string; cleanup: () => void };
  let db: Db;
  let output: string[];
  const run = (...args: string[]) => runRemindCommand(args, { db, now, timeZone, output: (t) => output.push(t) });
  const last = () => output.at(-1) ?? "";

  beforeEach(() => {
    temp = makeTempDir();
    db = openDatabase(join(temp.dir, "guimi.db"), [reminderMigrations]);
    output = [];
  });
  afterEach(() => {
    db.close();
    temp.cleanup();
  });

  it("creates from text and confirms in her words", () => {
    assert.equal(run("明天下午三点提醒我给妈妈打电话"), 0);
    assert.match(last(), /^好嘞，明天（11月25日周三）下午3:00提醒你给妈妈打电话～ {2}\(id [0-9a-f]{8}\)\n$/);
  });

  it("--json gives the reminder and the confirmation", () => {
    assert.equal(run("remind", "me", "to", "call", "mom", "tomorrow", "at", "3pm", "--json"), 0);
    const parsed = JSON.parse(last()) as { reminder: { title: string; dueAt: string }; confirmation: string };
    assert.equal(parsed.reminder.title, "call mom");
    assert.equal(parsed.reminder.dueAt, "2026-11-25T07:00:00.000Z");
  });

  it("list, snooze, done, cancel by id", () => {
    run("每天晚上十点提醒我吃药", "--json");
    const id = (JSON.parse(last()) as { reminder: { id: string } }).reminder.id;
    assert.equal(run("list"), 0);
    assert.match(last(), new RegExp(`^${id}  2026-11-24 晚上10:00  吃药  \\(每天\\)`));
    assert.equal(run("snooze", id, "15", "--json"), 0);
    assert.equal((JSON.parse(last()) as { snoozedUntil: string }).snoozedUntil, "2026-11-24T02:15:00.000Z");
    assert.equal(run("done", id), 0);
    assert.equal(run("cancel", id), 0);
    assert.match(last(), /已取消提醒：吃药/);
    assert.equal(run("list", "--json"), 0);
    assert.deepEqual(JSON.parse(last()), []);
    assert.equal(run("list", "--all", "--json"), 0);
    assert.equal((JSON.parse(last()) as unknown[]).length, 1);
  });

  it("bad input exits 2 naming what was wrong", () => {
    assert.equal(run(), 2);
    assert.match(last(), /missing reminder text/);
    assert.equal(run("今天天气怎么样"), 2);
    assert.match(last(), /no reminder time found in "今天天气怎么样"/);
    assert.equal(run("cancel", "nope"), 2);
    assert.match(last(), /unknown reminder id "nope"/);
    run("明天提醒我取快递", "--json");
    const id = (JSON.parse(last()) as { reminder: { id: string } }).reminder.id;
    assert.equal(run("snooze", id, "abc"), 2);
    assert.match(last(), /snooze minutes must be a whole number/);
    assert.equal(run("import", join(temp.dir, "missing.ics")), 2);
    assert.match(last(), /cannot read .*missing\.ics: ENOENT/);
    const bad = join(temp.dir, "bad.ics");
    writeFileSync(bad, "not a calendar");
    assert.equal(run("import", bad), 2);
    assert.match(last(), /bad\.ics: not an iCalendar file/);
    assert.equal(run("今天早上8点提醒我吃早饭"), 2);
    assert.match(last(), /已经过去啦/);
  });

  it("export then import into a fresh database", () => {
    run("明天下午三点提醒我给妈妈打电话");
    run("every weekday at 8am remind me to drink water");
    assert.equal(run("export"), 0);
    const file = join(temp.dir, "out.ics");
    writeFileSync(file, last());
    db.close();
    db = openDatabase(join(temp.dir, "other.db"), [reminderMigrations]);
    assert.equal(run("import", file), 0);
    assert.match(last(), /imported 2 reminder\(s\)/);
    run("list", "--json");
    assert.deepEqual((JSON.parse(last()) as { title: string }[]).map((r) => r.title).sort(), ["drink water", "给妈妈打电话"]);
  });
});

describe("createReminderBodySchema", () => {
  it("accepts text or structured bodies and rejects the rest", () => {
    assert.equal(createReminderBodySchema.safeParse({ text: "明天下午三点提醒我给妈妈打电话" }).success, true);
    assert.equal(
      createReminderBodySchema.safeParse({ title: "call mom", dueAt: "2026-11-25T15:00:00+08:00", rrule: "FREQ=DAILY", timeZone: "Asia/Shanghai" }).success,
      true,
    );
    assert.equal(createReminderBodySchema.safeParse({ text: "" }).success, false);
    assert.equal(createReminderBodySchema.safeParse({ title: "x", dueAt: "tomorrow" }).success, false);
    assert.equal(createReminderBodySchema.safeParse({ title: "x", dueAt: "2026-11-25T15:00:00Z", rrule: "EVERY DAY" }).success, false);
    assert.equal(createReminderBodySchema.safeParse({ title: "x", dueAt: "2026-11-25T15:00:00Z", timeZone: "Mars/Olympus" }).success, false);
    assert.equal(createReminderBodySchema.safeParse({ text: "hi", extra: 1 }).success, false);
  });

  it("turns a body into a reminder with a confirmation", () => {
    const fromText = toNewReminder(createReminderBodySchema.parse({ text: "半小时后提醒我关火" }), { now, timeZone });
    assert.ok(fromText.ok);
    assert.equal(fromText.reminder.dueAt.toISOString(), "2026-11-24T02:30:00.000Z");
    const structured = toNewReminder(createReminderBodySchema.parse({ title: "call mom", dueAt: "2026-11-25T15:00:00+08:00" }), { now, timeZone });
    assert.ok(structured.ok);
    assert.equal(structured.confirmation, "Got it — I'll remind you to call mom tomorrow (Wed, Nov 25) at 3:00 PM.");
    const past = toNewReminder(createReminderBodySchema.parse({ title: "x", dueAt: "2020-01-01T00:00:00Z" }), { now, timeZone });
    assert.equal(past.ok, false);
    const notReminder = toNewReminder(createReminderBodySchema.parse({ text: "今天好累" }), { now, timeZone });
    assert.equal(notReminder.ok, false);
  });
});
