// Reminders in "我的数据".
import type { DataCategory } from "../privacy/data-registry.js";
import type { ReminderStore } from "./reminder-store.js";
import { describeLine, reminderJson } from "./reminder-actions.js";

export function remindersCategory(store: ReminderStore): DataCategory {
  const all = () => store.list().sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return {
    id: "reminders",
    title: { zh: "提醒和日程", en: "Reminders" },
    description: { zh: "你让小蜜记着的提醒，以及每次响铃或错过的记录", en: "Reminders you set, and each time one rang or was missed" },
    count: () => store.list().length,
    list({ limit, before }) {
      let rows = all();
      if (before) rows = rows.slice(rows.findIndex((r) => r.id === before) + 1);
      return rows
        .slice(0, limit)
        .map((r) => ({ id: r.id, at: r.createdAt.toISOString(), summary: describeLine(r).replace(/^\S+\s+/, ""), detail: reminderJson(r) }));
    },
    remove: (id) => store.remove(id),
    eraseAll() {
      const rows = store.list();
      for (const r of rows) store.remove(r.id);
      return rows.length;
    },
    exportAll: () => store.list().map((r) => ({ ...reminderJson(r), firings: store.firings(r.id) })),
  };
}
