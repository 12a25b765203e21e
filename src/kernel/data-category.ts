// A kind of data Guimi keeps, as 我的数据 shows it: viewable item by item, deletable, erasable, exportable.

export interface DataItem {
  id: string;
  at: string;
  /** One line for a list: the message text, the memory, "rain, 12°C"… */
  summary: string;
  detail?: unknown;
}

export interface DataCategory {
  id: string;
  title: { zh: string; en: string };
  description: { zh: string; en: string };
  count(): number;
  /** Newest first. `before` is the id of the last item of the previous page. */
  list(page: { limit: number; before?: string }): DataItem[];
  /** Deletes one item; false when there is no such item. Absent when items cannot be deleted one by one. */
  remove?(id: string): boolean;
  /**
   * How item ids (and `before`) are written: "row" for SQLite rowids ("42", checked strictly, so "0x2a"
   * or "42.0" is bad input rather than item 42), "token" (default) for generated ids like "mem_…".
   */
  itemIds?: "row" | "token";
  /** Deletes everything in the category; returns how many items went. */
  eraseAll(): number;
  /** Everything, for the export. Large parts are `ExportPages`, read page by page while written. */
  exportAll(): unknown;
}
