// Memories in "我的数据": what Guimi has learned about her, each with the messages it came from.
import type { DataCategory } from "../privacy/data-registry.js";
import type { MemoryService } from "./memory-service.js";

const kindNames: Record<string, string> = { fact: "事实", preference: "喜好", person: "人", event: "事件", feeling: "感受", message: "原话" };

export function memoriesCategory(memory: MemoryService): DataCategory {
  return {
    id: "memories",
    title: { zh: "记忆", en: "Memories" },
    description: {
      zh: "小蜜记住的关于你的事：喜好、身边的人、计划和感受，还有用来回想的原话",
      en: "What Guimi remembers about you — likes, people, plans, feelings — and the words it recalls them by",
    },
    count: () => memory.list({ limit: 1_000_000 }).length,
    list({ limit, before }) {
      const all = memory.list({ limit: 1_000_000 });
      const start = before ? all.findIndex((m) => m.id === before) + 1 : 0;
      return all.slice(start, start + limit).map((m) => ({
        id: m.id,
        at: m.saidAt,
        summary: `${kindNames[m.kind] ?? m.kind}｜${m.text}${m.status === "superseded" ? "（已更新）" : ""}`,
        detail: { kind: m.kind, status: m.status, eventAt: m.eventAt, entities: m.entities, sources: m.sources.map((s) => s.ref) },
      }));
    },
    remove: (id) => memory.forget(id),
    eraseAll: () => memory.forgetAll(),
    exportAll: () => memory.exportAll(),
  };
}
