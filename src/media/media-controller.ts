// One queue and one player for the device: music from her library, generated sleep sounds, guided
// meditations (spoken over a quiet sound bed). `tick()` moves it along: advancing the queue when a
// song ends, fading and stopping at the sleep timer, speaking the meditation's next line. The daemon
// ticks it on a timer; tests tick it on their own clock.
import type { Lang } from "../kernel/lang.js";
import type { ContentPlayer, PlayerStatus } from "./content-player.js";
import { clampVolume } from "./content-player.js";
import type { LibraryItem, MediaLibrary } from "./media-library.js";
import { relaxingGenres } from "./media-library.js";
import { effectiveVolume, sleepTimerFor, stepAt, timerExpired, type QueueEntry, type SleepTimer } from "./media-session.js";
import { ensureSleepSound, findSleepSound, type SleepSoundId } from "./sleep-sounds.js";
import { meditationMinutes, meditationScript, scriptSeconds, type Breath, type MeditationId, type MeditationScript } from "./meditation-scripts.js";

export interface MediaStatus {
  state: "playing" | "paused" | "stopped";
  item: { title: string; artist: string | null; kind: QueueEntry["kind"]; itemId: number | null; soundId: string | null; durationS: number | null } | null;
  positionS: number | null;
  volume: number;
  queue: { index: number; length: number };
  sleepTimer: { endsAt: string; remainingS: number } | null;
  meditation: {
    id: MeditationId;
    title: string;
    step: number;
    steps: number;
    breath: Breath | null;
    line: string | null;
    stepEndsAt: string;
    endsAt: string;
  } | null;
  output: string;
  /** Where the touchscreen page is the speaker: the stream it plays (GET /api/v1/media/stream/:id). */
  stream: { id: string; loop: boolean; volume: number } | null;
  at: string;
}

export type PlayOutcome = { ok: true; status: MediaStatus } | { ok: false; reason: "not-found" | "empty-library"; query?: string };

export interface MediaControllerDeps {
  library: MediaLibrary;
  player: ContentPlayer;
  now: () => Date;
  cacheDir: string;
  /** Speaks a meditation's lines (the TextToSpeech port); null where there is no speaker. */
  speak: ((text: string, lang: Lang) => void) | null;
  /** Told whenever what plays changes (state, item, timer, meditation step). */
  onChange?: (status: MediaStatus) => void;
}

interface Meditation {
  script: MeditationScript;
  lang: Lang;
  startedAt: number;
  pausedAt: number | null;
  spoken: number;
}

