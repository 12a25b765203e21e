// The media capability: her music library, generated sleep sounds, guided meditation and breathing,
// one player for all of it (mpv, or no device), routes, fast-path intents, tools, and the offers the
// care engine may make because the device can back them.
import { spawnSync } from "node:child_process";
import { z } from "zod";
import { defineCapability, type Capability, type Tool } from "../kernel/capability.js";
import { readJson, readQuery } from "../kernel/http.js";
import { describeApiPaths, jsonBody } from "../kernel/openapi-paths.js";
import type { Lang } from "../kernel/lang.js";
import type { Db } from "../storage/database.js";
import { GuimiError, InputError, NotFoundError } from "../errors.js";
import type { TextToSpeech } from "../voice/text-to-speech.js";
import type { Outbound } from "../privacy/outbound.js";
import { createRadio } from "./radio.js";
import { mediaMigrations } from "./media-migrations.js";
import { createMediaLibrary, type MediaLibrary } from "./media-library.js";
import { scanLibrary, type ScanOptions } from "./library-scanner.js";
import type { ContentPlayer } from "./content-player.js";
import { createMpvPlayer } from "./mpv-player.js";
import { createNullPlayer } from "./null-player.js";
import { createPagePlayer } from "./page-player.js";
import { serveFile } from "./file-response.js";
import { createMediaController, type MediaController, type MediaStatus, type PlayOutcome } from "./media-controller.js";
import { createMediaIntents, playOffer, DEFAULT_SLEEP_MINUTES, type RecentMessage } from "./media-intent.js";
import { mediaCategories } from "./media-data-category.js";
import { sleepSounds, type SleepSoundId } from "./sleep-sounds.js";
import { meditationMinutes, meditationTitles, type MeditationId } from "./meditation-scripts.js";
import type { MediaAvailability, MediaOffer } from "./media-offer.js";

export type { MediaStatus, MediaOffer, MediaAvailability };
export { mediaOfferSchema } from "./media-offer.js";

/** Where sound goes: the default device through mpv, mpv decoding to no device, no process at all, or the touchscreen page. */
export const audioOutSchema = z.enum(["auto", "mpv-null", "null", "page"]);
export type AudioOut = z.infer<typeof audioOutSchema>;

export interface MediaDeps {
  db: Db;
  now: () => Date;
  /** The data dir's cache (generated sleep sounds live in cache/media). */
  cacheDir: string;
  audioOut: AudioOut;
  /** Speaks meditation lines; ignored when audioOut is "null". */
  speech: TextToSpeech | null;
  /** Folders scanned when the device starts (config media.musicDirs). */
  musicDirs?: string[];
  /** Tells every screen what plays now (the bus's media-changed). */
  emit?: (status: MediaStatus) => void;
  /** The conversation so far, for answering a care offer with 好 / yes. */
  recentMessages?: (conversationId: string, beforeId: number, limit: number) => RecentMessage[];
  /** What she said she likes (memory's preferences), to rank "my songs". */
  likes?: () => string[];
  /** The outbound gate, for internet radio (opt-in: outbound.radio). Without it there is no radio. */
  outbound?: Outbound;
  /** Radio Browser's API (tests point it at a local server). */
  radioBrowserUrl?: string;
  /** Player override (tests). */
  player?: ContentPlayer;
}

/** The mounted capability, with the parts the CLI, the care engine and the page use. */
export interface MediaCapability extends Capability {
  name: "media";
  controller: MediaController;
  library: MediaLibrary;
  scan(dir: string, options?: ScanOptions): Promise<ScanSummary>;
  available(): MediaAvailability;
  /** A concrete offer of that kind the device can back now, or null (no songs, no sox…). */
  suggestOffer(kind: MediaOffer["kind"]): MediaOffer | null;
  play(offer: MediaOffer, lang: Lang): Promise<{ text: string }>;
}

