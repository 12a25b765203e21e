// Integration: reminders through conversation, the HTTP API, "我的数据", and firing across a restart,
// on a virtual clock and a real SQLite file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createGuimiApp } from "../app/guimi-app.js";
import { startDaemon } from "../server/daemon.js";
import { makeTempDir } from "../testing/paths.js";
import type { GuimiEvents } from "../kernel/event-bus.js";

test("set by voice/text without the model, listed over the API, fired once by the scheduler, missed while off is reported after restart", async () => {
  const temp = makeTempDir();
  let clock = new Date("2026-11-24T02:00:00Z"); // 10:00 in Shanghai
  const now = () => clock;
  try {
    let app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true, now });
    (app.config as { timeZone?: string }).timeZone = "Asia/Shanghai";
    const turn = await app.conversation.turn({ text: "下午三点提醒我给妈妈打电话" });
    assert.equal(turn.source, "reminder");
    assert.match(turn.text, /给妈妈打电话/);
    assert.match(turn.text, /3:00|三点|15:00/);
    const list = await app.conversation.turn({ text: "我有哪些提醒" });
    assert.match(list.text, /1个提醒/);

    const daemon = await startDaemon(app, { host: "127.0.0.1", port: 0 });
    const api = (path: string) => new URL(`api/v1/${path}`, daemon.url);
    const listed = (await (await fetch(api("reminders"))).json()) as { reminders: { id: string; title: string; nextAt: string }[] };
    assert.equal(listed.reminders.length, 1);
    assert.equal(listed.reminders[0]?.nextAt, "2026-11-24T07:00:00.000Z");
    const bad = await fetch(api("reminders"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "今天天气不错" }),
    });
    assert.equal(bad.status, 400);
    const added = await fetch(api("reminders"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "remind me to stretch in 20 minutes" }),
    });
    assert.equal(added.status, 200);
    const { reminder: stretch } = (await added.json()) as { reminder: { id: string } };
    const ics = await (await fetch(api("reminders/export.ics"))).text();
    assert.match(ics, /BEGIN:VCALENDAR/);
    assert.match(ics, /给妈妈打电话/);
    const data = (await (await fetch(api("data"))).json()) as { categories: { id: string; count: number }[] };
    assert.equal(data.categories.find((c) => c.id === "reminders")?.count, 2);
    await daemon.stop();

    // The stretch reminder fires at 10:20, exactly once.
    const fired: GuimiEvents["care-message"][] = [];
    app.bus.on("care-message", (m) => fired.push(m));
    app.startBackground();
    clock = new Date("2026-11-24T02:21:00Z");
    await app.close();
    app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true, now });
    app.bus.on("care-message", (m) => fired.push(m));
    app.startBackground();
    assert.equal(fired.length, 1, JSON.stringify(fired));
    assert.equal(fired[0]?.kind, "reminder");
    assert.equal(fired[0]?.reminderId, stretch.id);
    assert.match(fired[0]?.reason ?? "", /stretch/);
    // "snooze 10 minutes" right after it rang refers to it.
    const snoozed = await app.conversation.turn({ text: "十分钟后再提醒我" });
    assert.match(snoozed.text, /10分钟后/);
    await app.close();

    // Off from 10:21 to 18:00: the 15:00 call-mom reminder passed while off and is reported missed, once.
    clock = new Date("2026-11-24T10:00:00Z");
    app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true, now });
    const afterRestart: GuimiEvents["care-message"][] = [];
    app.bus.on("care-message", (m) => afterRestart.push(m));
    app.startBackground();
    const missed = afterRestart.filter((m) => m.kind === "missed-reminder");
    assert.equal(missed.length, 1, JSON.stringify(afterRestart));
    assert.match(missed[0]?.text ?? "", /给妈妈打电话/);
    await app.close();
    app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true, now });
    const again: GuimiEvents["care-message"][] = [];
    app.bus.on("care-message", (m) => again.push(m));
    app.startBackground();
    assert.equal(again.filter((m) => m.text.includes("给妈妈打电话")).length, 0);
    const care = app.store.list("default", { limit: 100 }).filter((m) => m.role === "care");
    assert.ok(care.every((m) => typeof m.meta?.rule === "string" && typeof m.meta?.reason === "string"));
    await app.close();
  } finally {
    temp.cleanup();
  }
});

