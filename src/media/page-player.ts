// The touchscreen page as the speaker: the device does not play; it says what to play (an opaque
// stream id, loop, volume, play/pause) in its status, the page's <audio> plays it from
// /api/v1/media/stream/:id and reports back where it is. Between reports the position moves with the
// clock, like the null player, so state and position read the same whatever the speaker.
import { randomBytes } from "node:crypto";
import type { ContentPlayer, PlaySource, PlayerStatus } from "./content-player.js";
import { clampVolume } from "./content-player.js";
import { createNullPlayer } from "./null-player.js";

export interface PageStream {
  id: string;
  loop: boolean;
  /** 0–100, the volume to play at now (fades and ducking included). */
  volume: number;
}

/** A page report older than this is stale: the clock carries the position on. */
const REPORT_FRESH_MS = 3000;

export function createPagePlayer(clock: { now(): Date }) {
  const virtual = createNullPlayer(clock);
  let current: { id: string; path: string; loop: boolean; durationS: number | null } | null = null;
  let volume = 100;
  let report: { at: number; positionS: number; ended: boolean; id: string } | null = null;

  const player: ContentPlayer & {
    stream(): PageStream | null;
    /** The file behind a stream id, for the stream route; null when it is not the one playing. */
    pathOf(id: string): string | null;
    report(id: string, positionS: number, ended: boolean): boolean;
  } = {
    kind: "page",
    async play(source: PlaySource) {
      current = { id: randomBytes(9).toString("base64url"), path: source.path, loop: Boolean(source.loop), durationS: source.durationS ?? null };
      report = null;
      // The page says when the song has ended; the clock only decides when no page is reporting.
      await virtual.play({ ...source, durationS: null });
    },
    pause: () => virtual.pause(),
    resume: () => virtual.resume(),
    async stop() {
      current = null;
      report = null;
      await virtual.stop();
    },
    async setVolume(percent) {
      volume = clampVolume(percent);
    },
    async status(): Promise<PlayerStatus> {
      const s = await virtual.status();
      if (!current) return { state: "idle", positionS: null, durationS: null };
      const durationS = current.durationS;
      const fresh = report && report.id === current.id && clock.now().getTime() - report.at < REPORT_FRESH_MS ? report : null;
      const ended = report?.id === current.id && report.ended && !current.loop;
      // Without a page reporting, a song ends a little after its length (the page may be buffering).
      const overdue = !fresh && !current.loop && durationS !== null && (s.positionS ?? 0) > durationS + 5;
      if (ended || overdue) {
        current = null;
        await virtual.stop();
        return { state: "idle", positionS: null, durationS };
      }
      if (fresh) return { state: s.state, positionS: fresh.positionS + (s.state === "playing" ? (clock.now().getTime() - fresh.at) / 1000 : 0), durationS };
      const position =
        s.positionS === null ? null : current.loop && durationS ? s.positionS % durationS : durationS ? Math.min(s.positionS, durationS) : s.positionS;
      return { state: s.state, positionS: position, durationS };
    },
    async close() {
      current = null;
      await virtual.close();
    },
    stream: () => (current ? { id: current.id, loop: current.loop, volume } : null),
    pathOf: (id) => (current && current.id === id ? current.path : null),
    report(id, positionS, ended) {
      if (!current || current.id !== id) return false;
      report = { at: clock.now().getTime(), positionS, ended, id };
      return true;
    },
  };
  return player;
}

export type PagePlayer = ReturnType<typeof createPagePlayer>;
