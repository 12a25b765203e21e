// The home bus in 我的数据: messages the device's own broker holds for devices that are away (care
// messages, replies, reminders waiting for Home Assistant to reconnect). Erasing them means they are
// never delivered; the retained state is written again without what she erased.
import type { DataCategory } from "../privacy/data-registry.js";
import { vacuum, type Db } from "../storage/database.js";

interface QueuedRow {
  clientId: string;
  seq: number;
  packet: string;
}

function describe(row: QueuedRow): { topic: string; payload: string; at: string } {
  const packet = JSON.parse(row.packet) as { topic: string; payload?: { $b64?: string } };
  const payload = packet.payload?.$b64 ? Buffer.from(packet.payload.$b64, "base64").toString("utf8") : "";
  let at = "";
  try {
    at = String((JSON.parse(payload) as { at?: unknown }).at ?? "");
  } catch {
    at = "";
  }
  return { topic: packet.topic, payload, at };
}

export function homeBusCategory(db: Db, hooks: { eraseQueued(): number | null; stateTopic: string; forget(): void }): DataCategory {
  const all = db.prepare("SELECT client_id AS clientId, seq, packet FROM mqtt_outgoing ORDER BY rowid DESC");
  return {
    id: "home-bus",
    title: { zh: "家庭总线", en: "Home bus" },
    description: {
      zh: "设备上的 MQTT 代理替暂时离线的设备（比如 Home Assistant）保存的消息：我说过的话、回复和提醒",
      en: "Messages the device's MQTT broker keeps for devices that are away (such as Home Assistant): what I said, replies, reminders",
    },
    count: () => (db.prepare("SELECT COUNT(*) AS n FROM mqtt_outgoing").get() as { n: number }).n,
    list({ limit, before }) {
      const rows = all.all() as QueuedRow[];
      const start = before ? rows.findIndex((r) => `${r.clientId}:${r.seq}` === before) + 1 : 0;
      return rows.slice(start, start + limit).map((row) => {
        const { topic, payload, at } = describe(row);
        return {
          id: `${row.clientId}:${row.seq}`,
          at,
          summary: `→ ${row.clientId} ${topic}: ${payload.slice(0, 120)}`,
          detail: { client: row.clientId, topic, payload },
        };
      });
    },
    eraseAll() {
      // A running broker forgets them in memory too; otherwise the rows are all there is.
      const n = hooks.eraseQueued() ?? Number(db.prepare("DELETE FROM mqtt_outgoing").run().changes);
      db.prepare("DELETE FROM mqtt_retained WHERE topic = ?").run(hooks.stateTopic);
      hooks.forget();
      vacuum(db);
      return n;
    },
    exportAll: () => (all.all() as QueuedRow[]).map((row) => ({ client: row.clientId, ...describe(row) })),
  };
}
