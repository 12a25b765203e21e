// The one guard in front of every route and the WebSocket upgrade. What it stops:
// - cross-site requests (a web page she visits posting a form, text/plain or urlencoded, to 127.0.0.1):
//   bodies must carry the route's declared type (JSON unless the route says audio/image/calendar), and a
//   foreign Origin is refused; no CORS is offered to anyone;
// - DNS rebinding (evil.example resolving to 127.0.0.1): Host must be a loopback name, one of the
//   device's own addresses or names, or a name she configured (server.allowedHosts);
// - the LAN without a token: only loopback peers need none; a request whose peer address is unknown
//   (the connection was reset) is refused; tokens are per device, hashed, compared in constant time,
//   and read only from the Authorization header or a WebSocket subprotocol, never from a URL (a download
//   a browser starts carries a one-time link's ticket instead: download-links.ts);
// - oversize bodies: each route has its own limit (JSON 256 KiB, audio 16 MiB, images 8 MiB, .ics 1 MiB).
import type { IncomingMessage } from "node:http";
import { hostname, networkInterfaces } from "node:os";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ApiClient, ApiEnv } from "../kernel/http.js";
import type { DeviceRegistry } from "../pairing/device-registry.js";
import { EdgeError, httpError } from "./api-errors.js";
import { InputError } from "../errors.js";
import { isLoopback } from "./remote-access.js";

export type { ApiClient };

export interface BodyPolicy {
  /** Accepted media types (lowercase essence, no parameters). */
  types: readonly string[];
  maxBytes: number;
}

export const DEFAULT_BODY: BodyPolicy = { types: ["application/json"], maxBytes: 256 * 1024 };

/** The facts the guard decides on, the same for an HTTP request and a WebSocket upgrade. */
export interface RequestFacts {
  method: string;
  /** Path without the query. */
  path: string;
  host: string | undefined;
  origin: string | undefined;
  secFetchSite: string | undefined;
  /** The bearer token from the Authorization header or the `bearer.<token>` subprotocol. */
  token: string | undefined;
  /** The peer address; undefined when the connection is already gone. */
  remoteAddress: string | undefined;
  /** A one-time download link's ticket (`?dl=` on a GET), when the request has one. */
  ticket?: string | undefined;
}

export interface EdgeGuardOptions {
  devices: DeviceRegistry;
  /** One-time download links (a paired phone saving her export), redeemed here. */
  downloads?: { redeem(ticket: string, path: string): { id: string; name: string } | null };
  /** Names she configured (config server.allowedHosts). */
  allowedHosts?: () => readonly string[];
  /** The body policy of a route under /api/v1 (path without the prefix); DEFAULT_BODY when it declares none. */
  bodyPolicy?: (method: string, path: string) => BodyPolicy | undefined;
}

export interface EdgeGuard {
  /** Host, peer, token and Origin: who is asking, or an EdgeError. */
  admit(facts: RequestFacts): ApiClient | null;
  /** Hono middleware: admit() for every request, plus content type and size for /api/ bodies. */
  middleware: MiddlewareHandler<ApiEnv>;
  /** The facts of a WebSocket upgrade request. */
  upgradeFacts(request: IncomingMessage): RequestFacts;
}

const ADDRESS_TTL_MS = 5_000;

/** "Host: [::1]:7420" → "::1"; "Guimi.Local." → "guimi.local". */
export function hostName(host: string): string | null {
  try {
    const url = new URL(`http://${host}`);
    if (url.username || url.password || url.pathname !== "/" || url.search || url.hash) return null;
    return url.hostname
      .replace(/^\[|\]$/g, "")
      .replace(/\.$/, "")
      .toLowerCase();
  } catch {
    return null;
  }
}

/** "host:port" as an origin would carry it (default port dropped), or null when malformed. */
function hostAndPort(host: string, scheme = "http:"): string | null {
  try {
    const url = new URL(`${scheme}//${host}`);
    return url.host.toLowerCase();
  } catch {
    return null;
  }
}

export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(authorization ?? "");
  return match?.[1];
}

/** `Sec-WebSocket-Protocol: guimi.v1, bearer.<token>` → the token. */
export function subprotocolToken(header: string | string[] | undefined): string | undefined {
  const values = (Array.isArray(header) ? header.join(",") : (header ?? "")).split(",").map((p) => p.trim());
  return values.find((p) => p.startsWith("bearer."))?.slice("bearer.".length) || undefined;
}

function mediaType(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  return contentType.split(";")[0]?.trim().toLowerCase();
}

