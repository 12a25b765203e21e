import { test } from "node:test";
import assert from "node:assert/strict";
import { ACTION_COOLDOWN_MS, DEFAULT_GESTURE_MAPPINGS, interpretFrame, isWave, newStreamState, PRESENCE_GAP_MS, type StreamState } from "./gesture-meaning.js";
import type { Gesture, HandReading } from "./vision-result.js";

const t0 = new Date("2026-12-01T14:00:00Z").getTime();
const hand = (gesture: Gesture, x = 100): HandReading => ({ gesture, box: { x, y: 100, width: 60, height: 80 }, handedness: "unknown", confidence: 0.9 });
const frame = (hands: HandReading[], people = 1) => ({ hands, people, faces: [], width: 640 });

function run(frames: { at: number; hands: HandReading[]; people?: number }[], mappings = DEFAULT_GESTURE_MAPPINGS) {
  let state: StreamState = newStreamState();
  return frames.map((f) => {
    const meaning = interpretFrame(state, frame(f.hands, f.people ?? 1), new Date(f.at), mappings);
    state = meaning.state;
    return meaning;
  });
}

test("an open palm stops once while held, and again after the cooldown; a thumbs-up says yes", () => {
  const out = run([
    { at: t0, hands: [hand("open-palm")] },
    { at: t0 + 1000, hands: [hand("open-palm")] },
    { at: t0 + ACTION_COOLDOWN_MS + 1000, hands: [hand("open-palm")] },
    { at: t0 + ACTION_COOLDOWN_MS + 2000, hands: [hand("thumbs-up")] },
    { at: t0 + ACTION_COOLDOWN_MS + 3000, hands: [hand("fist"), hand("point", 300)] },
  ]);
  assert.deepEqual(
    out.map((m) => m.actions),
    [["stop"], [], ["stop"], ["yes"], []],
  );
});

test("each mapping can be switched off", () => {
  const out = run([{ at: t0, hands: [hand("open-palm"), hand("thumbs-up", 400)] }], { openPalmStop: false, thumbsUpYes: false, waveGreet: true });
  assert.deepEqual(out[0]!.actions, []);
});

test("a hand swinging across the frame is a wave, a hand held still or sliding once is not", () => {
  const swing = [100, 250, 100, 250].map((x, i) => ({ at: t0 + i * 300, hands: [hand("open-palm", x)] }));
  const waved = run(swing, { ...DEFAULT_GESTURE_MAPPINGS, openPalmStop: false });
  assert.deepEqual(
    waved.map((m) => m.actions.includes("greet")),
    [false, false, true, false],
  );
  assert.equal(isWave([0.1, 0.2, 0.3, 0.4].map((x, i) => ({ at: i, x }))), false, "one slide");
  assert.equal(isWave([0.3, 0.31, 0.3, 0.31].map((x, i) => ({ at: i, x }))), false, "held still");
  // Too slow: the frames fall out of the window.
  const slow = [100, 250, 100, 250].map((x, i) => ({ at: t0 + i * 4000, hands: [hand("fist", x)] }));
  assert.ok(run(slow).every((m) => !m.actions.includes("greet")));
  assert.ok(run(swing, { ...DEFAULT_GESTURE_MAPPINGS, waveGreet: false }).every((m) => !m.actions.includes("greet")));
});

test("presence: how long she has been there, and coming back after a while is a return", () => {
  const out = run([
    { at: t0, hands: [] },
    { at: t0 + 60_000, hands: [] },
    { at: t0 + 120_000, hands: [], people: 0 },
    { at: t0 + 130_000, hands: [] },
    { at: t0 + 130_000 + PRESENCE_GAP_MS + 1, hands: [], people: 0 },
    { at: t0 + 140_000 + PRESENCE_GAP_MS * 2, hands: [] },
  ]);
  assert.deepEqual(
    out.map((m) => m.present),
    [true, true, false, true, false, true],
  );
  assert.deepEqual(
    out.map((m) => m.presentForMs),
    [0, 60_000, 0, 130_000, 0, 0],
  );
  assert.deepEqual(
    out.map((m) => m.arrived),
    [true, false, false, false, false, true],
  );
  assert.deepEqual(
    out.map((m) => m.returned),
    [false, false, false, false, false, true],
  );
});
