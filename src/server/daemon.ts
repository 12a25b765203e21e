// `guimi start`: the HTTP + WebSocket server on loopback, the web page, and a daemon.json so the CLI finds it.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { getRequestListener } from "@hono/node-server";
import type { GuimiApp } from "../app/guimi-app.js";
import { createHttpApi, type RouteModule } from "./http-api.js";
import { createWebSocketHub } from "./websocket.js";
import { mountWebPage } from "./web-page.js";
import { isLoopback } from "./remote-access.js";
import { routeModules } from "../app/capabilities.js";

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
  const http = createHttpApi(app, options.modules ?? routeModules);
  mountWebPage(http);
  const hub = createWebSocketHub(app);
  const server = createServer(getRequestListener(http.fetch));
  // Capabilities' own WebSocket endpoints (/api/v1/voice), behind the same pairing check as /api/v1/ws.
  const upgrades = new Map(app.capabilities.flatMap((c) => c.upgrades ?? []).map((u) => [u.path, u]));
  server.on("upgrade", (request, socket, head) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const own = upgrades.get(url.pathname);
    if (!own) return hub.handleUpgrade(request, socket, head);
    const token = url.searchParams.get("token") ?? request.headers.authorization?.replace(/^Bearer\s+/i, "");
    if (!isLoopback(request.socket.remoteAddress ?? "") && token !== app.pairingToken()) {
      socket.write("HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n");
      socket.destroy();
      return;
    }
    own.handle(request, socket, head);
  });
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
