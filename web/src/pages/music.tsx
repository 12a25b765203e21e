// Music, sleep sounds and meditation: what plays now (with its controls and sleep timer), her library
// with search, the generated sleep sounds, and guided breathing with its circle.
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { Button, Icon, Section, Segmented } from "../components";
import { useApp } from "../store";
import { pick } from "../i18n";
import {
  apiUrl,
  getLibrary,
  getMeditations,
  getSleepSounds,
  mediaAction,
  playMedia,
  searchMedia,
  setMediaVolume,
  setSleepTimer,
  type LibraryItem,
  type MediaPlay,
  type MediaStatus,
  type Pair,
} from "../api";
import { go } from "../nav";

const clock = (s: number | null | undefined) =>
  s === null || s === undefined || !Number.isFinite(s) ? "-:--" : `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, "0")}`;

/** Where the song is now: the last reported position moved on by the time since it was reported. */
function livePosition(media: MediaStatus, now: Date): number | null {
  if (media.positionS === null) return null;
  if (media.state !== "playing") return media.positionS;
  const moved = Math.max(0, (now.getTime() - Date.parse(media.at)) / 1000);
  const position = media.positionS + moved;
  return media.item?.durationS ? Math.min(position, media.item.durationS) : position;
}

function useMediaActions() {
  const { setMedia, setError, lang } = useApp();
  const run = (work: () => Promise<MediaStatus>) => () => void work().then(setMedia, (e: Error) => setError(e.message));
  return {
    play: (what: MediaPlay) => run(() => playMedia(what, lang)),
    action: (name: "pause" | "resume" | "next" | "stop") => run(() => mediaAction(name)),
    timer: (minutes: number | null) => run(() => setSleepTimer(minutes)),
    volume: (v: number) => run(() => setMediaVolume(v)),
  };
}

/** The now-playing card: on Home (compact) and at the top of the music screen. */
export function NowPlaying({ compact = false }: { compact?: boolean }) {
  const { t, media, now } = useApp();
  const act = useMediaActions();
  // The song whose cover would not load (it has none): its icon shows instead.
  const [coverless, setCoverless] = useState<number | null>(null);
  if (!media || media.state === "stopped" || !media.item) return null;
  const position = livePosition(media, now);
  const item = media.item;
  const remaining = media.sleepTimer ? Math.max(0, (Date.parse(media.sleepTimer.endsAt) - now.getTime()) / 1000) : null;
  return (
    <div class={`card now-playing${compact ? " compact" : ""}`} data-testid="now-playing" data-state={media.state}>
      <button type="button" class="np-cover" onClick={() => go("music")} aria-label={t("nav.music")}>
        {item.itemId !== null && coverless !== item.itemId ? (
          // biome-ignore lint/a11y/noNoninteractiveElementInteractions: onError is the image failing to load, not her interacting
          <img src={apiUrl(`media/cover/${item.itemId}`)} alt="" onError={() => setCoverless(item.itemId)} data-testid="np-cover" />
        ) : (
          <Icon name={item.kind === "music" ? "music" : "moon"} size={compact ? 40 : 56} />
        )}
      </button>
      <div class="np-text">
        <span class="card-kicker">{t(media.state === "paused" ? "media.paused" : "media.nowPlaying")}</span>
        <strong class="np-title" data-testid="np-title">
          {item.title}
        </strong>
        {item.artist && <span class="muted np-artist">{item.artist}</span>}
        <span class="muted np-time">
          {clock(position)}
          {item.durationS ? ` / ${clock(item.durationS)}` : ""}
          {remaining !== null && <span data-testid="np-timer"> · {t("media.timer", { time: clock(remaining) })}</span>}
        </span>
      </div>
      <div class="np-controls">
        {media.state === "playing" ? (
          <Button onClick={act.action("pause")} aria-label={t("media.pause")} data-testid="np-pause">
            <Icon name="pause" size={30} />
          </Button>
        ) : (
          <Button onClick={act.action("resume")} aria-label={t("media.resume")} data-testid="np-resume">
            <Icon name="play" size={30} />
          </Button>
        )}
        {item.kind === "music" && media.queue.length > 1 && (
          <Button onClick={act.action("next")} aria-label={t("media.next")} data-testid="np-next">
            <Icon name="next" size={30} />
          </Button>
        )}
        <Button onClick={act.action("stop")} aria-label={t("media.stop")} data-testid="np-stop">
          <Icon name="stop" size={30} />
        </Button>
      </div>
      {!compact && (
        <div class="np-extra">
          <Segmented
            label={t("media.timerSet")}
            value={media.sleepTimer ? -1 : null}
            options={[{ value: null, label: t("media.timerOff") }, ...[15, 30, 60].map((n) => ({ value: n, label: t("media.minutes", { n }) }))]}
            onChange={(minutes) => (minutes === -1 ? undefined : act.timer(minutes)())}
            testId="np-sleep-timer"
          />
          <label class="np-volume">
            <span>{t("media.volume")}</span>
            <input
              type="range"
              min={0}
              max={100}
              step={5}
              value={media.volume}
              onChange={(e) => act.volume(Number((e.target as HTMLInputElement).value))()}
              data-testid="np-volume"
            />
          </label>
        </div>
      )}
    </div>
  );
}

