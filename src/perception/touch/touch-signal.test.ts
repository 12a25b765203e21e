import { test } from "node:test";
import assert from "node:assert/strict";
import { parseTouchEvent, type TouchEvent } from "./touch-event.js";
import { interpretTouch } from "./touch-signal.js";

const now = new Date("2025-03-01T12:00:00Z");
const ev = (pattern: TouchEvent["pattern"], durationMs: number, pressure: number, secondsAgo = 1): TouchEvent => ({
  pattern,
  durationMs,
  pressure,
  at: new Date(now.getTime() - secondsAgo * 1000),
});

test("parseTouchEvent validates at the boundary", () => {
  const e = parseTouchEvent({ pressure: 0.5, durationMs: 3000, pattern: "hug", at: "2025-03-01T11:59:58Z" });
  assert.equal(e.at.toISOString(), "2025-03-01T11:59:58.000Z");
  assert.throws(() => parseTouchEvent({ pressure: 1.5, durationMs: 10, pattern: "tap", at: now }));
  assert.throws(() => parseTouchEvent({ pressure: 0.5, durationMs: 10, pattern: "poke", at: now }));
  assert.throws(() => parseTouchEvent({ pressure: 0.5, durationMs: -1, pattern: "tap", at: now }));
  assert.throws(() => parseTouchEvent({ pressure: 0.5, durationMs: 10, pattern: "tap", at: "not a date" }));
});

test("a long hug is comfort-seeking, and stronger than a short one", () => {
  const long = interpretTouch([ev("hug", 6000, 0.8)], now);
  const short = interpretTouch([ev("hug", 800, 0.3)], now);
  assert.equal(long.signal, "comfort-seeking");
  assert.ok(long.valence < 0);
  assert.ok(long.confidence > short.confidence);
  assert.ok(long.confidence <= 0.7);
});

test("repeated squeezes are comfort-seeking with tension", () => {
  const one = interpretTouch([ev("squeeze", 500, 0.9)], now);
  const many = interpretTouch([ev("squeeze", 500, 0.9, 6), ev("squeeze", 500, 0.9, 4), ev("squeeze", 500, 0.9, 2)], now);
  assert.equal(many.signal, "comfort-seeking");
  assert.ok(many.confidence > one.confidence);
  assert.ok((many.stress ?? 0) > (one.stress ?? 0));
});

test("a run of quick taps is playful; strokes are affectionate", () => {
  const taps = interpretTouch([ev("tap", 120, 0.3, 3), ev("tap", 100, 0.2, 2), ev("tap", 150, 0.3, 1)], now);
  assert.equal(taps.signal, "playful");
  assert.ok(taps.valence > 0.3 && taps.arousal > 0.5);
  const strokes = interpretTouch([ev("stroke", 2500, 0.2)], now);
  assert.equal(strokes.signal, "affectionate");
  assert.ok(strokes.valence > 0 && strokes.arousal < 0.4);
});

test("old or future events are ignored; nothing yields 'none' with zero confidence", () => {
  const result = interpretTouch([ev("hug", 5000, 0.9, 120), ev("hug", 5000, 0.9, -5)], now);
  assert.equal(result.signal, "none");
  assert.equal(result.confidence, 0);
  assert.equal(result.events, 0);
});

test("mixed patterns lower the confidence", () => {
  const clear = interpretTouch([ev("hug", 4000, 0.6)], now);
  const mixed = interpretTouch([ev("hug", 4000, 0.6), ev("stroke", 3000, 0.1), ev("tap", 100, 0.2), ev("tap", 100, 0.2)], now);
  assert.equal(mixed.signal, "comfort-seeking");
  assert.ok(mixed.confidence < clear.confidence);
});
