// The ContentPlayer port: something that plays one audio file at a time and says where it is.
// Adapters: mpv over its JSON IPC (the device's speaker, or no device with --ao=null), and a null
// player whose position comes from the clock (boxes without a sound card, tests). The touchscreen
// page as the speaker and Home Assistant media players are later adapters of the same port.
export interface PlaySource {
  path: string;
  /** Loop the file seamlessly (sleep sounds). */
  loop?: boolean;
  /** Known length (from tags); the null player needs it to know when a song ends. */
  durationS?: number | null;
}

export interface PlayerStatus {
  /** idle: nothing loaded, or the file played to its end. */
  state: "playing" | "paused" | "idle";
  positionS: number | null;
  durationS: number | null;
}

export interface ContentPlayer {
  /** "mpv", "mpv-null", "null"… */
  readonly kind: string;
  /** Replaces whatever plays with this file and starts it (unpaused). */
  play(source: PlaySource): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
  /** 0–100. */
  setVolume(percent: number): Promise<void>;
  status(): Promise<PlayerStatus>;
  close(): Promise<void>;
  /** Only where a page is the speaker: what it should be playing now (opaque id, loop, volume). */
  stream?(): { id: string; loop: boolean; volume: number } | null;
}

export const clampVolume = (v: number) => Math.max(0, Math.min(100, Math.round(v)));
