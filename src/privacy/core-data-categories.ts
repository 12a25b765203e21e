// The foundation's own categories of "我的数据": conversations and the outbound ledger.
import type { Db } from "../storage/database.js";
import type { MessageStore } from "../conversation/message-store.js";
import { keysetPages, type DataCategory } from "./data-registry.js";

/** `onErased` gets the ids of erased messages, so what was derived only from them can go too. */
export function conversationsCategory(
  db: Db,
  store: MessageStore,
  onErased: (messageIds: number[] | "all") => void = () => undefined,
  guimiName: () => string = () => "小蜜",
): DataCategory {
  return {
    id: "conversations",
    title: { zh: "聊天记录", en: "Conversations" },
    description: { zh: "你和小蜜说过的每一句话", en: "Everything you and Guimi said to each other" },
    itemIds: "row",
    count: () => (db.prepare("SELECT COUNT(*) AS n FROM messages").get() as { n: number }).n,
    list({ limit, before }) {
      const rows = db
        .prepare("SELECT id, conversation_id AS conversationId, role, text, status, created_at AS at FROM messages WHERE id < ? ORDER BY id DESC LIMIT ?")
        .all(before ? Number(before) : Number.MAX_SAFE_INTEGER, limit) as { id: number; conversationId: string; role: string; text: string; status: string; at: string }[];
      return rows.map((r) => ({ id: String(r.id), at: r.at, summary: `${r.role === "user" ? "你" : r.role === "care" ? `${guimiName()}（主动）` : guimiName()}：${r.text}`, detail: r }));
    },
    remove(id) {
      const removed = store.deleteMessage(Number(id));
      if (removed) onErased([Number(id)]);
      return removed;
    },
    eraseAll() {
      const count = store.deleteAll();
      onErased("all");
      return count;
    },
    // Every message, oldest first, read 500 at a time while the export is written.
    exportAll: () =>
      store.conversations().map((c) => ({ ...c, summary: store.getSummary(c.id), messages: keysetPages((after, limit) => store.listAfter(c.id, after, limit)) })),
  };
}

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
        .all(before ? Number(before) : Number.MAX_SAFE_INTEGER, limit) as { id: number; at: string; purpose: string; destination: string; outcome: string; bytesSent: number; bytesReceived: number }[];
      return rows.map((r) => ({ id: String(r.id), at: r.at, summary: `${r.purpose} → ${r.destination} (${r.outcome}, ↑${r.bytesSent} B ↓${r.bytesReceived} B)`, detail: r }));
    },
    remove: (id) => db.prepare("DELETE FROM outbound_ledger WHERE id = ?").run(Number(id)).changes > 0,
    eraseAll: () => db.prepare("DELETE FROM outbound_ledger").run().changes,
    exportAll: () => keysetPages((after, limit) => db.prepare("SELECT * FROM outbound_ledger WHERE id > ? ORDER BY id LIMIT ?").all(after, limit) as { id: number }[]),
  };
}
