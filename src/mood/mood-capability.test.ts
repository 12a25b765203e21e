// The mood capability on its own: her words perceived into the mood (real text-emotion weights), the
// screens told, /api/v1/mood, the tool and 我的数据 — a real SQLite file, no app.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { Hono } from "hono";
import type { ApiEnv } from "../kernel/http.js";
import { migrate, openDatabase } from "../storage/database.js";
import { createFakeClock } from "../testing/fake-clock.js";
import { makeTempDir } from "../testing/paths.js";
import { RecordingBus } from "../testing/recording-bus.js";
import { moodCapability } from "./mood-capability.js";

test("perceives her words before the reply, tells the screens, and serves what it knows", async () => {
  const temp = makeTempDir();
  const db = openDatabase(join(temp.dir, "guimi.db"), []);
  try {
    const clock = createFakeClock("2026-11-24T02:00:00Z");
    const bus = new RecordingBus();
    assert.ok(moodCapability.migrations);
    migrate(db, [moodCapability.migrations]);
    const mood = moodCapability.create({
      db,
      bus,
      now: clock.now,
      timeZone: () => "Asia/Shanghai",
      earlierMessages: () => [],
    });
    const neutral = mood.service.current(clock.now()).valence;
    await mood.perceive?.({ conversationId: "default", userMessageId: 1, now: clock.now(), lang: "zh", text: "我今天特别难过，哭了一晚上" });
    const after = mood.service.current(clock.now());
    assert.ok(after.valence < neutral, `sad words move the mood down (${after.valence})`);
    assert.equal(bus.of("mood-changed").length, 1);
    assert.equal(mood.expression(clock.now()), bus.of("mood-changed")[0]?.expression);
    assert.ok(mood.promptLine(clock.now(), "zh"));

    const api = new Hono<ApiEnv>();
    mood.routes?.(api);
    const served = (await (await api.request("/mood?days=3")).json()) as { current: { valence: number; expression: string }; trend: unknown[] };
    assert.equal(served.current.valence, after.valence);
    assert.equal(served.trend.length, 3);
    const tool = mood.tools?.find((t) => t.name === "mood_current");
    assert.equal(((await tool?.run({})) as { valence: number } | undefined)?.valence, after.valence);
    const [category] = mood.dataCategories ?? [];
    assert.equal(category?.id, "mood");
    assert.ok((category?.count() ?? 0) >= 1);
  } finally {
    db.close();
    temp.cleanup();
  }
});
