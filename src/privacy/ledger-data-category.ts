// "我的数据" → 出站连接: every outbound connection the gate recorded.
import type { Db } from "../storage/database.js";
import { keysetPages, type DataCategory } from "./data-registry.js";

export function ledgerCategory(db: Db): DataCategory {
  return {
    id: "outbound",
    title: { zh: "出站连接", en: "Outbound connections" },
    description: { zh: "小蜜每一次连接外部网络：时间、去哪、为什么、多少数据", en: "Every time Guimi reached outside: when, where, why, how much" },
    itemIds: "row",
    count: () => (db.prepare("SELECT COUNT(*) AS n FROM outbound_ledger").get() as { n: number }).n,
    list({ limit, before }) {
      const rows = db
        .prepare(
          `SELECT id, at, purpose, destination, method, data_category AS dataCategory, bytes_sent AS bytesSent,
                  bytes_received AS bytesReceived, outcome, detail FROM outbound_ledger WHERE id < ? ORDER BY id DESC LIMIT ?`,
        )
        .all(before ? Number(before) : Number.MAX_SAFE_INTEGER, limit) as {
        id: number;
        at: string;
        purpose: string;
        destination: string;
        outcome: string;
        bytesSent: number;
        bytesReceived: number;
      }[];
      return rows.map((r) => ({
        id: String(r.id),
        at: r.at,
        summary: `${r.purpose} → ${r.destination} (${r.outcome}, ↑${r.bytesSent} B ↓${r.bytesReceived} B)`,
        detail: r,
      }));
    },
    remove: (id) => db.prepare("DELETE FROM outbound_ledger WHERE id = ?").run(Number(id)).changes > 0,
    eraseAll: () => db.prepare("DELETE FROM outbound_ledger").run().changes,
    exportAll: () =>
      keysetPages((after, limit) => db.prepare("SELECT * FROM outbound_ledger WHERE id > ? ORDER BY id LIMIT ?").all(after, limit) as { id: number }[]),
  };
}
