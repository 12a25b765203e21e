// The one place that talks to the network. It refuses what the user has not enabled and writes every
// call — allowed, refused or failed — to the outbound ledger, with how many bytes went each way.
import type { Db } from "../storage/database.js";
import type { OutboundPermissions } from "../config/config.js";
import { OutboundRefusedError } from "../errors.js";

export type OutboundPurpose = keyof OutboundPermissions;

export interface OutboundRequest {
  purpose: OutboundPurpose;
  /** What kind of her data leaves the device: "none", "conversation text", "location"… */
  dataCategory: string;
  url: string;
  init?: RequestInit;
}

export interface LedgerEntry {
  id: number;
  at: string;
  purpose: string;
  destination: string;
  method: string;
  dataCategory: string;
  bytesSent: number;
  bytesReceived: number;
  outcome: "ok" | "refused" | "failed";
  detail: string | null;
}

export interface Outbound {
  /** fetch, gated and recorded. Bytes received are counted as the body is read. */
  fetch(request: OutboundRequest): Promise<Response>;
  /**
   * A long-lived connection that is not fetch (an MQTT broker elsewhere): refused unless enabled, and
   * each opening recorded in the ledger (method CONNECT). Throws OutboundRefusedError when off.
   */
  openConnection(request: Omit<OutboundRequest, "init">): void;
  ledger(options?: { limit?: number; before?: number }): LedgerEntry[];
}

export interface OutboundDeps {
  db: Db;
  permissions: () => OutboundPermissions;
  now: () => Date;
  fetchImpl?: typeof fetch;
}

function bodySize(body: RequestInit["body"]): number {
  if (body == null) return 0;
  if (typeof body === "string") return Buffer.byteLength(body);
  if (body instanceof ArrayBuffer) return body.byteLength;
  if (ArrayBuffer.isView(body)) return body.byteLength;
  if (body instanceof URLSearchParams) return Buffer.byteLength(body.toString());
  return 0;
}

const purposeNames: Record<OutboundPurpose, string> = {
  modelDownload: "model download",
  remoteLlm: "remote language model",
  weather: "weather",
  homeAssistant: "Home Assistant",
  mqttBroker: "MQTT broker",
  radio: "internet radio",
};

export function createOutbound({ db, permissions, now, fetchImpl = fetch }: OutboundDeps): Outbound {
  const insert = db.prepare(
    `INSERT INTO outbound_ledger (at, purpose, destination, method, data_category, bytes_sent, bytes_received, outcome, detail)
     VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)`,
  );
  const finish = db.prepare("UPDATE outbound_ledger SET bytes_received = ?, outcome = ?, detail = COALESCE(?, detail) WHERE id = ?");

  return {
    openConnection({ purpose, dataCategory, url }) {
      const destination = new URL(url);
      const enabled = permissions()[purpose];
      insert.run(
        now().toISOString(),
        purpose,
        `${destination.protocol}//${destination.host}${destination.pathname}`,
        "CONNECT",
        dataCategory,
        0,
        enabled ? "ok" : "refused",
        enabled ? "connection" : "not enabled in settings",
      );
      if (!enabled) {
        throw new OutboundRefusedError(
          `outbound ${purposeNames[purpose]} is turned off (settings → outbound.${purpose}); nothing was sent / 出站连接「${purposeNames[purpose]}」未开启，什么都没有发送`,
        );
      }
    },
    async fetch({ purpose, dataCategory, url, init }) {
      const destination = new URL(url);
      const method = (init?.method ?? "GET").toUpperCase();
      const record = (outcome: LedgerEntry["outcome"], detail: string | null) =>
        Number(
          insert.run(now().toISOString(), purpose, destination.origin + destination.pathname, method, dataCategory, bodySize(init?.body), outcome, detail)
            .lastInsertRowid,
        );
      if (!permissions()[purpose]) {
        record("refused", "not enabled in settings");
        throw new OutboundRefusedError(
          `outbound ${purposeNames[purpose]} is turned off (settings → outbound.${purpose}); nothing was sent / 出站连接「${purposeNames[purpose]}」未开启，什么都没有发送`,
        );
      }
      const id = record("ok", null);
      let response: Response;
      try {
        response = await fetchImpl(url, init);
      } catch (error) {
        finish.run(0, "failed", String((error as Error)?.cause ?? (error as Error)?.message ?? error), id);
        throw error;
      }
      const status = response.ok || (response.status >= 300 && response.status < 400) ? "ok" : "failed";
      const statusDetail = `HTTP ${response.status}`;
      if (!response.body) {
        finish.run(0, status, statusDetail, id);
        return response;
      }
      let received = 0;
      let recorded = 0;
      const recordBytes = () => {
        finish.run(received, status, statusDetail, id);
        recorded = received;
      };
      const reader = response.body.getReader();
      // Bytes are counted as they are read and written to the ledger at the end, when the reader stops
      // early (cancel), and every MiB between — so even a crash mid-download leaves a true count behind.
      const counted = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) {
            recordBytes();
            controller.close();
            return;
          }
          received += value.byteLength;
          if (received - recorded >= 1 << 20) recordBytes();
          controller.enqueue(value);
        },
        cancel(reason) {
          recordBytes();
          return reader.cancel(reason);
        },
      });
      finish.run(0, status, statusDetail, id);
      const wrapped = new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
      Object.defineProperty(wrapped, "url", { value: response.url });
      return wrapped;
    },

    ledger({ limit = 100, before } = {}) {
      const rows = db
        .prepare(
          `SELECT id, at, purpose, destination, method, data_category AS dataCategory, bytes_sent AS bytesSent,
                  bytes_received AS bytesReceived, outcome, detail
           FROM outbound_ledger WHERE id < ? ORDER BY id DESC LIMIT ?`,
        )
        .all(before ?? Number.MAX_SAFE_INTEGER, Math.min(Math.max(limit, 1), 1000)) as LedgerEntry[];
      return rows;
    },
  };
}
