// The pure part of playback: what a queue entry is, how loud it should be at a moment (her volume,
// ducking while Guimi speaks, the sleep timer's fade), and what the sleep timer means. No I/O, no clock.
export type EntryKind = "music" | "sleep-sound" | "meditation" | "radio";

export interface QueueEntry {
  kind: EntryKind;
  itemId: number | null;
  soundId: string | null;
  title: string;
  artist: string | null;
  path: string;
  durationS: number | null;
  loop: boolean;
}

export interface SleepTimer {
  /** Epoch ms when playback stops. */
  endsAt: number;
  /** The last seconds before endsAt, over which the volume falls to nothing. */
  fadeS: number;
}

/** A timer `minutes` from now; the fade is a tenth of it, between 5 s and 60 s. */
export function sleepTimerFor(nowMs: number, minutes: number): SleepTimer {
  const seconds = minutes * 60;
  return { endsAt: nowMs + seconds * 1000, fadeS: Math.max(5, Math.min(60, Math.round(seconds / 10))) };
}

/** 1 until the fade begins, then falling evenly (in perceived loudness, squared) to 0 at the end. */
export function fadeFactor(timer: SleepTimer | null, nowMs: number): number {
  if (!timer) return 1;
  const remainingS = (timer.endsAt - nowMs) / 1000;
  if (remainingS <= 0) return 0;
  if (remainingS >= timer.fadeS) return 1;
  const linear = remainingS / timer.fadeS;
  return linear * linear;
}

export const DUCK_FACTOR = 0.3;
/** The quiet sound bed under a spoken meditation. */
export const BED_FACTOR = 0.35;

export function effectiveVolume(input: { volume: number; ducked: boolean; timer: SleepTimer | null; kind: EntryKind | null }, nowMs: number): number {
  const bed = input.kind === "meditation" ? BED_FACTOR : 1;
  return Math.round(input.volume * bed * (input.ducked ? DUCK_FACTOR : 1) * fadeFactor(input.timer, nowMs));
}

export function timerExpired(timer: SleepTimer | null, nowMs: number): boolean {
  return Boolean(timer && nowMs >= timer.endsAt);
}

/** Which step of a script is under way `elapsedS` into it (steps.length when finished). */
export function stepAt(stepSeconds: readonly number[], elapsedS: number): { index: number; startS: number; endS: number } {
  let start = 0;
  for (let i = 0; i < stepSeconds.length; i++) {
    const end = start + stepSeconds[i]!;
    if (elapsedS < end) return { index: i, startS: start, endS: end };
    start = end;
  }
  return { index: stepSeconds.length, startS: start, endS: start };
}