export function createMediaController(deps: MediaControllerDeps) {
  const { library, player } = deps;
  let queue: QueueEntry[] = [];
  let index = 0;
  let state: MediaStatus["state"] = "stopped";
  let volume = 70;
  let ducked = false;
  let timer: SleepTimer | null = null;
  let meditation: Meditation | null = null;
  let last: PlayerStatus = { state: "idle", positionS: null, durationS: null };
  let entryStartedAt = 0;
  let seenPlaying = false;
  let appliedVolume = -1;
  let lastSignature = "";
  let busy: Promise<unknown> = Promise.resolve();
  const nowMs = () => deps.now().getTime();

  /** Runs player actions one at a time (a tick never interleaves with a command). */
  function serial<T>(work: () => Promise<T>): Promise<T> {
    const run = busy.then(work, work);
    busy = run.catch(() => undefined);
    return run;
  }

  const current = (): QueueEntry | null => (state === "stopped" ? null : (queue[index] ?? null));

  function snapshot(): MediaStatus {
    const entry = current();
    const at = nowMs();
    let med: MediaStatus["meditation"] = null;
    if (meditation) {
      const seconds = meditation.script.steps.map((s) => s.seconds);
      const elapsed = ((meditation.pausedAt ?? at) - meditation.startedAt) / 1000;
      const step = stepAt(seconds, elapsed);
      const s = meditation.script.steps[Math.min(step.index, seconds.length - 1)]!;
      med = {
        id: meditation.script.id,
        title: meditation.script.title,
        step: step.index,
        steps: seconds.length,
        breath: s.breath ?? null,
        line: s.say,
        stepEndsAt: new Date(meditation.startedAt + step.endS * 1000).toISOString(),
        endsAt: new Date(meditation.startedAt + scriptSeconds(meditation.script) * 1000).toISOString(),
      };
    }
    return {
      state,
      item: entry
        ? {
            title: entry.title,
            artist: entry.artist,
            kind: entry.kind,
            itemId: entry.itemId,
            soundId: entry.soundId,
            durationS: entry.durationS ?? last.durationS,
          }
        : null,
      positionS: entry ? last.positionS : null,
      volume,
      queue: { index: entry ? index : 0, length: entry ? queue.length : 0 },
      sleepTimer: timer ? { endsAt: new Date(timer.endsAt).toISOString(), remainingS: Math.max(0, Math.round((timer.endsAt - at) / 1000)) } : null,
      meditation: med,
      output: player.kind,
      stream: state === "stopped" ? null : (player.stream?.() ?? null),
      at: new Date(at).toISOString(),
    };
  }

  function changed(): void {
    const s = snapshot();
    const signature = JSON.stringify([s.state, s.item, s.volume, s.queue, s.sleepTimer?.endsAt, s.meditation?.step, s.meditation?.id, s.stream]);
    if (signature === lastSignature) return;
    lastSignature = signature;
    deps.onChange?.(s);
  }

  async function applyVolume(): Promise<void> {
    const v = effectiveVolume({ volume, ducked, timer, kind: current()?.kind ?? null }, nowMs());
    if (v === appliedVolume) return;
    appliedVolume = v;
    await player.setVolume(v);
  }

  async function startEntry(): Promise<void> {
    const entry = queue[index];
    if (!entry) return stopAll();
    state = "playing";
    entryStartedAt = nowMs();
    seenPlaying = false;
    appliedVolume = -1;
    await applyVolume();
    await player.play({ path: entry.path, loop: entry.loop, durationS: entry.durationS });
    last = { state: "playing", positionS: 0, durationS: entry.durationS };
    if (entry.kind === "music") library.recordPlay({ itemId: entry.itemId, kind: "music", title: entry.title, artist: entry.artist }, deps.now());
    else if (entry.kind === "sleep-sound")
      library.recordPlay({ itemId: null, kind: "sleep-sound", title: entry.soundId ?? entry.title, artist: null }, deps.now());
    changed();
  }

  async function stopAll(): Promise<void> {
    await player.stop();
    state = "stopped";
    queue = [];
    index = 0;
    timer = null;
    meditation = null;
    last = { state: "idle", positionS: null, durationS: null };
    changed();
  }

  const musicEntry = (item: LibraryItem): QueueEntry => ({
    kind: "music",
    itemId: item.id,
    soundId: null,
    title: item.title,
    artist: item.artist,
    path: item.path,
    durationS: item.durationS,
    loop: false,
  });

  async function playEntries(entries: QueueEntry[], options: { minutes?: number | null } = {}): Promise<MediaStatus> {
    meditation = null;
    queue = entries;
    index = 0;
    timer = options.minutes ? sleepTimerFor(nowMs(), options.minutes) : null;
    await startEntry();
    return snapshot();
  }

  async function soundEntry(id: SleepSoundId, lang: Lang): Promise<QueueEntry> {
    const sound = findSleepSound(id)!;
    const path = await ensureSleepSound(id, deps.cacheDir);
    return { kind: "sleep-sound", itemId: null, soundId: id, title: sound.title[lang], artist: null, path, durationS: null, loop: true };
  }

  async function tickNow(): Promise<void> {
    const at = nowMs();
    if (state !== "stopped" && timerExpired(timer, at)) {
      await stopAll();
      return;
    }
    if (meditation && meditation.pausedAt === null) {
      const seconds = meditation.script.steps.map((s) => s.seconds);
      const step = stepAt(seconds, (at - meditation.startedAt) / 1000);
      if (step.index >= seconds.length) {
        await stopAll();
        return;
      }
      if (step.index >= meditation.spoken) {
        // Only the step under way is spoken: lines missed while the device was busy are not piled up.
        meditation.spoken = step.index + 1;
        const line = meditation.script.steps[step.index]!.say;
        if (line) deps.speak?.(line, meditation.lang);
      }
    }
    if (state === "stopped") return;
    last = await player.status();
    if (last.state === "playing" && last.positionS !== null) seenPlaying = true;
    // A song that played to its end (or a file that would not load) moves the queue on.
    if (last.state === "idle" && state === "playing" && (seenPlaying || at - entryStartedAt > 5000)) {
      if (index + 1 < queue.length) {
        index += 1;
        await startEntry();
      } else await stopAll();
      return;
    }
    await applyVolume();
    changed();
  }

  return {
    status: snapshot,
    /** Polls the player (position) before answering. */
    refresh: () => serial(async () => (await tickNow(), snapshot())),
    tick: () => serial(tickNow),
    /** Plays the best match for a title / artist / album, then the other matches. */
    playQuery(query: string): Promise<PlayOutcome> {
      return serial(async () => {
        if (library.count() === 0) return { ok: false, reason: "empty-library", query };
        const items = library.search(query, deps.now(), 50);
        if (items.length === 0) return { ok: false, reason: "not-found", query };
        return { ok: true, status: await playEntries(items.map(musicEntry)) };
      });
    },
    /** Her songs, what she plays most first. */
    playMySongs(): Promise<PlayOutcome> {
      return serial(async () => {
        const items = library.mySongs(deps.now(), 100);
        if (items.length === 0) return { ok: false, reason: "empty-library" };
        return { ok: true, status: await playEntries(items.map(musicEntry)) };
      });
    },
    /** Something relaxing: tagged calm genres; null when her library has none tagged so. */
    playRelaxing(): Promise<PlayOutcome> {
      return serial(async () => {
        if (library.count() === 0) return { ok: false, reason: "empty-library" };
        const items = library.byGenres(relaxingGenres, deps.now(), 100);
        if (items.length === 0) return { ok: false, reason: "not-found", query: "relaxing" };
        return { ok: true, status: await playEntries(items.map(musicEntry)) };
      });
    },
    playItem(id: number): Promise<PlayOutcome> {
      return serial(async () => {
        const item = library.get(id);
        if (!item) return { ok: false, reason: "not-found", query: `#${id}` };
        return { ok: true, status: await playEntries([musicEntry(item)]) };
      });
    },
    /** An internet radio station, through the loopback relay the caller made (it goes through the outbound gate). */
    playRadio(station: { name: string; country: string | null }, url: string, minutes: number | null = null): Promise<MediaStatus> {
      return serial(async () =>
        playEntries([{ kind: "radio", itemId: null, soundId: null, title: station.name, artist: station.country, path: url, durationS: null, loop: false }], {
          minutes,
        }),
      );
    },
    playSleepSound(id: SleepSoundId, lang: Lang, minutes: number | null = null): Promise<MediaStatus> {
      return serial(async () => playEntries([await soundEntry(id, lang)], { minutes }));
    },
    /** A guided meditation: spoken steps over the waves (or brown noise for breathing), quietly. */
    startMeditation(id: MeditationId, lang: Lang, minutes: number = meditationMinutes[id].default): Promise<MediaStatus> {
      return serial(async () => {
        const script = meditationScript(id, lang, minutes);
        const bed = await soundEntry(id === "breathing-478" ? "brown-noise" : "waves", lang);
        queue = [{ ...bed, kind: "meditation", title: script.title }];
        index = 0;
        timer = null;
        await startEntry();
        meditation = { script, lang, startedAt: nowMs(), pausedAt: null, spoken: 0 };
        await tickNow();
        return snapshot();
      });
    },
    pause: () =>
      serial(async () => {
        if (state !== "playing") return snapshot();
        await player.pause();
        state = "paused";
        if (meditation) meditation.pausedAt = nowMs();
        changed();
        return snapshot();
      }),
    resume: () =>
      serial(async () => {
        if (state !== "paused") return snapshot();
        await player.resume();
        state = "playing";
        if (meditation?.pausedAt) {
          meditation.startedAt += nowMs() - meditation.pausedAt;
          meditation.pausedAt = null;
        }
        changed();
        return snapshot();
      }),
    next: () =>
      serial(async () => {
        if (state === "stopped") return snapshot();
        if (index + 1 < queue.length) {
          index += 1;
          await startEntry();
        } else await stopAll();
        return snapshot();
      }),
    stop: () => serial(async () => (await stopAll(), snapshot())),
    setVolume: (percent: number) =>
      serial(async () => {
        volume = clampVolume(percent);
        await applyVolume();
        changed();
        return snapshot();
      }),
    /** Stops (fading out) `minutes` from now; null cancels the timer. */
    sleepAfter: (minutes: number | null) =>
      serial(async () => {
        timer = minutes && state !== "stopped" ? sleepTimerFor(nowMs(), minutes) : null;
        appliedVolume = -1;
        await applyVolume();
        changed();
        return snapshot();
      }),
    /** Quieter while Guimi speaks; back up after. */
    duck: (on: boolean) =>
      serial(async () => {
        ducked = on;
        if (state !== "stopped") await applyVolume();
      }),
    close: () => serial(async () => player.close()),
  };
}

export type MediaController = ReturnType<typeof createMediaController>;