test("a minutely reminder from a week ago answers at once, keeps the daemon answering and does not stall a restart; dense rules and malformed .ics are 400s", {
  timeout: 30_000,
}, async () => {
  const temp = makeTempDir();
  let clock = new Date("2026-11-24T02:00:00Z");
  const now = () => clock;
  let app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true, now });
  let daemon = await startDaemon(app, { host: "127.0.0.1", port: 0 });
  try {
    const post = (path: string, body: unknown, contentType = "application/json") =>
      fetch(new URL(`api/v1/${path}`, daemon.url), {
        method: "POST",
        headers: { "content-type": contentType },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
    const weekAgo = new Date(clock.getTime() - 7 * 86_400_000).toISOString();
    const added = await post("reminders", { title: "x", dueAt: weekAgo, rrule: "FREQ=MINUTELY" });
    assert.equal(added.status, 200);
    const { reminder } = (await added.json()) as { reminder: { id: string; dueAt: string } };
    // Stored from its next occurrence, not from a week back.
    assert.equal(reminder.dueAt, "2026-11-24T02:01:00.000Z");
    const listed = await fetch(new URL("api/v1/reminders", daemon.url));
    assert.equal(listed.status, 200);

    for (const rrule of ["FREQ=SECONDLY", "FREQ=MINUTELY;BYSECOND=0,20,40", "FREQ=MINUTELY;INTERVAL=0"]) {
      const dense = await post("reminders", { title: "x", dueAt: weekAgo, rrule });
      assert.equal(dense.status, 400, rrule);
      assert.match(JSON.stringify(await dense.json()), /rrule/, rrule);
    }

    const ics = (dtstart: string, rrule = "") =>
      `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:u1\r\nSUMMARY:stretch\r\nDTSTART:${dtstart}\r\n${rrule ? `RRULE:${rrule}\r\n` : ""}END:VEVENT\r\nEND:VCALENDAR\r\n`;
    const garbage = await post("reminders/import", ics("garbage"), "text/calendar");
    assert.equal(garbage.status, 400);
    const garbageBody = JSON.stringify(await garbage.json());
    assert.match(garbageBody, /DTSTART/);
    assert.match(garbageBody, /line 7/);
    const imported = await post("reminders/import", ics("20191124T020000Z", "FREQ=MINUTELY"), "text/calendar");
    assert.equal(imported.status, 200);
    const importedBody = (await imported.json()) as { imported: { dueAt: string }[]; skipped: unknown[] };
    assert.equal(importedBody.imported[0]?.dueAt, "2026-11-24T02:01:00.000Z");
    const denseImport = (await (await post("reminders/import", ics("20191124T020000Z", "FREQ=SECONDLY"), "text/calendar")).json()) as {
      skipped: { reason: string }[];
    };
    assert.match(denseImport.skipped[0]?.reason ?? "", /SECONDLY/);
    // Thirty minutely events in one file: twenty may ring that often (two already do), the rest are reported.
    const events = Array.from(
      { length: 30 },
      (_, i) => `BEGIN:VEVENT\r\nUID:m${i}\r\nSUMMARY:m${i}\r\nDTSTART:20191124T020000Z\r\nRRULE:FREQ=MINUTELY\r\nEND:VEVENT\r\n`,
    ).join("");
    const many = (await (
      await post("reminders/import", `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n${events}END:VCALENDAR\r\n`, "text/calendar")
    ).json()) as { imported: unknown[]; skipped: { reason: string }[] };
    assert.equal(many.imported.length, 18);
    assert.equal(many.skipped.length, 12);
    assert.ok(many.skipped.every((s) => /more than once an hour/.test(s.reason)));
    await daemon.stop();
    await app.close();

    // A week later the stored occurrences are a week old: opening the app settles them in one step.
    clock = new Date(clock.getTime() + 7 * 86_400_000);
    app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true, now });
    const fired: GuimiEvents["care-message"][] = [];
    app.bus.on("care-message", (m) => fired.push(m));
    app.startBackground();
    daemon = await startDaemon(app, { host: "127.0.0.1", port: 0 });
    const after = (await (await fetch(new URL("api/v1/reminders", daemon.url))).json()) as { reminders: { dueAt: string }[] };
    assert.ok(
      after.reminders.every((r) => r.dueAt === "2026-12-01T02:01:00.000Z"),
      JSON.stringify(after),
    );
    assert.ok(fired.length >= 1);
  } finally {
    await daemon.stop();
    await app.close();
    temp.cleanup();
  }
});
