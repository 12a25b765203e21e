// The frame-rate policy: what runs on a frame and how soon the next one comes, from what was seen.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ACTIVE_FACES_EVERY_MS,
  afterFrame,
  HAND_FRAME_MS,
  HAND_HOLD_MS,
  IDLE_FACES_EVERY_MS,
  IDLE_FRAME_MS,
  MOTION_HOLD_MS,
  newWatch,
  nextFrameDelayMs,
  OFFER_WATCH_MS,
  planFrame,
  PRESENCE_REFRESH_MS,
  shouldRead,
  WATCH_FRAME_MS,
  type Surroundings,
  type Watch,
} from "./frame-rate.js";

const t = 1_000_000;
const calm: Surroundings = { talkingUntil: null, offerAt: null };
const settled: Watch = { lastHandAt: null, lastMovedAt: t - 60_000, lastPresenceAt: t - 2000, lastFacesAt: t - 5000, present: true };

test("a still scene runs no model at all, until presence is due again", () => {
  assert.deepEqual(planFrame(settled, calm, "still", t), { mode: "idle", why: null, hands: false, closeUps: false, bodies: false, faces: false });
  const refresh = planFrame({ ...settled, lastPresenceAt: t - PRESENCE_REFRESH_MS }, calm, "still", t);
  assert.deepEqual([refresh.bodies, refresh.hands, refresh.faces], [true, false, false]);
  assert.equal(nextFrameDelayMs(settled, calm, t), IDLE_FRAME_MS);
});

test("a stir (someone shifting in her seat) is a presence check only", () => {
  const plan = planFrame(settled, calm, "stir", t);
  assert.deepEqual([plan.mode, plan.bodies, plan.hands, plan.faces], ["idle", true, false, false]);
});

test("with someone there and nothing happening, her expression is read every 15 s; with nobody, never", () => {
  const due = { ...settled, lastFacesAt: t - IDLE_FACES_EVERY_MS };
  assert.deepEqual([planFrame(due, calm, "still", t).faces, planFrame(due, calm, "still", t).bodies], [true, true]);
  assert.equal(planFrame({ ...due, present: false }, calm, "still", t).faces, false);
  assert.equal(planFrame({ ...settled, lastFacesAt: null }, calm, "still", t).faces, true);
});

test("movement, a hand, talk or a fresh offer: the full pipeline, faster", () => {
  const moved = planFrame(settled, calm, "move", t);
  assert.deepEqual([moved.mode, moved.why, moved.hands, moved.bodies], ["active", "motion", true, true]);
  assert.equal(moved.faces, t - settled.lastFacesAt! >= ACTIVE_FACES_EVERY_MS);

  const hand = { ...settled, lastHandAt: t - 1000 };
  assert.equal(planFrame(hand, calm, "still", t).why, "hand");
  assert.equal(nextFrameDelayMs(hand, calm, t), HAND_FRAME_MS);
  assert.equal(nextFrameDelayMs({ ...settled, lastHandAt: t - HAND_HOLD_MS }, calm, t), IDLE_FRAME_MS);

  const talking = { talkingUntil: t + 10, offerAt: null };
  assert.equal(planFrame(settled, talking, "still", t).why, "talking");
  assert.equal(nextFrameDelayMs(settled, talking, t), WATCH_FRAME_MS);
  assert.equal(planFrame(settled, { talkingUntil: t, offerAt: null }, "still", t).mode, "idle");
  assert.equal(planFrame({ ...settled, present: false }, talking, "still", t).mode, "idle", "nobody in view to gesture");
  // The padded second look for close-ups only when something came in or a hand was up.
  assert.equal(planFrame(settled, talking, "still", t).closeUps, false);
  assert.equal(planFrame(settled, calm, "move", t).closeUps, true);
  assert.equal(planFrame(hand, calm, "still", t).closeUps, true);

  assert.equal(planFrame(settled, { talkingUntil: null, offerAt: t - 30_000 }, "still", t).why, "offer");
  assert.equal(planFrame(settled, { talkingUntil: null, offerAt: t - OFFER_WATCH_MS }, "still", t).mode, "idle");

  assert.equal(planFrame({ ...settled, lastMovedAt: t - 500 }, calm, "still", t).why, "motion");
  assert.equal(planFrame({ ...settled, lastMovedAt: t - MOTION_HOLD_MS }, calm, "still", t).mode, "idle");
});

test("the watch remembers only what ran: a skipped frame changes no time but the motion", () => {
  const skipped = afterFrame(settled, planFrame(settled, calm, "still", t), { hands: 0, people: 0 }, "still", t);
  assert.deepEqual(skipped, settled, "nobody seen by a model that did not run is not nobody");
  const plan = planFrame(settled, calm, "move", t);
  const after = afterFrame(settled, plan, { hands: 1, people: 0 }, "move", t);
  assert.deepEqual(after, { lastHandAt: t, lastMovedAt: t, lastPresenceAt: t, lastFacesAt: plan.faces ? t : settled.lastFacesAt, present: false });
});

test("a first frame reads everything; a clock gone back counts as long ago; the capture reads at the policy's rate", () => {
  const first = planFrame(newWatch(), calm, "move", t);
  assert.deepEqual([first.faces, first.hands, first.bodies], [true, true, true]);
  const future = { ...settled, lastPresenceAt: t + 60_000, lastHandAt: t + 1000 };
  assert.equal(planFrame(future, calm, "still", t).bodies, true);
  assert.equal(planFrame(future, calm, "still", t).why, null);
  assert.equal(shouldRead(t - 300, settled, calm, t), false);
  assert.equal(shouldRead(t - 300, { ...settled, lastHandAt: t - 100 }, calm, t), true);
  assert.equal(shouldRead(t - 990, settled, calm, t), true);
  assert.equal(shouldRead(null, settled, calm, t), true);
});
