// The mpv ContentPlayer: one `mpv --idle` process driven over its JSON IPC socket (Debian's mpv, no
// window, no terminal). `--ao=null` decodes and clocks in real time without a sound card.
import { spawn, type ChildProcess } from "node:child_process";
import { createConnection, type Socket } from "node:net";
import { existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import type { ContentPlayer, PlayerStatus } from "./content-player.js";
import { clampVolume } from "./content-player.js";

export interface MpvOptions {
  binary?: string;
  /** mpv's --ao: "null" plays to no device; undefined lets mpv choose (pulse, alsa…). */
  audioOut?: string;
  /** Seconds to wait for mpv's socket. */
  startTimeoutS?: number;
}

export function createMpvPlayer(options: MpvOptions = {}): ContentPlayer {
  const binary = options.binary ?? "mpv";
  let child: ChildProcess | null = null;
  let socket: Socket | null = null;
  let starting: Promise<Socket> | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let buffered = "";
  let sockPath = "";
  let exitError: string | null = null;

  function start(): Promise<Socket> {
    if (socket && !socket.destroyed) return Promise.resolve(socket);
    starting ??= (async () => {
      sockPath = join(tmpdir(), `guimi-mpv-${process.pid}-${randomBytes(4).toString("hex")}.sock`);
      const args = [
        "--idle=yes",
        `--input-ipc-server=${sockPath}`,
        "--no-video",
        "--no-terminal",
        "--no-config",
        "--audio-display=no",
        "--keep-open=no",
        "--volume=100",
      ];
      if (options.audioOut) args.push(`--ao=${options.audioOut}`);
      exitError = null;
      const proc = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"] });
      child = proc;
      let stderr = "";
      proc.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
      const spawned = new Promise<void>((resolve, reject) => {
        proc.once("spawn", () => resolve());
        proc.once("error", (error) => reject(new Error(`cannot run ${binary}: ${error.message} (install Debian's mpv)`)));
      });
      proc.once("exit", (code) => {
        exitError = `mpv exited (${code}): ${stderr.trim().slice(-300)}`;
        for (const waiter of pending.values()) waiter.reject(new Error(exitError));
        pending.clear();
        socket?.destroy();
        socket = null;
        child = null;
        starting = null;
      });
      await spawned;
      const deadline = Date.now() + (options.startTimeoutS ?? 10) * 1000;
      for (;;) {
        if (exitError) throw new Error(exitError);
        if (existsSync(sockPath)) {
          try {
            const connected = await connect(sockPath);
            socket = connected;
            return connected;
          } catch {
            /* not listening yet */
          }
        }
        if (Date.now() > deadline) throw new Error("mpv did not open its IPC socket");
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    return starting.catch((error: unknown) => {
      starting = null;
      throw error;
    });
  }

  function connect(path: string): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const s = createConnection(path);
      s.once("connect", () => {
        s.off("error", reject);
        s.on("error", () => undefined);
        s.setEncoding("utf8");
        s.on("data", (chunk: string) => {
          buffered += chunk;
          let newline: number;
          while ((newline = buffered.indexOf("\n")) >= 0) {
            const line = buffered.slice(0, newline);
            buffered = buffered.slice(newline + 1);
            if (!line.trim()) continue;
            let message: { request_id?: number; error?: string; data?: unknown; event?: string };
            try {
              message = JSON.parse(line);
            } catch {
              continue;
            }
            if (message.request_id === undefined) continue; // events; status is polled
            const waiter = pending.get(message.request_id);
            if (!waiter) continue;
            pending.delete(message.request_id);
            if (message.error && message.error !== "success") waiter.reject(new Error(`mpv: ${message.error}`));
            else waiter.resolve(message.data);
          }
        });
        resolve(s);
      });
      s.once("error", reject);
    });
  }

  async function command(...args: unknown[]): Promise<unknown> {
    const s = await start();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`mpv did not answer ${String(args[0])}`));
      }, 5000);
      pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      s.write(JSON.stringify({ command: args, request_id: id }) + "\n");
    });
  }

  /** A property that may be unavailable (nothing loaded): null instead of an error. */
  async function property(name: string): Promise<unknown> {
    try {
      return await command("get_property", name);
    } catch (error) {
      if (/property unavailable/.test((error as Error).message)) return null;
      throw error;
    }
  }

  return {
    kind: options.audioOut === "null" ? "mpv-null" : "mpv",
    async play(source) {
      await command("set_property", "loop-file", source.loop ? "inf" : "no");
      await command("loadfile", source.path, "replace");
      await command("set_property", "pause", false);
    },
    async pause() {
      await command("set_property", "pause", true);
    },
    async resume() {
      await command("set_property", "pause", false);
    },
    async stop() {
      if (child) await command("stop");
    },
    async setVolume(percent) {
      await command("set_property", "volume", clampVolume(percent));
    },
    async status(): Promise<PlayerStatus> {
      if (!child) return { state: "idle", positionS: null, durationS: null };
      const [idle, paused, position, duration] = await Promise.all([property("idle-active"), property("pause"), property("time-pos"), property("duration")]);
      if (idle === true) return { state: "idle", positionS: null, durationS: null };
      return {
        state: paused === true ? "paused" : "playing",
        positionS: typeof position === "number" ? position : null,
        durationS: typeof duration === "number" ? duration : null,
      };
    },
    async close() {
      const proc = child;
      if (!proc) return;
      const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
      try {
        await command("quit");
      } catch {
        proc.kill("SIGTERM");
      }
      const timer = setTimeout(() => proc.kill("SIGKILL"), 2000);
      await exited;
      clearTimeout(timer);
      if (sockPath) rmSync(sockPath, { force: true });
    },
  };
}
