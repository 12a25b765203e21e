// guimi media scan | play | pause | resume | next | stop | volume | status | search — on the running
// daemon when there is one (it owns the player), otherwise in-process (play then waits until done).
import type { Command } from "commander";
import type { CliContext } from "./main.js";
import { createGuimiApp, type GuimiApp } from "../app/guimi-app.js";
import { dataPaths, ensureDataDir } from "../config/config.js";
import { findRunningDaemon, type DaemonInfo } from "../server/daemon.js";
import { GuimiError, InputError, NotFoundError } from "../errors.js";
import { isMediaCapability, type MediaCapability, type MediaStatus } from "../media/index.js";

type Json = Record<string, unknown>;

/** One call of the media API, on the daemon over loopback HTTP. */
async function callDaemon(daemon: DaemonInfo, method: "GET" | "POST", path: string, body?: unknown): Promise<Json> {
  const response = await fetch(new URL(`api/v1/media/${path}`, daemon.url), {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json().catch(() => ({}))) as Json & { error?: { message?: string } };
  if (!response.ok) {
    const message = json.error?.message ?? `HTTP ${response.status}`;
    if (response.status === 400) throw new InputError(message);
    if (response.status === 404) throw new NotFoundError(message);
    throw new GuimiError(message, "unavailable");
  }
  return json;
}

const clock = (s: number | null | undefined) =>
  s === null || s === undefined ? "-:--" : `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, "0")}`;

export function formatStatus(status: MediaStatus): string {
  if (status.state === "stopped" || !status.item) return "stopped / 没在播放\n";
  const who = status.item.artist ? `${status.item.artist} — ` : "";
  const timer = status.sleepTimer ? `  (stops in ${clock(status.sleepTimer.remainingS)})` : "";
  const med = status.meditation
    ? `  [${status.meditation.step + 1}/${status.meditation.steps}${status.meditation.breath ? " " + status.meditation.breath : ""}]`
    : "";
  return `${status.state}  ${who}${status.item.title}  ${clock(status.positionS)} / ${clock(status.item.durationS)}  vol ${status.volume}${timer}${med}\n`;
}

export function registerMediaCommands(program: Command, ctx: CliContext): void {
  const media = program
    .command("media")
    .description(
      'music, sleep sounds, meditation: guimi media scan <dir> | play "<query>" | pause | resume | next | stop | volume <0-100> | status [--json] | search "<q>"',
    );

  /** Runs against the daemon when one is running, else in a Guimi of its own. */
  async function withTarget<T>(daemonCall: (d: DaemonInfo) => Promise<T>, local: (m: MediaCapability, app: GuimiApp) => Promise<T>): Promise<T> {
    const paths = dataPaths(ctx.dataDir());
    ensureDataDir(paths);
    const daemon = await findRunningDaemon(paths.daemon);
    if (daemon) return daemonCall(daemon);
    const app = await createGuimiApp({ dataDir: ctx.dataDir(), withoutModel: true });
    const capability = app.capabilities.find(isMediaCapability);
    try {
      if (!capability) throw new GuimiError("the media capability is not mounted", "unavailable");
      return await local(capability, app);
    } finally {
      await capability?.controller.stop().catch(() => undefined);
      await capability?.controller.close().catch(() => undefined);
      await app.close();
    }
  }

  const print = (json: boolean, status: MediaStatus) => ctx.stdout.write(json ? JSON.stringify(status) + "\n" : formatStatus(status));

  media
    .command("scan")
    .description("index the music in a folder (and its subfolders, USB drives, NAS mounts)")
    .argument("<dir>")
    .option("--max-files <n>", "stop after this many files", (v) => Number(v))
    .option("--json", "machine-readable")
    .action(async (dir: string, options: { maxFiles?: number; json?: boolean }) => {
      const { resolve } = await import("node:path");
      const absolute = resolve(dir);
      const summary = await withTarget(
        (d) => callDaemon(d, "POST", "scan", { dir: absolute, ...(options.maxFiles ? { maxFiles: options.maxFiles } : {}) }),
        async (m) => (await m.scan(absolute, options.maxFiles ? { maxFiles: options.maxFiles } : {})) as unknown as Json,
      );
      if (options.json) ctx.stdout.write(JSON.stringify(summary) + "\n");
      else
        ctx.stdout.write(
          `${String(summary.root)}: ${String(summary.files)} songs (${String(summary.added)} new, ${String(summary.updated)} changed, ${String(summary.removed)} gone) in ${String(summary.seconds)} s` +
            `${summary.complete ? "" : " — stopped early (limit reached)"}\n`,
        );
    });

  media
    .command("play")
    .description(
      "play a song / artist / album from the library, or --sound rain|waves|white-noise|pink-noise|brown-noise, or --meditation breathing-478|body-scan|falling-asleep",
    )
    .argument("[query]")
    .option("--sound <id>", "a generated sleep sound")
    .option("--meditation <id>", "a guided meditation or breathing exercise")
    .option("--minutes <n>", "sleep timer / meditation length", (v) => Number(v))
    .option("--lang <zh|en>", "language of titles and the meditation voice", "zh")
    .option("--json", "machine-readable status")
    .action(async (query: string | undefined, options: { sound?: string; meditation?: string; minutes?: number; lang: string; json?: boolean }) => {
      const body: Json = { lang: options.lang };
      if (options.sound) body.sound = options.sound;
      else if (options.meditation) body.meditation = options.meditation;
      else if (query) body.query = query;
      else body.mine = true;
      if (options.minutes) body.minutes = options.minutes;
      const json = Boolean(options.json);
      await withTarget(
        async (d) => void print(json, (await callDaemon(d, "POST", "play", body)) as unknown as MediaStatus),
        async (m, app) => {
          // In-process, the command is the player: it plays until the queue ends, the timer stops it, or Ctrl-C.
          const { createHttpApi } = await import("../server/http-api.js");
          // The command runs on the device itself: its in-process request comes from loopback, as the guard requires.
          const onDevice = { incoming: { socket: { remoteAddress: "127.0.0.1" } } } as never;
          const response = await createHttpApi(app).request(
            "/api/v1/media/play",
            { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
            onDevice,
          );
          const result = (await response.json()) as Json & { error?: { message: string; code: string } };
          if (!response.ok) throw response.status === 400 ? new InputError(result.error!.message) : new NotFoundError(result.error!.message);
          void print(json, result as unknown as MediaStatus);
          let interrupted = false;
          const onSignal = () => (interrupted = true);
          process.once("SIGINT", onSignal);
          try {
            while (!interrupted && m.controller.status().state !== "stopped") {
              await new Promise((r) => setTimeout(r, 250));
              await m.controller.tick();
            }
          } finally {
            process.off("SIGINT", onSignal);
          }
          if (!json) ctx.stdout.write(formatStatus(m.controller.status()));
        },
      );
    });

  for (const action of ["pause", "resume", "next", "stop"] as const) {
    media
      .command(action)
      .option("--json", "machine-readable status")
      .action(async (options: { json?: boolean }) => {
        const status = await withTarget(
          async (d) => (await callDaemon(d, "POST", action)) as unknown as MediaStatus,
          (m) => m.controller[action](),
        );
        print(Boolean(options.json), status);
      });
  }

  media
    .command("volume")
    .argument("<percent>")
    .option("--json", "machine-readable status")
    .action(async (value: string, options: { json?: boolean }) => {
      const volume = Number(value);
      if (!Number.isFinite(volume) || volume < 0 || volume > 100) throw new InputError("percent: expected a number from 0 to 100");
      const status = await withTarget(
        async (d) => (await callDaemon(d, "POST", "volume", { volume })) as unknown as MediaStatus,
        (m) => m.controller.setVolume(volume),
      );
      print(Boolean(options.json), status);
    });

  media
    .command("status")
    .option("--json", 'print {"state","item":{"title","artist","kind"},"positionS",…}')
    .action(async (options: { json?: boolean }) => {
      const status = await withTarget(
        async (d) => (await callDaemon(d, "GET", "status")) as unknown as MediaStatus,
        (m) => m.controller.refresh(),
      );
      print(Boolean(options.json), status);
    });

  media
    .command("search")
    .argument("<query>")
    .option("--json", "machine-readable")
    .action(async (query: string, options: { json?: boolean }) => {
      const result = await withTarget(
        (d) => callDaemon(d, "GET", `search?q=${encodeURIComponent(query)}`),
        async (m, app) => ({ items: m.library.search(query, app.now()) }) as Json,
      );
      const items = result.items as { id: number; title: string; artist: string | null; album: string | null }[];
      if (options.json) ctx.stdout.write(JSON.stringify(result) + "\n");
      else
        ctx.stdout.write(
          items.length === 0 ? "no match / 没找到\n" : items.map((i) => `${i.id}\t${i.artist ?? "-"}\t${i.title}${i.album ? `\t${i.album}` : ""}\n`).join(""),
        );
    });
}
