// "我的数据" → 聊天记录: every message, viewable and deletable one by one; erasing a message also lets what was
// derived only from it go (memories); the export reads every message page by page.
import type { Db } from "../storage/database.js";
import type { MessageStore } from "./message-store.js";
import { keysetPages, type DataCategory } from "../privacy/data-registry.js";

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
        .all(before ? Number(before) : Number.MAX_SAFE_INTEGER, limit) as {
        id: number;
        conversationId: string;
        role: string;
        text: string;
        status: string;
        at: string;
      }[];
      return rows.map((r) => ({
        id: String(r.id),
        at: r.at,
        summary: `${r.role === "user" ? "你" : r.role === "care" ? `${guimiName()}（主动）` : guimiName()}：${r.text}`,
        detail: r,
      }));
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
      store
        .conversations()
        .map((c) => ({ ...c, summary: store.getSummary(c.id), messages: keysetPages((after, limit) => store.listAfter(c.id, after, limit)) })),
  };
}
