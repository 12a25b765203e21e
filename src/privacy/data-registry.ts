// "我的数据": every kind of data Guimi keeps registers here as a category — viewable item by item,
// deletable item by item, erasable as a whole, exportable. Capabilities plug in; the API and the
// touchscreen page see one mechanism.
import type { Db } from "../storage/database.js";
import { vacuum } from "../storage/database.js";
import { NotFoundError } from "../errors.js";
import type { DataCategory, DataItem } from "../kernel/data-category.js";

export type { DataCategory, DataItem } from "../kernel/data-category.js";

export interface DataArchive {
  format: "guimi-export";
  version: 1;
  exportedAt: string;
  categories: Record<string, unknown>;
}

export function createDataRegistry(db: Db) {
  const categories = new Map<string, DataCategory>();
  // Anything holding her data in memory (caches) listens, so an erased thing is gone everywhere.
  const listeners: ((categoryId: string) => void)[] = [];
  const changed = (categoryId: string) => {
    for (const listener of listeners) listener(categoryId);
  };

  function get(id: string): DataCategory {
    const category = categories.get(id);
    if (!category) throw new NotFoundError(`no data category "${id}"; one of: ${[...categories.keys()].join(", ")}`);
    return category;
  }

  return {
    register(category: DataCategory): void {
      categories.set(category.id, category);
    },
    overview() {
      return [...categories.values()].map((c) => ({ id: c.id, title: c.title, description: c.description, count: c.count(), itemsDeletable: Boolean(c.remove) }));
    },
    list(id: string, page: { limit?: number; before?: string } = {}): DataItem[] {
      return get(id).list({ limit: Math.min(Math.max(page.limit ?? 50, 1), 500), before: page.before });
    },
    remove(id: string, itemId: string): void {
      const category = get(id);
      if (!category.remove) throw new NotFoundError(`items of "${id}" cannot be deleted one by one; erase the category instead`);
      if (!category.remove(itemId)) throw new NotFoundError(`no item ${itemId} in "${id}"`);
      changed(id);
    },
    /** Real erasure: rows deleted, then the database file rewritten so nothing lingers on disk. */
    erase(id: string): number {
      const erased = get(id).eraseAll();
      vacuum(db);
      changed(id);
      return erased;
    },
    eraseEverything(): Record<string, number> {
      const counts: Record<string, number> = {};
      for (const category of categories.values()) counts[category.id] = category.eraseAll();
      vacuum(db);
      for (const id of categories.keys()) changed(id);
      return counts;
    },
    exportAll(now: Date): DataArchive {
      const out: Record<string, unknown> = {};
      for (const category of categories.values()) out[category.id] = category.exportAll();
      return { format: "guimi-export", version: 1, exportedAt: now.toISOString(), categories: out };
    },
    has: (id: string) => categories.has(id),
    onChange(listener: (categoryId: string) => void): void {
      listeners.push(listener);
    },
  };
}

export type DataRegistry = ReturnType<typeof createDataRegistry>;