export interface ScanSummary {
  root: string;
  files: number;
  added: number;
  updated: number;
  removed: number;
  complete: boolean;
  skipped: { path: string; reason: string }[];
  seconds: number;
}

export function isMediaCapability(capability: Capability): capability is MediaCapability {
  return capability.name === "media" && "controller" in capability;
}

/** The song's embedded cover picture (front cover first), read on demand; covers are never copied. */
async function readCover(path: string): Promise<{ data: Uint8Array; format: string } | null> {
  try {
    const { parseFile, selectCover } = await import("music-metadata");
    const { common } = await parseFile(path, { skipCovers: false, duration: false });
    const picture = selectCover(common.picture);
    if (!picture || picture.data.length > 8 * 1024 * 1024 || !/^image\/(png|jpeg|jpg|webp|gif)$/.test(picture.format)) return null;
    return { data: picture.data, format: picture.format === "image/jpg" ? "image/jpeg" : picture.format };
  } catch {
    return null;
  }
}

const installed = new Map<string, boolean>();
function hasBinary(binary: string): boolean {
  if (!installed.has(binary)) installed.set(binary, spawnSync(binary, ["--version"], { stdio: "ignore", timeout: 5000 }).status === 0);
  return installed.get(binary)!;
}

const langSchema = z.enum(["zh", "en"]).default("zh");
const soundIds = sleepSounds.map((s) => s.id) as [SleepSoundId, ...SleepSoundId[]];
const meditationIds = Object.keys(meditationTitles) as [MeditationId, ...MeditationId[]];

const playBody = z
  .object({
    query: z.string().trim().min(1).max(200).optional(),
    itemId: z.number().int().positive().optional(),
    mine: z.boolean().optional(),
    sound: z.enum(soundIds).optional(),
    meditation: z.enum(meditationIds).optional(),
    station: z.string().min(1).max(100).optional(),
    minutes: z.number().int().min(1).max(600).optional(),
    lang: langSchema,
  })
  .strict()
  .refine((b) => [b.query, b.itemId, b.mine, b.sound, b.meditation, b.station].filter((v) => v !== undefined).length === 1, {
    message: "give exactly one of query, itemId, mine, sound, meditation, station",
  });

const volumeBody = z
  .object({ volume: z.number().min(0).max(100).optional(), delta: z.number().min(-100).max(100).optional() })
  .strict()
  .refine((b) => (b.volume === undefined) !== (b.delta === undefined), { message: "give volume or delta" });
const sleepTimerBody = z.object({ minutes: z.number().int().min(1).max(600).nullable() }).strict();
const scanBody = z
  .object({
    dir: z
      .string()
      .min(1)
      .max(4096)
      .regex(/^[^\u0000]+$/, "no NUL characters"),
    maxFiles: z.number().int().min(1).max(200_000).optional(),
  })
  .strict();
const searchQuery = z.object({ q: z.string().trim().min(1).max(200), limit: z.coerce.number().int().min(1).max(100).default(20) }).strict();
const pageReportBody = z.object({ id: z.string().min(1).max(64), positionS: z.number().min(0).max(86_400), ended: z.boolean().default(false) }).strict();
const libraryQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), after: z.coerce.number().int().min(0).optional() }).strict();

const query = (name: string, description: string, required = false) => ({ name, in: "query", required, schema: { type: "string" }, description });
const idPath = { name: "id", in: "path", required: true, schema: { type: "string" } };
const status = (summary: string) => ({ summary, responses: { "200": { description: "the player's status {state, item, volume, sleepAt…}" } } });
const bad = { "400": { description: "a bad field (the message names it)" } };

