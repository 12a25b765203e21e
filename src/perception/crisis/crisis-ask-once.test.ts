// The check question is asked once: after her "no", the classifier alone hearing sadness again leaves the
// turn to the model (in care mode) instead of asking the same question again; explicit words still get the
// reply every time. Real SQLite file; the classifier is a stand-in behind its port, so the policy is tested
// apart from whatever the trained weights score.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { openDatabase } from "../../storage/database.js";
import { makeTempDir } from "../../testing/paths.js";
import type { CrisisClassifier } from "./crisis-classifier.js";
import { crisisCapability } from "./crisis-capability.js";
import type { CrisisContextTurn } from "./crisis-detector.js";

const SAD = "I just feel so empty and heavy every single day";
const stub: CrisisClassifier = {
  score: (text) => (text.toLowerCase().includes("empty and heavy") ? 0.8 : 0.01),
  thresholdsFor: () => ({ possible: 0.5, high: 0.99, ambiguous: 0.1 }),
};

test("after her no, a classifier-only 'possible' is not asked again; an explicit statement still is", async () => {
  const temp = makeTempDir();
  const db = openDatabase(join(temp.dir, "guimi.db"), [crisisCapability.migrations!]);
  try {
    let now = new Date("2026-12-02T12:00:00Z");
    const turns: CrisisContextTurn[] = [];
    const crisis = crisisCapability.create({
      db,
      now: () => now,
      timeZone: () => "Europe/London",
      preference: () => ({ helplineRegion: "auto", customHelpline: null }),
      lang: () => "en",
      recentTurns: () => turns.slice(-8),
      lowMoodDays: () => 0,
      classifier: stub,
    });
    let id = 0;
    const say = async (text: string) => {
      now = new Date(now.getTime() + 60_000);
      const reply = await crisis.intents[0]({ conversationId: "c", text, lang: "en", now, userMessageId: ++id });
      turns.push({ role: "user", text, at: now });
      const c = reply?.meta?.crisis;
      turns.push({ role: "assistant", text: reply?.text ?? "(the model)", at: now, ...(c === "possible" || c === "high" ? { crisis: c } : {}) });
      return reply;
    };

    const first = await say(SAD);
    assert.equal(first?.meta?.crisis, "possible", "the first time, the gentle question");
    assert.match(first!.text, /hurt/i);
    assert.equal((await say("no"))?.meta?.reply, "denied");
    assert.equal(await say(SAD), null, "the same sadness again: the model answers, in care mode");
    assert.ok(crisis.careModeLine(now, "en"), "care mode goes on");
    assert.equal((await say("I want to kill myself"))?.meta?.crisis, "high", "explicit words: the safety reply, every time");

    // Hours later (out of the window), the question may be asked again.
    turns.length = 0;
    now = new Date(now.getTime() + 3 * 3_600_000);
    assert.equal((await say(SAD))?.meta?.crisis, "possible");
  } finally {
    db.close();
    temp.cleanup();
  }
});
