// `guimi start`: the HTTP + WebSocket server on loopback, the web page, and a daemon.json so the CLI finds it.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { getRequestListener } from "@hono/node-server";
import type { GuimiApp } from "../app/guimi-app.js";
import { createHttpApi, edgeGuardFor, type RouteModule } from "./http-api.js";
import { createWebSocketHub } from "./websocket.js";
import { mountWebPage } from "./web-page.js";
import { routeModules } from "./route-modules.js";
import { rawHttpError } from "./api-errors.js";
import { NotFoundError } from "../errors.js";

export interface DaemonInfo {
  pid: number;
  host: string;
  port: number;
  url: string;
  startedAt: string;
}

export interface RunningDaemon {
  server: Server;
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startDaemon(app: GuimiApp, options: { host: string; port: number; modules?: RouteModule[] }): Promise<RunningDaemon> {
  const guard = edgeGuardFor(app);
  const http = createHttpApi(app, options.modules ?? routeModules, guard);
  mountWebPage(http);
  const hub = createWebSocketHub(app, guard);
  const server = createServer(getRequestListener(http.fetch));
  // Capabilities' own WebSocket endpoints (/api/v1/voice) pass the same edge guard as /api/v1/ws.
  const upgrades = new Map(app.capabilities.flatMap((c) => c.upgrades ?? []).map((u) => [u.path, u]));
  server.on("upgrade", (request, socket, head) => {
    const own = upgrades.get(new URL(request.url ?? "/", "http://localhost").pathname);
    if (!own) return hub.handleUpgrade(request, socket, head);
    socket.on("error", () => socket.destroy());
    try {
      if (!guard.admit(guard.upgradeFacts(request))) throw new NotFoundError(`no WebSocket at ${own.path}`);
    } catch (error) {
      if (socket.writable) socket.end(rawHttpError(error));
      setTimeout(() => socket.destroy(), 1000).unref();
      return;
    }
    own.handle(request, socket, head);
  });
  // A peer that trickles its headers or body cannot hold a connection for long (slowloris from the LAN).
  server.headersTimeout = 15_000;
  server.requestTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = options.host === "0.0.0.0" || options.host === "::" ? "127.0.0.1" : options.host;
  const url = `http://${shownHost.includes(":") ? `[${shownHost}]` : shownHost}:${port}/`;
  const info: DaemonInfo = { pid: process.pid, host: options.host, port, url, startedAt: app.now().toISOString() };
  writeFileSync(app.paths.daemon, JSON.stringify(info, null, 2) + "\n");
  return {
    server,
    url,
    port,
    async stop() {
      hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (readDaemonInfo(app.paths.daemon)?.pid === process.pid) rmSync(app.paths.daemon, { force: true });
    },
  };
}

let processGuarded = false;
/**
 * For the long-running daemon only: a stray error in background work or a library (a sensor, a timer,
 * a socket) is logged and Guimi keeps serving; the systemd unit's Restart=on-failure covers the rest.
 */
export function guardProcess(log: (message: string, error: unknown) => void = (message, error) => console.error(message, error)): void {
  if (processGuarded) return;
  processGuarded = true;
  process.on("uncaughtException", (error) => log("guimi: uncaught error (still serving):", error));
  process.on("unhandledRejection", (reason) => log("guimi: background error (still serving):", reason));
}

export function readDaemonInfo(path: string): DaemonInfo | null {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as DaemonInfo;
  } catch {
    return null;
  }
}

/** The daemon for this data dir, if one is running and answering. */
export async function findRunningDaemon(path: string): Promise<DaemonInfo | null> {
  const info = readDaemonInfo(path);
  if (!info) return null;
  try {
    process.kill(info.pid, 0);
  } catch {
    return null;
  }
  try {
    const response = await fetch(new URL("api/v1/health", info.url), { signal: AbortSignal.timeout(1500) });
    return response.ok ? info : null;
  } catch {
    return null;
  }
}
