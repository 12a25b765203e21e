// One-time download links, so a paired phone can save her export as a file: a browser download
// (<a download>, a navigation) cannot send the Authorization header, and a device's token must never
// sit in a URL (history, logs, a shared link). A link names one download, belongs to the device that
// asked for it, works once, and only for a minute; revoking the device drops its links. Kept in
// memory only: a restart forgets them, which is the point.
import { randomBytes, timingSafeEqual } from "node:crypto";

/** What may be fetched through a link: the downloads 我的数据 offers. */
export const DOWNLOADABLE = ["/data/export", "/reminders/export.ics"] as const;
export type Downloadable = (typeof DOWNLOADABLE)[number];

export const LINK_TTL_MS = 60_000;
/** Outstanding links at once; the oldest go first (a device asking in a loop cannot grow this). */
const MAX_LINKS = 64;

interface Link {
  path: Downloadable;
  device: { id: string; name: string };
  expiresAt: number;
}

export interface DownloadLinks {
  /** A new link for this device: the URL (path and `?dl=` ticket) and when it stops working. */
  issue(path: Downloadable, device: { id: string; name: string }): { url: string; expiresAt: Date };
  /** The device a ticket was issued to, if it is for this path and still fresh; a ticket works once. */
  redeem(ticket: string, path: string): { id: string; name: string } | null;
  /** Drops every link of a device (it was revoked). */
  forget(deviceId: string): void;
}

const TICKET = /^[A-Za-z0-9_-]{43}$/;

export function createDownloadLinks(options: { now?: () => number; ttlMs?: number } = {}): DownloadLinks {
  const now = options.now ?? Date.now;
  const ttl = options.ttlMs ?? LINK_TTL_MS;
  const links = new Map<string, Link>();
  const sweep = () => {
    const at = now();
    for (const [ticket, link] of links) if (link.expiresAt <= at) links.delete(ticket);
  };
  return {
    issue(path, device) {
      sweep();
      while (links.size >= MAX_LINKS) links.delete(links.keys().next().value!);
      const ticket = randomBytes(32).toString("base64url");
      const expiresAt = now() + ttl;
      links.set(ticket, { path, device, expiresAt });
      return { url: `/api/v1${path}?dl=${ticket}`, expiresAt: new Date(expiresAt) };
    },
    redeem(ticket, path) {
      if (!TICKET.test(ticket)) return null;
      // Found by comparing every stored ticket in constant time, so timing says nothing about near misses.
      const presented = Buffer.from(ticket);
      let found: string | null = null;
      for (const stored of links.keys()) if (timingSafeEqual(Buffer.from(stored), presented)) found = stored;
      if (!found) return null;
      const link = links.get(found)!;
      links.delete(found);
      if (link.expiresAt <= now() || `/api/v1${link.path}` !== path) return null;
      return link.device;
    },
    forget(deviceId) {
      for (const [ticket, link] of links) if (link.device.id === deviceId) links.delete(ticket);
    },
  };
}

const perApp = new WeakMap<object, DownloadLinks>();

/** The links of one running app, shared by the edge guard (which redeems them) and the route that issues them. */
export function downloadLinksFor(app: { devices: { onRevoke(listener: (deviceId: string) => void): () => void } }): DownloadLinks {
  let links = perApp.get(app);
  if (!links) {
    const created = createDownloadLinks();
    app.devices.onRevoke((deviceId) => created.forget(deviceId));
    perApp.set(app, (links = created));
  }
  return links;
}
