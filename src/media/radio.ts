// Internet radio, opt-in (outbound.radio, off by default): stations from Radio Browser's open directory,
// and their streams relayed through a loopback server so that every byte goes through the outbound
// gate and into the ledger — the player itself only ever talks to 127.0.0.1.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Outbound } from "../privacy/outbound.js";

export interface Station {
  id: string;
  name: string;
  url: string;
  country: string | null;
  tags: string[];
  codec: string | null;
  bitrate: number | null;
}

const stationSchema = z.object({
  stationuuid: z.string().min(1).max(100),
  name: z.string().max(400),
  url_resolved: z.string().url().max(2000),
  country: z.string().max(200).optional(),
  tags: z.string().max(2000).optional(),
  codec: z.string().max(50).optional(),
  bitrate: z.number().optional(),
});

export const RADIO_BROWSER = "https://all.api.radio-browser.info";

export function createRadio(deps: { outbound: Outbound; baseUrl?: string }) {
  const base = deps.baseUrl ?? RADIO_BROWSER;
  const known = new Map<string, Station>();
  let relay: { server: Server; port: number } | null = null;
  const tokens = new Map<string, Station>();

  async function list(path: string): Promise<Station[]> {
    const response = await deps.outbound.fetch({ purpose: "radio", dataCategory: "search words", url: `${base}${path}` });
    if (!response.ok) throw new Error(`Radio Browser answered HTTP ${response.status}`);
    const raw = (await response.json()) as unknown;
    const rows = z.array(z.unknown()).max(500).parse(raw);
    const stations: Station[] = [];
    for (const row of rows) {
      const parsed = stationSchema.safeParse(row);
      if (!parsed.success || !/^https?:/.test(parsed.data.url_resolved)) continue; // a bad row is skipped, not trusted
      const s = parsed.data;
      const station: Station = {
        id: s.stationuuid,
        name: s.name.trim() || s.stationuuid,
        url: s.url_resolved,
        country: s.country || null,
        tags: (s.tags ?? "")
          .split(",")
          .map((t) => t.trim())
          .filter(Boolean)
          .slice(0, 10),
        codec: s.codec || null,
        bitrate: s.bitrate ?? null,
      };
      known.set(station.id, station);
      stations.push(station);
    }
    return stations;
  }

  async function startRelay(): Promise<{ server: Server; port: number }> {
    if (relay) return relay;
    const server = createServer((request, response) => {
      const station = tokens.get((request.url ?? "/").slice(1));
      if (!station) {
        response.writeHead(404).end();
        return;
      }
      void (async () => {
        try {
          const upstream = await deps.outbound.fetch({ purpose: "radio", dataCategory: "none", url: station.url });
          if (!upstream.ok || !upstream.body) {
            response.writeHead(502).end();
            return;
          }
          response.writeHead(200, { "content-type": upstream.headers.get("content-type") ?? "audio/mpeg" });
          const reader = upstream.body.getReader();
          request.on("close", () => void reader.cancel().catch(() => undefined));
          for (;;) {
            const { done, value } = await reader.read();
            if (done || response.destroyed) break;
            if (!response.write(value)) await new Promise((r) => response.once("drain", r));
          }
          response.end();
        } catch {
          if (!response.headersSent) response.writeHead(502);
          response.end();
        }
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    relay = { server, port: (server.address() as AddressInfo).port };
    return relay;
  }

  return {
    /** Stations whose name matches, else stations tagged so ("jazz", "news"), most listened first. */
    async search(query: string, limit = 10): Promise<Station[]> {
      const q = encodeURIComponent(query.trim());
      const n = Math.max(1, Math.min(50, limit));
      const byName = await list(`/json/stations/search?name=${q}&limit=${n}&hidebroken=true&order=clickcount&reverse=true`);
      return byName.length > 0 ? byName : list(`/json/stations/search?tag=${q}&limit=${n}&hidebroken=true&order=clickcount&reverse=true`);
    },
    station: (id: string) => known.get(id),
    /** A loopback URL the player opens; the relay fetches the stream through the outbound gate. */
    async relayUrl(station: Station): Promise<string> {
      const { port } = await startRelay();
      const token = randomBytes(12).toString("base64url");
      tokens.clear(); // one station plays at a time
      tokens.set(token, station);
      return `http://127.0.0.1:${port}/${token}`;
    },
    async close(): Promise<void> {
      const r = relay;
      relay = null;
      if (r) {
        r.server.closeAllConnections();
        await new Promise<void>((resolve) => r.server.close(() => resolve()));
      }
    },
  };
}

export type Radio = ReturnType<typeof createRadio>;
