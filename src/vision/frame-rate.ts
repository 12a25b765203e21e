// How often to look: about once a second while nothing happens, faster only while a hand is up (a
// gesture in progress) or she is talking. Pure: what was seen and when, in; the next delay, out.
export const IDLE_FRAME_MS = 1000;
export const ACTIVE_FRAME_MS = 250;
/** A hand seen this recently keeps the fast rate (a wave takes a couple of seconds). */
export const HAND_HOLD_MS = 3000;

export interface RateInputs {
  lastHandAt: number | null;
  /** Until when she is talking or Guimi is answering (the gesture that stops it must be seen quickly). */
  talkingUntil: number | null;
}

export function nextFrameDelayMs(inputs: RateInputs, now: number): number {
  if (inputs.lastHandAt !== null && now - inputs.lastHandAt >= 0 && now - inputs.lastHandAt < HAND_HOLD_MS) return ACTIVE_FRAME_MS;
  if (inputs.talkingUntil !== null && now < inputs.talkingUntil) return ACTIVE_FRAME_MS;
  return IDLE_FRAME_MS;
}

/** Whether a frame arriving now should be read, given when the last one was (capture runs at the fast rate). */
export function shouldRead(lastReadAt: number | null, inputs: RateInputs, now: number): boolean {
  return lastReadAt === null || now - lastReadAt >= nextFrameDelayMs(inputs, now) - 20;
}
