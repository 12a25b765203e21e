// The care engine's data in 我的数据: the signals it heard (her words only as tags) and what it said first.
import type { DataCategory } from "../privacy/data-registry.js";
import { vacuum, type Db } from "../storage/database.js";
import type { CareStore } from "./care-store.js";

export function careDataCategory(store: CareStore, db?: Db): DataCategory {
  return {
    id: "care",
    itemIds: "row",
    title: { zh: "关心记录", en: "Care signals" },
    description: {
      zh: "主动关心用到的信号（活动、手机闹钟、天气、你说话的标签和当时的心情值，而不是原话）和我主动说过的话",
      en: "Signals used for proactive care (activity, phone alarms, weather, tags of your words and your mood just then — never the words) and what I said first",
    },
    count: () => store.count(),
    list({ limit, before }) {
      return store.listSignals(limit, before ? Number(before) : undefined).map((r) => ({
        id: String(r.id),
        at: r.at,
        summary: `${r.type} ${r.payload}`,
        detail: { type: r.type, payload: JSON.parse(r.payload) as unknown },
      }));
    },
    remove: (id) => store.removeSignal(Number(id)),
    eraseAll() {
      const n = store.eraseAll();
      // Erased for real: the old pages are rewritten away.
      if (db) vacuum(db);
      return n;
    },
    exportAll: () => store.exportAll(),
  };
}
