// What a gesture means to Guimi, and what a stream of frames adds to single ones (a wave, presence
// that lasts). Pure: frames with their times in, actions out; the capability carries them out.
import type { Gesture, VisionResult } from "./vision-result.js";

export type VisionAction = "stop" | "yes" | "greet";

/** Her switches: each gesture's meaning can be turned off in settings. */
export interface GestureMappings {
  /** Open palm: stop talking (and pause music, where a player exists). */
  openPalmStop: boolean;
  /** Thumbs up: "yes" to what Guimi just offered. */
  thumbsUpYes: boolean;
  /** A wave (a hand moving across frames): hello or goodbye. */
  waveGreet: boolean;
}

export const DEFAULT_GESTURE_MAPPINGS: GestureMappings = { openPalmStop: true, thumbsUpYes: true, waveGreet: true };

/** The per-camera memory between frames: a few numbers, no image. */
export interface StreamState {
  /** Recent hand centres (x as a share of the frame's width) with their times. */
  handTrack: { at: number; x: number }[];
  /** The last time each action fired, so one held gesture acts once. */
  lastFired: Partial<Record<VisionAction, number>>;
  /** Since when someone has been in view without a gap longer than PRESENCE_GAP_MS; null when nobody. */
  presentSince: number | null;
  lastSeen: number | null;
}

export function newStreamState(): StreamState {
  return { handTrack: [], lastFired: {}, presentSince: null, lastSeen: null };
}

/** A held gesture acts once in this long. */
export const ACTION_COOLDOWN_MS = 4000;
/** A wave: the hand's centre moves back and forth across this share of the frame within WAVE_WINDOW_MS. */
export const WAVE_SPAN = 0.15;
export const WAVE_WINDOW_MS = 3000;
/** Out of view for longer than this and she has left; back again counts as arriving. */
export const PRESENCE_GAP_MS = 5 * 60_000;

export interface FrameMeaning {
  state: StreamState;
  actions: VisionAction[];
  /** Someone is in view now. */
  present: boolean;
  /** She came into view after being away (or for the first time): the moment for a greeting. */
  arrived: boolean;
  /** She came back after being seen and then away for a while (not merely the camera turning on). */
  returned: boolean;
  /** How long she has been in view, in ms (0 when nobody). */
  presentForMs: number;
}

const GESTURE_ACTION: Partial<Record<Gesture, { action: VisionAction; key: keyof GestureMappings }>> = {
  "open-palm": { action: "stop", key: "openPalmStop" },
  "thumbs-up": { action: "yes", key: "thumbsUpYes" },
};

/** Counts direction changes of the hand's x over the window: a wave swings at least twice. */
export function isWave(track: readonly { at: number; x: number }[]): boolean {
  if (track.length < 3) return false;
  const xs = track.map((p) => p.x);
  if (Math.max(...xs) - Math.min(...xs) < WAVE_SPAN) return false;
  let swings = 0;
  let direction = 0;
  for (let i = 1; i < xs.length; i++) {
    const dx = xs[i]! - xs[i - 1]!;
    if (Math.abs(dx) < WAVE_SPAN / 3) continue;
    const d = Math.sign(dx);
    if (d !== direction) {
      if (direction !== 0) swings++;
      direction = d;
    }
  }
  return swings >= 1;
}

export function interpretFrame(
  previous: StreamState,
  frame: Pick<VisionResult, "hands" | "people" | "faces" | "width">,
  at: Date,
  mappings: GestureMappings = DEFAULT_GESTURE_MAPPINGS,
): FrameMeaning {
  const t = at.getTime();
  const actions: VisionAction[] = [];
  const lastFired = { ...previous.lastFired };
  const fire = (action: VisionAction) => {
    const last = lastFired[action];
    if (last !== undefined && t - last < ACTION_COOLDOWN_MS && t >= last) return;
    lastFired[action] = t;
    actions.push(action);
  };

  for (const hand of frame.hands) {
    const meaning = GESTURE_ACTION[hand.gesture];
    if (meaning && mappings[meaning.key]) fire(meaning.action);
  }

  // The most confident hand is followed; frames older than the window drop out.
  const hand = [...frame.hands].sort((a, b) => b.confidence - a.confidence)[0];
  let handTrack = previous.handTrack.filter((p) => t - p.at <= WAVE_WINDOW_MS && p.at <= t);
  if (hand && frame.width > 0) handTrack.push({ at: t, x: (hand.box.x + hand.box.width / 2) / frame.width });
  else handTrack = [];
  if (mappings.waveGreet && isWave(handTrack)) {
    fire("greet");
    handTrack = [];
  }

  const present = frame.people > 0 || frame.faces.length > 0;
  let presentSince = previous.presentSince;
  let arrived = false;
  let returned = false;
  if (present) {
    if (presentSince === null || previous.lastSeen === null || t - previous.lastSeen > PRESENCE_GAP_MS) {
      presentSince = t;
      arrived = true;
      returned = previous.lastSeen !== null;
    }
  } else if (previous.lastSeen !== null && t - previous.lastSeen > PRESENCE_GAP_MS) {
    presentSince = null;
  }
  const lastSeen = present ? t : previous.lastSeen;
  return {
    state: { handTrack, lastFired, presentSince, lastSeen },
    actions,
    present,
    arrived,
    returned,
    presentForMs: present && presentSince !== null ? t - presentSince : 0,
  };
}
