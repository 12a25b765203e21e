// How often to look, and with what. While nothing happens: about one frame a second through the motion
// gate, a presence check when the scene stirs (or every 10 s anyway), her expression every 15 s while
// someone is there. While something happens (movement, a hand up; with her in view, she or Guimi
// talking, or an offer just made that a thumbs-up may answer): hands, presence and expression, 2–4 frames a second.
// Pure: what was seen and when, in; the plan for this frame and the next delay, out.
import type { MotionLevel } from "./motion-gate.js";

export const IDLE_FRAME_MS = 1000;
/** While a hand is up: a wave takes a couple of seconds and needs several frames. */
export const HAND_FRAME_MS = 250;
/** While watching for a gesture (movement, talking, an open offer). */
export const WATCH_FRAME_MS = 500;
/** A hand seen this recently keeps the fast rate. */
export const HAND_HOLD_MS = 3000;
/** After movement the pipeline keeps looking this long (a hand comes up after the arm moves). */
export const MOTION_HOLD_MS = 2000;
/** A care offer this fresh may get a thumbs-up: watch for it. */
export const OFFER_WATCH_MS = 2 * 60_000;
/** With nothing moving, presence is checked again this often anyway (lighting, a motionless arrival). */
export const PRESENCE_REFRESH_MS = 10_000;
/** Someone there and nothing happening: her expression read this often (a frown still leads to the check-in). */
export const IDLE_FACES_EVERY_MS = 15_000;
/** While something happens: her expression this often. */
export const ACTIVE_FACES_EVERY_MS = 3_000;

/** After she spoke or Guimi finished speaking, the fast rate holds this long (a palm, a thumbs-up in reply). */
export const TALK_HOLD_MS = 10_000;
/** Speech that never reported its end stops counting after this long. */
export const TALK_MAX_MS = 2 * 60_000;

/** What one camera's recent frames showed, and when each model last ran (times in ms). */
export interface Watch {
  lastHandAt: number | null;
  lastMovedAt: number | null;
  lastPresenceAt: number | null;
  lastFacesAt: number | null;
  /** Whether the last presence check saw someone. */
  present: boolean;
}

export function newWatch(): Watch {
  return { lastHandAt: null, lastMovedAt: null, lastPresenceAt: null, lastFacesAt: null, present: false };
}

/** What is going on around the camera, from the rest of the device. */
export interface Surroundings {
  /** Until when she is talking or Guimi is speaking (the palm that stops it must be seen quickly). */
  talkingUntil: number | null;
  /** When the pending care offer was made; null when none is open. */
  offerAt: number | null;
}

export type FrameMode = "idle" | "active";
export type ActiveReason = "hand" | "motion" | "talking" | "offer";

export interface FramePlan {
  mode: FrameMode;
  why: ActiveReason | null;
  faces: boolean;
  hands: boolean;
  /**
   * When the hand model finds nothing, look again on the frame padded (a hand close to the camera is
   * otherwise missed): only when something just came in or a hand was up, since it doubles the cost.
   */
  closeUps: boolean;
  bodies: boolean;
}

/** ms since `t`; a time in the future (the clock went back) counts as long ago. */
function since(t: number | null, now: number): number {
  return t === null || now < t ? Number.POSITIVE_INFINITY : now - t;
}

export function activeReason(watch: Watch, around: Surroundings, now: number): ActiveReason | null {
  if (since(watch.lastHandAt, now) < HAND_HOLD_MS) return "hand";
  if (since(watch.lastMovedAt, now) < MOTION_HOLD_MS) return "motion";
  // Talk and offers make a gesture likely only from someone in view.
  if (!watch.present) return null;
  if (around.talkingUntil !== null && now < around.talkingUntil) return "talking";
  if (since(around.offerAt, now) < OFFER_WATCH_MS) return "offer";
  return null;
}

export function nextFrameDelayMs(watch: Watch, around: Surroundings, now: number): number {
  const why = activeReason(watch, around, now);
  return why === "hand" ? HAND_FRAME_MS : why ? WATCH_FRAME_MS : IDLE_FRAME_MS;
}

/** Whether a frame arriving now should be read, given when the last one was (capture runs at the fast rate). */
export function shouldRead(lastReadAt: number | null, watch: Watch, around: Surroundings, now: number): boolean {
  return since(lastReadAt, now) >= nextFrameDelayMs(watch, around, now) - 20;
}

/** What runs on a frame being read, given how much it moved since the last one read. */
export function planFrame(watch: Watch, around: Surroundings, motion: MotionLevel, now: number): FramePlan {
  const why = motion === "move" ? "motion" : activeReason(watch, around, now);
  if (why) {
    const faces = since(watch.lastFacesAt, now) >= ACTIVE_FACES_EVERY_MS;
    return { mode: "active", why, hands: true, closeUps: motion === "move" || why === "hand", bodies: true, faces };
  }
  const faces = watch.present && since(watch.lastFacesAt, now) >= IDLE_FACES_EVERY_MS;
  const bodies = faces || motion === "stir" || since(watch.lastPresenceAt, now) >= PRESENCE_REFRESH_MS;
  return { mode: "idle", why: null, hands: false, closeUps: false, bodies, faces };
}

/** The watch after a frame: which models ran and what they saw. Models that did not run change nothing. */
export function afterFrame(watch: Watch, plan: FramePlan, seen: { hands: number; people: number }, motion: MotionLevel, now: number): Watch {
  const looked = plan.bodies || plan.faces;
  return {
    lastHandAt: plan.hands && seen.hands > 0 ? now : watch.lastHandAt,
    lastMovedAt: motion === "move" ? now : watch.lastMovedAt,
    lastPresenceAt: looked ? now : watch.lastPresenceAt,
    lastFacesAt: plan.faces ? now : watch.lastFacesAt,
    present: looked ? seen.people > 0 : watch.present,
  };
}