/** One breath phase: mounted at where the last phase left the circle, then eased to where this one ends. */
function Circle({ breath, seconds, children }: { breath: "in" | "hold" | "out" | null; seconds: number; children: ComponentChildren }) {
  const small = 0.45;
  const from = breath === "in" ? small : breath === "out" || breath === "hold" ? 1 : small;
  const to = breath === "in" || breath === "hold" ? 1 : small;
  const [scale, setScale] = useState(from);
  useEffect(() => {
    const frame = requestAnimationFrame(() => setScale(to));
    return () => cancelAnimationFrame(frame);
  }, []);
  return (
    <div class="breath-circle" style={{ transform: `scale(${scale})`, transitionDuration: `${Math.max(0.5, seconds)}s` }}>
      {children}
    </div>
  );
}

/** The breathing circle: grows while she breathes in, holds, shrinks while she breathes out. */
export function BreathingCircle() {
  const { t, media, now } = useApp();
  const meditation = media?.meditation;
  const running = media && media.state !== "stopped" && meditation ? meditation.id : null;
  const ref = useRef<HTMLDivElement>(null);
  // A meditation that starts (by voice or a tap further down) brings its circle into view.
  useEffect(() => {
    if (running) ref.current?.scrollIntoView({ block: "start", behavior: "smooth" });
  }, [running]);
  if (!media || media.state === "stopped" || !meditation) return null;
  const left = Math.max(0, (Date.parse(meditation.stepEndsAt) - now.getTime()) / 1000);
  const breath = meditation.breath;
  return (
    <div class="breathing" data-testid="breathing" data-breath={breath ?? "none"} ref={ref}>
      <Circle key={meditation.step} breath={breath} seconds={left}>
        <span class="breath-word" data-testid="breath-word">
          {breath ? t(`media.breath.${breath}`) : meditation.title}
        </span>
        {breath && <span class="breath-count">{Math.ceil(left)}</span>}
      </Circle>
      {meditation.line && <p class="breath-line">{meditation.line}</p>}
      <p class="muted">{t("media.step", { n: Math.min(meditation.step + 1, meditation.steps), total: meditation.steps })}</p>
    </div>
  );
}

export function MusicPage() {
  const { t, lang } = useApp();
  const act = useMediaActions();
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<{ q: string; items: LibraryItem[] } | null>(null);
  const [library, setLibrary] = useState<{ count: number; items: LibraryItem[] } | null>(null);
  const [sounds, setSounds] = useState<{ id: string; title: Pair }[]>([]);
  const [meditations, setMeditations] = useState<{ id: string; title: Pair; minutes: { default: number; allowed: number[] } }[]>([]);
  const [minutes, setMinutes] = useState(30);

  useEffect(() => {
    getLibrary().then(setLibrary, () => undefined);
    getSleepSounds().then(setSounds, () => undefined);
    getMeditations().then(setMeditations, () => undefined);
  }, []);

  const search = (event: Event) => {
    event.preventDefault();
    const q = query.trim();
    if (q)
      searchMedia(q).then(
        (items) => setResults({ q, items }),
        () => setResults({ q, items: [] }),
      );
  };
  const shown = results ? results.items : (library?.items ?? []);

  return (
    <div class="page music" data-testid="music">
      <NowPlaying />
      <BreathingCircle />
      <Section
        title={t("media.library")}
        intro={library ? t("media.libraryCount", { n: library.count }) : undefined}
        testId="music-library"
        actions={
          library && library.count > 0 ? (
            <Button variant="primary" onClick={act.play({ mine: true })} data-testid="play-mine">
              <Icon name="play" size={24} /> {t("media.mySongs")}
            </Button>
          ) : undefined
        }
      >
        {library && library.count === 0 ? (
          <p class="muted" data-testid="library-empty">
            {t("media.emptyLibrary")}
          </p>
        ) : (
          <>
            <form class="music-search" onSubmit={search}>
              <input
                type="search"
                value={query}
                placeholder={t("media.search")}
                onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
                data-testid="music-search"
              />
              <Button type="submit" data-testid="music-search-go">
                {t("media.searchButton")}
              </Button>
            </form>
            {results && results.items.length === 0 && <p class="muted">{t("media.noMatch", { q: results.q })}</p>}
            <ul class="song-list" data-testid="song-list">
              {shown.map((item) => (
                <li key={item.id}>
                  <button type="button" class="song" onClick={act.play({ itemId: item.id })} data-testid="song">
                    <Icon name="play" size={22} />
                    <span class="song-title">{item.title}</span>
                    <span class="muted">{[item.artist, item.album].filter(Boolean).join(" · ")}</span>
                    <span class="muted song-time">{clock(item.durationS)}</span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </Section>
      <Section title={t("media.sleep")} intro={t("media.sleepIntro")} testId="sleep-sounds">
        <Segmented
          label={t("media.timerSet")}
          value={minutes}
          options={[15, 30, 60, 120].map((n) => ({ value: n, label: t("media.minutes", { n }) }))}
          onChange={setMinutes}
        />
        <div class="sound-grid">
          {sounds.map((s) => (
            <Button key={s.id} onClick={act.play({ sound: s.id, minutes })} data-testid={`sound-${s.id}`}>
              <Icon name="moon" size={24} /> {pick(s.title, lang)}
            </Button>
          ))}
        </div>
      </Section>
      <Section title={t("media.meditation")} intro={t("media.meditationIntro")} testId="meditations">
        <div class="sound-grid">
          {meditations.flatMap((m) =>
            m.minutes.allowed
              .filter((n) => n >= 3)
              .map((n) => (
                <Button key={`${m.id}-${n}`} onClick={act.play({ meditation: m.id, minutes: n })} data-testid={`meditation-${m.id}-${n}`}>
                  {pick(m.title, lang)} · {t("media.minutes", { n })}
                </Button>
              )),
          )}
        </div>
      </Section>
    </div>
  );
}