export function createEdgeGuard(options: EdgeGuardOptions): EdgeGuard {
  let own: { names: Set<string>; at: number } | null = null;
  /** The device's own addresses and names, refreshed every few seconds (DHCP may move them). */
  function ownNames(): Set<string> {
    const now = Date.now();
    if (own && now - own.at < ADDRESS_TTL_MS) return own.names;
    const names = new Set<string>();
    for (const list of Object.values(networkInterfaces())) for (const entry of list ?? []) names.add(entry.address.toLowerCase().replace(/%.*$/, ""));
    const name = hostname().toLowerCase();
    if (name) names.add(name).add(`${name}.local`);
    own = { names, at: now };
    return names;
  }

  function hostAllowed(name: string): boolean {
    if (name === "localhost" || name.endsWith(".localhost") || isLoopback(name)) return true;
    if (ownNames().has(name)) return true;
    return (options.allowedHosts?.() ?? []).some((allowed) => allowed.toLowerCase() === name);
  }

  function admit(facts: RequestFacts): ApiClient | null {
    const name = facts.host === undefined ? null : hostName(facts.host);
    if (!name || !hostAllowed(name)) {
      throw new EdgeError(
        `host: "${facts.host ?? ""}" is not a name of this device; add it to server.allowedHosts in config.json if it is / 这个地址不是本机`,
        "forbidden",
      );
    }
    // Only reading the page itself (static files, no data) is open; the test is loose on purpose
    // ("//api", "/API", "/%61pi" all count as the API), so no spelling of a path slips past the checks.
    const page = (facts.method === "GET" || facts.method === "HEAD") && !/^\/*(api|%61)/i.test(facts.path);
    if (page) return null;
    // Who: loopback peers are this device's own screen and CLI; everyone else shows a token.
    if (facts.remoteAddress === undefined || facts.remoteAddress === "")
      throw new EdgeError("the connection's address is unknown (it was closed); refused", "unauthorized");
    let client: ApiClient;
    if (facts.token === undefined && facts.ticket !== undefined && facts.method === "GET") {
      // Still paired: a link dies with its device.
      const device = options.downloads?.redeem(facts.ticket, facts.path) ?? null;
      if (!device || !options.devices.list().some((d) => d.id === device.id))
        throw new EdgeError("this download link has expired or was already used: ask for a new one / 下载链接已失效，请重新下载", "unauthorized");
      client = { kind: "device", device };
    } else if (facts.token !== undefined) {
      const device = options.devices.authenticate(facts.token);
      if (!device)
        throw new EdgeError("this token is not valid (revoked or mistyped): pair again with `guimi pair --name <device>` / 口令无效", "unauthorized");
      client = { kind: "device", device };
    } else if (isLoopback(facts.remoteAddress)) client = { kind: "local" };
    else
      throw new EdgeError(
        "pair this device first: send `Authorization: Bearer <token>` with the token from `guimi pair --name <device>` / 请先配对",
        "unauthorized",
      );
    // Which page: a browser says where the request comes from. Only the page's own origin, or a
    // paired app holding a token (which no foreign page has), may use the API.
    if (client.kind === "local") {
      if (facts.origin !== undefined) {
        const ownOrigin = facts.host === undefined ? null : hostAndPort(facts.host);
        let origin: string | null = null;
        try {
          const url = new URL(facts.origin);
          origin = url.protocol === "http:" || url.protocol === "https:" ? hostAndPort(url.host, url.protocol) : null;
        } catch {
          origin = null;
        }
        if (!origin || origin !== ownOrigin)
          throw new EdgeError(`origin: "${facts.origin}" is not this device's page; refused / 外部网页不能使用这个接口`, "forbidden");
      } else if (facts.secFetchSite === "cross-site" || facts.secFetchSite === "same-site") {
        throw new EdgeError("a request from another site; refused / 外部网页不能使用这个接口", "forbidden");
      }
    }
    return client;
  }

  const limiters = new Map<number, MiddlewareHandler>();
  function limiter(maxBytes: number): MiddlewareHandler {
    let handler = limiters.get(maxBytes);
    if (!handler) {
      handler = bodyLimit({ maxSize: maxBytes, onError: (c) => httpError(c, tooLarge(maxBytes)) });
      limiters.set(maxBytes, handler);
    }
    return handler;
  }

  const middleware: MiddlewareHandler<ApiEnv> = async (c, next) => {
    let client: ApiClient | null;
    try {
      client = admit({
        method: c.req.method,
        path: c.req.path,
        host: c.req.header("host") ?? new URL(c.req.url).host,
        origin: c.req.header("origin"),
        secFetchSite: c.req.header("sec-fetch-site"),
        token: bearerToken(c.req.header("authorization")),
        remoteAddress: c.env?.incoming?.socket?.remoteAddress,
        ticket: c.req.method === "GET" ? c.req.query("dl") : undefined,
      });
    } catch (error) {
      return httpError(c, error);
    }
    if (!client) return next();
    c.set("client", client);
    const method = c.req.method;
    if (method === "GET" || method === "HEAD") return next();
    const policy = options.bodyPolicy?.(method, c.req.path.replace(/^\/api\/v1(?=\/)/, "")) ?? DEFAULT_BODY;
    const length = c.req.header("content-length");
    const hasBody = (length !== undefined && length.trim() !== "0") || c.req.header("transfer-encoding") !== undefined;
    const type = mediaType(c.req.header("content-type"));
    if ((hasBody || type !== undefined) && (type === undefined || !policy.types.includes(type))) {
      return httpError(c, new EdgeError(`content-type: expected ${policy.types.join(" or ")}${type ? `, got ${type}` : ""}`, "unsupported-media-type"));
    }
    if (!hasBody) return next();
    if (length !== undefined && !/^\d+$/.test(length.trim())) return httpError(c, new InputError("content-length: not a number"));
    if (length !== undefined && Number(length) > policy.maxBytes) return httpError(c, tooLarge(policy.maxBytes));
    return limiter(policy.maxBytes)(c, next);
  };

  return {
    admit,
    middleware,
    upgradeFacts(request) {
      const header = (name: string) => {
        const value = request.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      return {
        method: request.method ?? "GET",
        path: new URL(request.url ?? "/", "http://localhost").pathname,
        host: header("host"),
        origin: header("origin"),
        secFetchSite: header("sec-fetch-site"),
        token: bearerToken(header("authorization")) ?? subprotocolToken(request.headers["sec-websocket-protocol"]),
        remoteAddress: request.socket.remoteAddress,
      };
    },
  };
}

function tooLarge(maxBytes: number): EdgeError {
  const size = maxBytes >= 1024 * 1024 ? `${maxBytes / (1024 * 1024)} MiB` : `${maxBytes / 1024} KiB`;
  return new EdgeError(`body: larger than ${size}`, "too-large");
}
