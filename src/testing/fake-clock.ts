// A clock tests move by hand, with timers that fire only when time is advanced past them. It fits the
// Clock port (src/kernel/clock.ts) and the reminder scheduler's TimerFunctions.
import type { Clock } from "../kernel/clock.js";

export interface FakeClock extends Clock {
  /** Moves time forward, firing due timers in order (each sees `now()` at its own due time). */
  advance(ms: number): void;
  set(at: Date): void;
  timers: {
    setTimeout(callback: () => void, ms: number): unknown;
    clearTimeout(handle: unknown): void;
  };
  /** Timers not yet fired. */
  pending(): number;
}

export function createFakeClock(start: Date | string = "2026-01-01T00:00:00Z"): FakeClock {
  let current = new Date(start).getTime();
  let nextId = 1;
  const scheduled = new Map<number, { due: number; callback: () => void }>();
  return {
    now: () => new Date(current),
    set(at) {
      current = at.getTime();
    },
    advance(ms) {
      const target = current + ms;
      for (;;) {
        let next: [number, { due: number; callback: () => void }] | undefined;
        for (const entry of scheduled) if (entry[1].due <= target && (!next || entry[1].due < next[1].due)) next = entry;
        if (!next) break;
        scheduled.delete(next[0]);
        current = Math.max(current, next[1].due);
        next[1].callback();
      }
      current = target;
    },
    timers: {
      setTimeout(callback, ms) {
        const id = nextId++;
        scheduled.set(id, { due: current + Math.max(0, ms), callback });
        return id;
      },
      clearTimeout(handle) {
        scheduled.delete(handle as number);
      },
    },
    pending: () => scheduled.size,
  };
}
