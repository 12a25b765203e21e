// The null ContentPlayer: plays to no device, with the same states and a position that advances with
// the injected clock (GUIMI_AUDIO_OUT=null, boxes without a sound card, tests on a virtual clock).
import type { ContentPlayer, PlaySource, PlayerStatus } from "./content-player.js";
import { clampVolume } from "./content-player.js";

export function createNullPlayer(clock: { now(): Date }): ContentPlayer & { volume(): number } {
  let source: PlaySource | null = null;
  let startedAt = 0; // clock ms at which position 0 would have been
  let pausedAt: number | null = null;
  let volume = 100;
  const nowMs = () => clock.now().getTime();

  function position(): number | null {
    if (!source) return null;
    const elapsed = ((pausedAt ?? nowMs()) - startedAt) / 1000;
    const duration = source.durationS ?? null;
    if (duration && duration > 0) return source.loop ? elapsed % duration : Math.min(elapsed, duration);
    return elapsed;
  }

  function ended(): boolean {
    const duration = source?.durationS ?? null;
    return Boolean(source && !source.loop && duration && duration > 0 && ((pausedAt ?? nowMs()) - startedAt) / 1000 >= duration);
  }

  return {
    kind: "null",
    async play(next) {
      source = { ...next };
      startedAt = nowMs();
      pausedAt = null;
    },
    async pause() {
      if (source && pausedAt === null) pausedAt = nowMs();
    },
    async resume() {
      if (source && pausedAt !== null) {
        startedAt += nowMs() - pausedAt;
        pausedAt = null;
      }
    },
    async stop() {
      source = null;
      pausedAt = null;
    },
    async setVolume(percent) {
      volume = clampVolume(percent);
    },
    async status(): Promise<PlayerStatus> {
      if (!source || ended()) {
        const durationS = source?.durationS ?? null;
        source = null;
        return { state: "idle", positionS: null, durationS };
      }
      return { state: pausedAt === null ? "playing" : "paused", positionS: position(), durationS: source.durationS ?? null };
    },
    async close() {
      source = null;
    },
    volume: () => volume,
  };
}
