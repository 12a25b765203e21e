import assert from "node:assert/strict";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { openDatabase, type Db } from "../storage/database.js";
import { makeTempDir } from "../testing/paths.js";
import { evaluateDueReminders } from "./due-reminders.js";
import { createReminderStore, reminderMigrations } from "./reminder-store.js";

const now = new Date("2026-11-24T02:00:00Z");

describe("reminder store", () => {
  let temp: { dir: string; cleanup: () => void };
  let db: Db;
  const open = () => openDatabase(join(temp.dir, "guimi.db"), [reminderMigrations]);

  beforeEach(() => {
    temp = makeTempDir();
    db = open();
  });
  afterEach(() => {
    if (db.open) db.close();
    temp.cleanup();
  });

  it("adds, gets and lists; nothing is lost when the file is reopened", () => {
    const store = createReminderStore(db);
    const a = store.add(
      { title: "给妈妈打电话", lang: "zh", dueAt: new Date("2026-11-25T07:00:00Z"), timeZone: "Asia/Shanghai", sourceText: "明天下午三点提醒我给妈妈打电话" },
      now,
    );
    const b = store.add(
      {
        title: "drink water",
        lang: "en",
        dueAt: new Date("2026-11-25T00:00:00Z"),
        rrule: "FREQ=DAILY;BYHOUR=8;BYMINUTE=0;BYSECOND=0",
        timeZone: "Asia/Shanghai",
      },
      now,
    );
    assert.match(a.id, /^[0-9a-f]{8}$/);
    assert.equal(a.status, "active");
    db.close();
    db = open();
    const reopened = createReminderStore(db);
    assert.deepEqual(reopened.get(a.id), a);
    assert.deepEqual(
      reopened.list().map((r) => r.id),
      [b.id, a.id],
    );
    assert.equal(reopened.get(b.id)?.rrule, "FREQ=DAILY;BYHOUR=8;BYMINUTE=0;BYSECOND=0");
  });

  it("updates, cancels and filters by status", () => {
    const store = createReminderStore(db);
    const a = store.add({ title: "a", lang: "zh", dueAt: now, timeZone: "Asia/Shanghai" }, now);
    store.add({ title: "b", lang: "zh", dueAt: now, timeZone: "Asia/Shanghai" }, now);
    store.update({ ...a, snoozedUntil: new Date("2026-11-24T03:00:00Z") }, now);
    assert.equal(store.get(a.id)?.snoozedUntil?.toISOString(), "2026-11-24T03:00:00.000Z");
    const cancelled = store.cancel(a.id, now);
    assert.equal(cancelled?.status, "cancelled");
    assert.equal(cancelled?.snoozedUntil, undefined);
    assert.equal(store.cancel("nope", now), undefined);
    assert.deepEqual(
      store.list({ status: "active" }).map((r) => r.title),
      ["b"],
    );
    assert.deepEqual(
      store.list({ status: ["cancelled", "done"] }).map((r) => r.title),
      ["a"],
    );
  });

  it("the same occurrence can never fire twice, even after a reopen", () => {
    const store = createReminderStore(db);
    const a = store.add({ title: "a", lang: "zh", dueAt: now, timeZone: "Asia/Shanghai" }, now);
    assert.equal(store.markFired(a.id, now, now, { ...a, status: "done", lastFiredAt: now }), true);
    assert.equal(store.markFired(a.id, now, now), false);
    assert.equal(store.markMissed(a.id, now, now), false);
    db.close();
    db = open();
    const again = createReminderStore(db);
    assert.equal(again.markFired(a.id, now, new Date(now.getTime() + 5000)), false);
    assert.equal(again.get(a.id)?.status, "done");
    assert.deepEqual(
      again.firings(a.id).map((f) => f.outcome),
      ["fired"],
    );
  });

  it("a crash that lost the state update cannot fire the occurrence again", () => {
    const store = createReminderStore(db);
    const a = store.add({ title: "a", lang: "zh", dueAt: now, timeZone: "Asia/Shanghai" }, now);
    // Claim without saving the advanced state, as if the process died right after the claim.
    store.markFired(a.id, now, now);
    const later = new Date(now.getTime() + 10_000);
    const { outcomes } = evaluateDueReminders({ reminders: store.list(), lastCheckedAt: now, now: later });
    assert.equal(outcomes.length, 1);
    const applied = store.applyOutcome(outcomes[0]!, later);
    assert.deepEqual(applied, { fired: [], missed: [] });
    assert.equal(store.get(a.id)?.status, "done");
  });

  it("applyOutcome records fired and missed and advances state in one transaction", () => {
    const store = createReminderStore(db);
    const daily = store.add(
      { title: "喝水", lang: "zh", dueAt: new Date("2026-11-25T00:00:00Z"), rrule: "FREQ=DAILY;BYHOUR=8;BYMINUTE=0;BYSECOND=0", timeZone: "Asia/Shanghai" },
      now,
    );
    const at = new Date("2026-11-27T00:05:00Z");
    const { outcomes } = evaluateDueReminders({ reminders: store.list(), lastCheckedAt: new Date("2026-11-24T12:00:00Z"), now: at });
    const applied = store.applyOutcome(outcomes[0]!, at);
    assert.deepEqual(
      applied.fired.map((d) => d.toISOString()),
      ["2026-11-27T00:00:00.000Z"],
    );
    assert.deepEqual(
      applied.missed.map((d) => d.toISOString()),
      ["2026-11-26T00:00:00.000Z"],
    );
    assert.equal(store.get(daily.id)?.dueAt.toISOString(), "2026-11-28T00:00:00.000Z");
    assert.equal(store.firings(daily.id).length, 2);
  });

  it("keeps lastCheckedAt and removes reminders with their firings", () => {
    const store = createReminderStore(db);
    assert.equal(store.getLastCheckedAt(), null);
    store.setLastCheckedAt(now);
    assert.equal(store.getLastCheckedAt()?.toISOString(), now.toISOString());
    const a = store.add({ title: "a", lang: "zh", dueAt: now, timeZone: "Asia/Shanghai" }, now);
    store.markFired(a.id, now, now);
    assert.equal(store.remove(a.id), true);
    assert.equal(store.get(a.id), undefined);
    const row = db.prepare("SELECT COUNT(*) AS n FROM reminder_firings").get() as { n: number };
    assert.equal(row.n, 0);
  });

  it("rejects invalid rows at the schema level", () => {
    const store = createReminderStore(db);
    assert.throws(() => store.add({ title: "x", lang: "fr" as "zh", dueAt: now, timeZone: "UTC" }, now), /CHECK constraint/);
  });
});
