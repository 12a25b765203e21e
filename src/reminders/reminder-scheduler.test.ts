import assert from "node:assert/strict";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { openDatabase, type Db } from "../storage/database.js";
import { makeTempDir } from "../testing/paths.js";
import { parseReminderRequest } from "./parse-reminder-request.js";
import { createReminderScheduler, type ReminderDueEvent, type ReminderMissedEvent, type TimerFunctions } from "./reminder-scheduler.js";
import { createReminderStore, reminderMigrations } from "./reminder-store.js";

const SH = "Asia/Shanghai";

/** A virtual clock with fake timers: advancing time runs the timers that come due, in order. */
function virtualTime(start: Date) {
  let now = start.getTime();
  let seq = 0;
  const pending = new Map<number, { at: number; callback: () => void }>();
  const timers: TimerFunctions = {
    setTimeout(callback, ms) {
      const id = ++seq;
      pending.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
  };
  return {
    clock: { now: () => new Date(now) },
    timers,
    pendingCount: () => pending.size,
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const next = [...pending.entries()].sort((a, b) => a[1].at - b[1].at)[0];
        if (!next || next[1].at > end) break;
        pending.delete(next[0]);
        now = next[1].at;
        next[1].callback();
      }
      now = end;
    },
    jump(ms: number) {
      now += ms;
    },
  };
}

describe("reminder scheduler", () => {
  let temp: { dir: string; cleanup: () => void };
  let db: Db;
  beforeEach(() => {
    temp = makeTempDir();
    db = openDatabase(join(temp.dir, "guimi.db"), [reminderMigrations]);
  });
  afterEach(() => {
    if (db.open) db.close();
    temp.cleanup();
  });

  function addFromText(text: string, now: Date) {
    const store = createReminderStore(db);
    const r = parseReminderRequest(text, { now, timeZone: SH })!;
    return store.add({ title: r.title, lang: r.lang, dueAt: r.dueAt, ...(r.rrule ? { rrule: r.rrule } : {}), timeZone: SH, sourceText: text }, now);
  }

  it("fires at 15:00 on a virtual clock, once, with her words", () => {
    const t = virtualTime(new Date("2026-11-24T02:00:00Z"));
    addFromText("明天下午三点提醒我给妈妈打电话", t.clock.now());
    const fired: ReminderDueEvent[] = [];
    const scheduler = createReminderScheduler({
      store: createReminderStore(db),
      clock: t.clock,
      timers: t.timers,
      onFire: (e) => fired.push(e),
      onMissed: () => assert.fail("nothing missed"),
      persistEveryMs: 6 * 3600_000,
    });
    scheduler.start();
    t.advance(29 * 3600_000 - 1000); // 14:59:59 the next day
    assert.equal(fired.length, 0);
    t.advance(2000);
    assert.equal(fired.length, 1);
    assert.equal(fired[0]!.message, "到点啦～该给妈妈打电话了哦");
    assert.equal(fired[0]!.occurrenceAt.toISOString(), "2026-11-25T07:00:00.000Z");
    t.advance(3 * 3600_000);
    assert.equal(fired.length, 1);
    scheduler.stop();
    assert.equal(t.pendingCount(), 0);
  });

  it("never sleeps longer than maxSleepMs", () => {
    const t = virtualTime(new Date("2026-11-24T02:00:00Z"));
    const scheduler = createReminderScheduler({
      store: createReminderStore(db),
      clock: t.clock,
      timers: t.timers,
      onFire: () => {},
      onMissed: () => {},
      maxSleepMs: 60_000,
    });
    scheduler.start();
    assert.equal(scheduler.nextCheckAt()?.toISOString(), "2026-11-24T02:01:00.000Z");
    scheduler.stop();
  });

  it("device rebooted at noon: on start it fires what is still fresh and reports what is stale, once", () => {
    const created = new Date("2026-11-24T02:00:00Z");
    addFromText("明天中午12点提醒我给妈妈打电话", created); // 12:00 on the 25th
    addFromText("明天下午1点提醒我开会", created); // 13:00
    addFromText("明天下午三点提醒我取快递", created); // 15:00, still ahead
    const store = createReminderStore(db);
    store.setLastCheckedAt(new Date("2026-11-25T03:30:00Z")); // last seen 11:30, then off
    // Back on at 15:20 local: 12:00 is 3 h 20 late (missed), 13:00 is 2 h 20 late (missed), 15:00 fires.
    const t = virtualTime(new Date("2026-11-25T07:20:00Z"));
    const fired: ReminderDueEvent[] = [];
    const missed: ReminderMissedEvent[] = [];
    const scheduler = createReminderScheduler({ store, clock: t.clock, timers: t.timers, onFire: (e) => fired.push(e), onMissed: (e) => missed.push(e) });
    scheduler.start();
    assert.deepEqual(
      fired.map((e) => e.reminder.title),
      ["取快递"],
    );
    assert.equal(missed.length, 1);
    assert.equal(missed[0]!.message, "你中午关机的时候错过了2个提醒：给妈妈打电话（12:00）、开会（13:00）");
    scheduler.stop();
    // A second start (another reboot) reports nothing again.
    const again = createReminderScheduler({
      store: createReminderStore(db),
      clock: t.clock,
      timers: t.timers,
      onFire: () => assert.fail("fired twice"),
      onMissed: () => assert.fail("missed twice"),
    });
    const check = again.start();
    assert.equal(check.fired.length + (check.missed ? 1 : 0), 0);
    again.stop();
  });

  it("tick() works without timers and a handler error does not stop the others", () => {
    const t = virtualTime(new Date("2026-11-24T02:00:00Z"));
    addFromText("10分钟后提醒我关火", t.clock.now());
    addFromText("10分钟后提醒我关窗", t.clock.now());
    const seen: string[] = [];
    const errors: unknown[] = [];
    const scheduler = createReminderScheduler({
      store: createReminderStore(db),
      clock: t.clock,
      onFire: (e) => {
        seen.push(e.reminder.title);
        if (seen.length === 1) throw new Error("speaker unplugged");
      },
      onMissed: () => {},
      onError: (e) => errors.push(e),
    });
    assert.equal(scheduler.tick().fired.length, 0);
    t.jump(10 * 60_000);
    assert.equal(scheduler.tick().fired.length, 2);
    assert.equal(seen.length, 2);
    assert.equal(errors.length, 1);
    assert.equal(scheduler.tick().fired.length, 0);
  });

  it("a daily reminder fires every day across a week of virtual time", () => {
    const t = virtualTime(new Date("2026-11-24T02:00:00Z"));
    addFromText("每天晚上十点提醒我吃药", t.clock.now());
    const fired: string[] = [];
    const scheduler = createReminderScheduler({
      store: createReminderStore(db),
      clock: t.clock,
      timers: t.timers,
      onFire: (e) => fired.push(e.occurrenceAt.toISOString()),
      onMissed: () => assert.fail("nothing missed"),
      maxSleepMs: 15 * 60_000,
      persistEveryMs: 6 * 3600_000,
    });
    scheduler.start();
    t.advance(7 * 86_400_000);
    assert.equal(fired.length, 7);
    assert.equal(fired[0], "2026-11-24T14:00:00.000Z");
    assert.equal(fired[6], "2026-11-30T14:00:00.000Z");
    scheduler.stop();
  });
});