describeApiPaths({
  "/media/status": { get: status("What plays now: state, item, position, volume, sleep timer") },
  "/media/available": {
    get: {
      summary: "What the device can play right now (music, sleep sounds, meditations, radio)",
      responses: { "200": { description: "{music, sleepSounds, meditations, radio}" } },
    },
  },
  "/media/play": {
    post: {
      summary: "Play exactly one of: a search query, a library item, her songs, a sleep sound, a guided meditation, a radio station (minutes: sleep timer)",
      requestBody: jsonBody(playBody),
      responses: { "200": { description: "the player's status" }, ...bad, "404": { description: "nothing in the library matches, or the library is empty" } },
    },
  },
  "/media/pause": { post: status("Pause") },
  "/media/resume": { post: status("Resume") },
  "/media/next": { post: status("The next item") },
  "/media/stop": { post: status("Stop") },
  "/media/volume": {
    post: {
      summary: "Set the volume (0–100) or change it by delta",
      requestBody: jsonBody(volumeBody),
      responses: { "200": { description: "the player's status" }, ...bad },
    },
  },
  "/media/sleep-timer": {
    post: {
      summary: "Stop playing after this many minutes (null: no timer)",
      requestBody: jsonBody(sleepTimerBody),
      responses: { "200": { description: "the player's status" }, ...bad },
    },
  },
  "/media/scan": {
    post: {
      summary: "Scan a folder on this device for music (tags read with music-metadata); the songs join her library",
      requestBody: jsonBody(scanBody),
      responses: { "200": { description: "{added, updated, removed, skipped…}" }, ...bad, "404": { description: "no such folder" } },
    },
  },
  "/media/search": {
    get: {
      summary: "Search her music library",
      parameters: [query("q", "words of a title, artist or album", true), query("limit", "1–100, default 20")],
      responses: { "200": { description: "{items}" }, ...bad },
    },
  },
  "/media/library": {
    get: {
      summary: "Her music library, a page at a time",
      parameters: [query("limit", "1–500, default 100"), query("after", "the last id of the previous page")],
      responses: { "200": { description: "{count, folders, items}" }, ...bad },
    },
  },
  "/media/cover/{id}": {
    get: {
      summary: "A song's embedded cover picture",
      parameters: [idPath],
      responses: { "200": { description: "the image" }, "404": { description: "no such song, or no cover" } },
    },
  },
  "/media/stream/{id}": {
    get: {
      summary: "The file behind what plays now, for the page as the speaker (Range requests supported)",
      parameters: [idPath],
      responses: { "200": { description: "the audio" }, "206": { description: "a range of it" }, "404": { description: "not what plays now" } },
    },
  },
  "/media/page-report": {
    post: {
      summary: "The page, as the speaker, says where it is in the stream and whether it ended",
      requestBody: jsonBody(pageReportBody),
      responses: { "200": { description: "{accepted}" }, ...bad, "404": { description: "the page is not the speaker" } },
    },
  },
  "/media/radio/search": {
    get: {
      summary: "Search internet radio stations (Radio Browser); only when she turned internet radio on",
      parameters: [query("q", "a station name, genre or place", true), query("limit", "1–100, default 20")],
      responses: { "200": { description: "{stations}" }, ...bad, "403": { description: "internet radio is off" } },
    },
  },
  "/media/sounds": { get: { summary: "The sleep sounds on the device", responses: { "200": { description: "{sounds: [{id, title}]}" } } } },
  "/media/meditations": { get: { summary: "The guided meditations, with their lengths in minutes", responses: { "200": { description: "{meditations}" } } } },
});

function unwrap(outcome: PlayOutcome): MediaStatus {
  if (outcome.ok) return outcome.status;
  if (outcome.reason === "empty-library") throw new NotFoundError("the music library is empty: scan a folder first (POST /api/v1/media/scan)");
  throw new NotFoundError(`nothing in the library matches "${outcome.query ?? ""}"`);
}

