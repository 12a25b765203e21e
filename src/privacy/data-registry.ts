// "我的数据": every kind of data Guimi keeps registers here as a category — viewable item by item,
// deletable item by item, erasable as a whole, exportable. Capabilities plug in; the API and the
// touchscreen page see one mechanism.
import type { z } from "zod";
import type { Db } from "../storage/database.js";
import { vacuum } from "../storage/database.js";
import { NotFoundError } from "../errors.js";
import type { DataCategory, DataItem } from "../kernel/data-category.js";
import { parseId, rowIdSchema, tokenIdSchema } from "../kernel/ids.js";

export type { DataCategory, DataItem } from "../kernel/data-category.js";

/**
 * A list in an export that is read page by page as it is written, so exporting never holds all of it
 * (nor one string of everything). `pages` starts a fresh read each time it is called.
 */
export class ExportPages {
  constructor(readonly pages: () => Iterable<readonly unknown[]>) {}
  toJSON(): unknown[] {
    const all: unknown[] = [];
    for (const page of this.pages()) all.push(...page);
    return all;
  }
}

/** Keyset pages over a table ordered by an integer id: `select(afterId, limit)` returns rows with `id`. */
export function keysetPages<Row extends { id: number }>(
  select: (afterId: number, limit: number) => Row[],
  map: (row: Row) => unknown = (row) => row,
  pageSize = 500,
): ExportPages {
  return new ExportPages(function* () {
    for (let after = 0; ; ) {
      const rows = select(after, pageSize);
      if (rows.length === 0) return;
      yield rows.map(map);
      after = rows[rows.length - 1]!.id;
      if (rows.length < pageSize) return;
    }
  });
}

const exportChunkChars = 64 * 1024;

/** Writes a value as JSON text in chunks of about 64 KB, streaming every `ExportPages` inside it. */
export function* jsonChunks(value: unknown): Generator<string> {
  let buffer = "";
  function* flush(): Generator<string> {
    if (buffer.length >= exportChunkChars) {
      yield buffer;
      buffer = "";
    }
  }
  function* write(v: unknown): Generator<string> {
    if (v instanceof ExportPages) {
      buffer += "[";
      let first = true;
      for (const page of v.pages()) {
        for (const item of page) {
          if (!first) buffer += ",";
          first = false;
          yield* write(item);
          yield* flush();
        }
      }
      buffer += "]";
    } else if (Array.isArray(v)) {
      // Item by item, so pages nested in the items stream too.
      buffer += "[";
      for (const [i, item] of v.entries()) {
        if (i > 0) buffer += ",";
        yield* write(item === undefined || typeof item === "function" ? null : item);
        yield* flush();
      }
      buffer += "]";
    } else if (v !== null && typeof v === "object" && !(v instanceof Date) && typeof (v as { toJSON?: unknown }).toJSON !== "function") {
      buffer += "{";
      let first = true;
      for (const [key, item] of Object.entries(v)) {
        if (item === undefined || typeof item === "function") continue;
        if (!first) buffer += ",";
        first = false;
        buffer += JSON.stringify(key) + ":";
        yield* write(item);
      }
      buffer += "}";
    } else {
      buffer += JSON.stringify(v) ?? "null";
    }
  }
  yield* write(value);
  if (buffer) yield buffer;
}

export interface DataArchive {
  format: "guimi-export";
  version: 1;
  exportedAt: string;
  categories: Record<string, unknown>;
}

function idSchemaOf(category: DataCategory): z.ZodType<string | number, string> {
  return category.itemIds === "row" ? rowIdSchema : tokenIdSchema;
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
      return [...categories.values()].map((c) => ({
        id: c.id,
        title: c.title,
        description: c.description,
        count: c.count(),
        itemsDeletable: Boolean(c.remove),
      }));
    },
    list(id: string, page: { limit?: number; before?: string } = {}): DataItem[] {
      const category = get(id);
      const before = page.before === undefined ? undefined : String(parseId(idSchemaOf(category), page.before, "before"));
      return category.list({ limit: Math.min(Math.max(page.limit ?? 50, 1), 500), ...(before !== undefined ? { before } : {}) });
    },
    remove(id: string, itemId: string): void {
      const category = get(id);
      if (!category.remove) throw new NotFoundError(`items of "${id}" cannot be deleted one by one; erase the category instead`);
      const canonical = String(parseId(idSchemaOf(category), itemId));
      if (!category.remove(canonical)) throw new NotFoundError(`no item ${canonical} in "${id}"`);
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
    /** The whole archive as one value (parts still lazy: `ExportPages` serialize to full arrays). */
    exportAll(now: Date): DataArchive {
      const out: Record<string, unknown> = {};
      for (const category of categories.values()) out[category.id] = category.exportAll();
      return { format: "guimi-export", version: 1, exportedAt: now.toISOString(), categories: out };
    },
    /** The archive as JSON text in chunks, read page by page while written: for the download and the CLI. */
    exportJson(now: Date): Generator<string> {
      return jsonChunks(this.exportAll(now));
    },
    has: (id: string) => categories.has(id),
    onChange(listener: (categoryId: string) => void): void {
      listeners.push(listener);
    },
  };
}

export type DataRegistry = ReturnType<typeof createDataRegistry>;