export const mediaCapability = defineCapability<MediaDeps>({
  name: "media",
  migrations: mediaMigrations,
  create(deps): MediaCapability {
    const library = createMediaLibrary(deps.db, { ...(deps.likes ? { likes: deps.likes } : {}) });
    const pagePlayer = deps.audioOut === "page" && !deps.player ? createPagePlayer({ now: deps.now }) : null;
    const player =
      deps.player ??
      pagePlayer ??
      (deps.audioOut === "null" ? createNullPlayer({ now: deps.now }) : createMpvPlayer(deps.audioOut === "mpv-null" ? { audioOut: "null" } : {}));
    const speaker = deps.audioOut === "null" ? null : deps.speech;
    const controller = createMediaController({
      library,
      player,
      now: deps.now,
      cacheDir: deps.cacheDir,
      speak: speaker ? (text, lang) => void speaker.speak(text, lang).catch((error: unknown) => console.error("media speech:", error)) : null,
      ...(deps.emit ? { onChange: deps.emit } : {}),
    });
    const radio = deps.outbound ? createRadio({ outbound: deps.outbound, ...(deps.radioBrowserUrl ? { baseUrl: deps.radioBrowserUrl } : {}) }) : null;
    async function playStation(id: string, minutes: number | null): Promise<MediaStatus> {
      const station = radio?.station(id);
      if (!radio || !station) throw new NotFoundError(`no station ${id}: search first (GET /api/v1/media/radio/search?q=…)`);
      if (player.kind === "page") throw new GuimiError("radio plays through the device's player, not the page", "conflict");
      return controller.playRadio(station, await radio.relayUrl(station), minutes);
    }
    const intents = createMediaIntents({ controller, ...(deps.recentMessages ? { recentMessages: deps.recentMessages } : {}) });
    let ticker: ReturnType<typeof setInterval> | null = null;

    const playerUsable = () => player.kind === "null" || player.kind === "page" || hasBinary("mpv");
    const available = (): MediaAvailability => {
      const canPlay = playerUsable();
      return { music: canPlay && library.count() > 0, sleepSounds: canPlay && hasBinary("sox"), meditation: canPlay && hasBinary("sox") };
    };

    async function scan(dir: string, options: ScanOptions = {}): Promise<ScanSummary> {
      const started = performance.now();
      let result;
      try {
        // Only unchanged files are skipped; `known` is read for the root by its real path inside.
        const { realpath } = await import("node:fs/promises");
        const root = await realpath(dir);
        result = await scanLibrary(root, { ...options, known: library.known(root) });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const shown = dir.length > 200 ? `${dir.slice(0, 200)}…` : dir;
        if (code === "ENOENT" || code === "ENOTDIR" || /not a folder/.test((error as Error).message)) throw new InputError(`dir: ${shown} is not a folder`);
        // A name longer than the file system allows, a loop of links, a folder she may not read: her input, said as such.
        if (code === "ENAMETOOLONG" || code === "ELOOP" || code === "EINVAL")
          throw new InputError(`dir: ${shown} is not a folder path this device can open (${code})`);
        if (code === "EACCES" || code === "EPERM") throw new InputError(`dir: ${shown} may not be read by Guimi (${code})`);
        throw error;
      }
      const applied = library.applyScan(result.root, result.files, deps.now(), result.complete);
      return {
        root: result.root,
        files: result.files.length,
        ...applied,
        complete: result.complete,
        skipped: result.skipped,
        seconds: Math.round(performance.now() - started) / 1000,
      };
    }

    function suggestOffer(kind: MediaOffer["kind"]): MediaOffer | null {
      const can = available();
      if (kind === "music") {
        const top = can.music ? library.mySongs(deps.now(), 1)[0] : undefined;
        return top ? { kind: "music", itemId: top.id, title: top.title, artist: top.artist } : null;
      }
      if (kind === "sleep-sound") return can.sleepSounds ? { kind: "sleep-sound", soundId: "rain", minutes: 30 } : null;
      return can.meditation ? { kind: "meditation", meditationId: "breathing-478", minutes: 5 } : null;
    }

    const tools: Tool[] = [
      {
        name: "media_play",
        description: "Play music from her library: a song title, an artist or an album (zh or en). Plays the best match, then the other matches.",
        input: z.object({ query: z.string().min(1).max(200) }).strict(),
        run: async (input) => unwrap(await controller.playQuery((input as { query: string }).query)),
      } as Tool<{ query: string }> as Tool,
      {
        name: "media_play_sleep_sound",
        description: `Play a generated sleep sound, looped, fading out after some minutes: ${soundIds.join(", ")}.`,
        input: z.object({ sound: z.enum(soundIds), minutes: z.number().int().min(1).max(600).default(DEFAULT_SLEEP_MINUTES), lang: langSchema }).strict(),
        run: (input) => {
          const i = input as { sound: SleepSoundId; minutes: number; lang: Lang };
          return controller.playSleepSound(i.sound, i.lang, i.minutes);
        },
      },
      {
        name: "media_start_meditation",
        description: "Start a guided meditation or breathing exercise, spoken over a quiet sound bed: breathing-478, body-scan, falling-asleep.",
        input: z.object({ meditation: z.enum(meditationIds), minutes: z.number().int().min(1).max(60).optional(), lang: langSchema }).strict(),
        run: (input) => {
          const i = input as { meditation: MeditationId; minutes?: number; lang: Lang };
          return controller.startMeditation(i.meditation, i.lang, i.minutes ?? meditationMinutes[i.meditation].default);
        },
      },
      {
        name: "media_control",
        description: "Pause, resume, skip to the next song, or stop what is playing.",
        input: z.object({ action: z.enum(["pause", "resume", "next", "stop"]) }).strict(),
        run: (input) => controller[(input as { action: "pause" | "resume" | "next" | "stop" }).action](),
      },
      {
        name: "media_volume",
        description: "Set the playback volume (0–100) or change it by a delta.",
        input: volumeBody,
        run: (input) => {
          const i = input as { volume?: number; delta?: number };
          return controller.setVolume(i.volume ?? controller.status().volume + (i.delta ?? 0));
        },
      },
      {
        name: "media_sleep_timer",
        description: "Fade out and stop playback after some minutes (null cancels).",
        input: sleepTimerBody,
        run: (input) => controller.sleepAfter((input as { minutes: number | null }).minutes),
      },
      {
        name: "media_radio_search",
        description: "Search internet radio stations by name or tag (needs outbound.radio turned on by her).",
        input: z.object({ query: z.string().min(1).max(100) }).strict(),
        run: async (input) => {
          if (!radio) throw new NotFoundError("internet radio is not available on this device");
          return radio.search((input as { query: string }).query);
        },
      },
      {
        name: "media_play_radio",
        description: "Play a station found by media_radio_search (by its id).",
        input: z.object({ station: z.string().min(1).max(100), minutes: z.number().int().min(1).max(600).nullable().default(null) }).strict(),
        run: (input) => playStation((input as { station: string }).station, (input as { minutes: number | null }).minutes),
      },
      {
        name: "media_status",
        description: "What is playing now: state, title, artist, position.",
        input: z.object({}).strict(),
        run: () => controller.refresh(),
      },
    ];

    return {
      name: "media",
      controller,
      library,
      scan,
      available,
      suggestOffer,
      play: (offer, lang) => playOffer(controller, offer, lang),
      intents,
      tools,
      dataCategories: mediaCategories(library),
      status: () => ({
        output: player.kind,
        library: { songs: library.count(), folders: library.roots().map((r) => r.path) },
        available: available(),
        state: controller.status().state,
      }),
      routes: (api) => {
        api.get("/media/status", async (c) => c.json(await controller.refresh()));
        api.get("/media/available", (c) => c.json(available()));
        api.post("/media/play", async (c) => {
          const body = await readJson(c, playBody);
          if (body.query) return c.json(unwrap(await controller.playQuery(body.query)));
          if (body.itemId) return c.json(unwrap(await controller.playItem(body.itemId)));
          if (body.mine) return c.json(unwrap(await controller.playMySongs()));
          if (body.station) return c.json(await playStation(body.station, body.minutes ?? null));
          if (body.sound) return c.json(await controller.playSleepSound(body.sound, body.lang, body.minutes ?? DEFAULT_SLEEP_MINUTES));
          const id = body.meditation!;
          return c.json(await controller.startMeditation(id, body.lang, body.minutes ?? meditationMinutes[id].default));
        });
        api.post("/media/pause", async (c) => c.json(await controller.pause()));
        api.post("/media/resume", async (c) => c.json(await controller.resume()));
        api.post("/media/next", async (c) => c.json(await controller.next()));
        api.post("/media/stop", async (c) => c.json(await controller.stop()));
        api.post("/media/volume", async (c) => {
          const body = await readJson(c, volumeBody);
          return c.json(await controller.setVolume(body.volume ?? controller.status().volume + (body.delta ?? 0)));
        });
        api.post("/media/sleep-timer", async (c) => c.json(await controller.sleepAfter((await readJson(c, sleepTimerBody)).minutes)));
        api.post("/media/scan", async (c) => {
          const body = await readJson(c, scanBody);
          return c.json(await scan(body.dir, body.maxFiles ? { maxFiles: body.maxFiles } : {}));
        });
        api.get("/media/search", (c) => {
          const q = readQuery(c, searchQuery);
          return c.json({ items: library.search(q.q, deps.now(), q.limit) });
        });
        api.get("/media/library", (c) => {
          const q = readQuery(c, libraryQuery);
          return c.json({
            count: library.count(),
            folders: library.roots(),
            items: library.list({ limit: q.limit, ...(q.after ? { afterId: q.after } : {}) }),
          });
        });
        api.get("/media/cover/:id", async (c) => {
          const id = Number(c.req.param("id"));
          const item = Number.isInteger(id) && id > 0 ? library.get(id) : undefined;
          if (!item) throw new NotFoundError(`no song ${c.req.param("id")}`);
          const cover = await readCover(item.path);
          if (!cover) throw new NotFoundError(`song ${id} has no cover picture`);
          return c.body(new Uint8Array(cover.data), 200, { "content-type": cover.format, "cache-control": "max-age=3600" });
        });
        // The page as the speaker: the file behind the stream id of what plays now, and where the page is.
        api.get("/media/stream/:id", (c) => {
          const path = pagePlayer?.pathOf(c.req.param("id"));
          if (!path) throw new NotFoundError("no such stream (it is not what plays now)");
          return serveFile(path, c.req.header("range"));
        });
        api.post("/media/page-report", async (c) => {
          const body = await readJson(c, pageReportBody);
          if (!pagePlayer) throw new NotFoundError('the page is not the speaker (media.audioOut is not "page")');
          const accepted = pagePlayer.report(body.id, body.positionS, body.ended);
          return c.json({ accepted });
        });
        api.get("/media/radio/search", async (c) => {
          const q = readQuery(c, searchQuery);
          if (!radio) throw new NotFoundError("internet radio is not available on this device");
          return c.json({ stations: await radio.search(q.q, q.limit) });
        });
        api.get("/media/sounds", (c) => c.json({ sounds: sleepSounds.map((s) => ({ id: s.id, title: s.title })) }));
        api.get("/media/meditations", (c) =>
          c.json({ meditations: meditationIds.map((id) => ({ id, title: meditationTitles[id], minutes: meditationMinutes[id] })) }),
        );
      },
      start() {
        ticker = setInterval(() => void controller.tick().catch((error: unknown) => console.error("media:", error)), 500);
        for (const dir of deps.musicDirs ?? []) void scan(dir).catch((error: unknown) => console.error(`media scan ${dir}:`, (error as Error).message));
      },
      async stop() {
        if (ticker) clearInterval(ticker);
        ticker = null;
        await controller.stop().catch(() => undefined);
        await controller.close();
        await radio?.close();
      },
    };
  },
});
