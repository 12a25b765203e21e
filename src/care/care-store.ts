// The care engine's memory in the shared SQLite file (module "care"): a signal log (her words only as
// tags), what was said first and whether she answered, and her care settings.
import type { Lang } from "../kernel/lang.js";
import type { Db, MigrationSet } from "../storage/database.js";
import type { CareSignal } from "./care-signal.js";
import { defaultCareSettings, type CareDelivery, type CarePriority, type CareSettings, type LoggedSignal } from "./care-context.js";
import { utteranceTags } from "./utterance-tags.js";
import { careOfferSchema, type CareOffer } from "./care-offers.js";

export const careMigrations: MigrationSet = {
  module: "care",
  migrations: [
    {
      version: 1,
      name: "care signals, deliveries and settings",
      up: `
        CREATE TABLE care_signals (
          id INTEGER PRIMARY KEY,
          at TEXT NOT NULL,
          offset_minutes INTEGER NOT NULL,
          type TEXT NOT NULL,
          payload TEXT NOT NULL
        );
        CREATE INDEX care_signals_at ON care_signals (at);
        CREATE TABLE care_deliveries (
          id INTEGER PRIMARY KEY,
          at TEXT NOT NULL,
          offset_minutes INTEGER NOT NULL,
          rule TEXT NOT NULL,
          key TEXT,
          grp TEXT,
          priority TEXT NOT NULL,
          reason TEXT NOT NULL,
          text TEXT NOT NULL,
          lang TEXT NOT NULL,
          message_id INTEGER,
          responded_at TEXT
        );
        CREATE INDEX care_deliveries_at ON care_deliveries (at);
        CREATE TABLE care_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      `,
    },
    {
      version: 2,
      name: "the action a care message offered",
      up: `ALTER TABLE care_deliveries ADD COLUMN offer TEXT;`,
    },
  ],
};

interface SignalRow {
  id: number;
  at: string;
  offset_minutes: number;
  type: string;
  payload: string;
}

interface DeliveryRow {
  id: number;
  at: string;
  offset_minutes: number;
  rule: string;
  key: string | null;
  grp: string | null;
  priority: string;
  reason: string;
  text: string;
  lang: string;
  message_id: number | null;
  responded_at: string | null;
  offer: string | null;
}

/** What is stored of a signal: utterance text becomes tags. */
function payloadOf(signal: CareSignal): Record<string, unknown> {
  const { type: _type, at: _at, ...rest } = signal;
  if (signal.type === "utterance")
    return { lang: signal.lang, tags: utteranceTags(signal.text), ...(signal.valence !== undefined ? { valence: signal.valence } : {}) };
  if (signal.type === "phone.calendar") return { title: signal.title, start: signal.start.toISOString() };
  return rest;
}

function toLogged(row: SignalRow): LoggedSignal {
  const payload = JSON.parse(row.payload) as Record<string, unknown>;
  const base = { ...payload, id: row.id, at: new Date(row.at), offset: row.offset_minutes, type: row.type };
  if (row.type === "phone.calendar") return { ...base, start: new Date(String(payload.start)) } as LoggedSignal;
  return base as LoggedSignal;
}

function toDelivery(row: DeliveryRow): CareDelivery {
  return {
    id: row.id,
    at: new Date(row.at),
    offset: row.offset_minutes,
    rule: row.rule,
    key: row.key,
    group: row.grp,
    priority: row.priority as CarePriority,
    reason: row.reason,
    text: row.text,
    lang: row.lang as Lang,
    messageId: row.message_id,
    respondedAt: row.responded_at ? new Date(row.responded_at) : null,
    offer: parseOffer(row.offer),
  };
}

function parseOffer(text: string | null): CareOffer | null {
  if (!text) return null;
  try {
    const parsed = careOfferSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export type NewDelivery = Omit<CareDelivery, "id" | "respondedAt">;

export function createCareStore(db: Db) {
  const insertSignal = db.prepare("INSERT INTO care_signals (at, offset_minutes, type, payload) VALUES (?, ?, ?, ?)");
  const insertDelivery = db.prepare(
    "INSERT INTO care_deliveries (at, offset_minutes, rule, key, grp, priority, reason, text, lang, message_id, offer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  return {
    addSignal(signal: CareSignal, offset: number): LoggedSignal {
      const payload = JSON.stringify(payloadOf(signal));
      const id = Number(insertSignal.run(signal.at.toISOString(), offset, signal.type, payload).lastInsertRowid);
      return toLogged({ id, at: signal.at.toISOString(), offset_minutes: offset, type: signal.type, payload });
    },
    signalsSince(since: Date): LoggedSignal[] {
      return (db.prepare("SELECT * FROM care_signals WHERE at >= ? ORDER BY at, id").all(since.toISOString()) as SignalRow[]).map(toLogged);
    },
    addDelivery(d: NewDelivery): CareDelivery {
      const offer = d.offer ?? null;
      const id = Number(
        insertDelivery.run(
          d.at.toISOString(),
          d.offset,
          d.rule,
          d.key,
          d.group,
          d.priority,
          d.reason,
          d.text,
          d.lang,
          d.messageId,
          offer ? JSON.stringify(offer) : null,
        ).lastInsertRowid,
      );
      return { ...d, offer, id, respondedAt: null };
    },
    deliveriesSince(since: Date): CareDelivery[] {
      return (db.prepare("SELECT * FROM care_deliveries WHERE at >= ? ORDER BY at, id").all(since.toISOString()) as DeliveryRow[]).map(toDelivery);
    },
    recentDeliveries(limit: number): CareDelivery[] {
      return (db.prepare("SELECT * FROM care_deliveries ORDER BY at DESC, id DESC LIMIT ?").all(limit) as DeliveryRow[]).map(toDelivery);
    },
    markResponded(ids: number[], at: Date): void {
      const update = db.prepare("UPDATE care_deliveries SET responded_at = ? WHERE id = ? AND responded_at IS NULL");
      db.transaction(() => ids.forEach((id) => update.run(at.toISOString(), id)))();
    },
    settings(): CareSettings {
      const row = db.prepare("SELECT value FROM care_settings WHERE key = 'settings'").get() as { value: string } | undefined;
      if (!row) return structuredClone(defaultCareSettings);
      try {
        const stored = JSON.parse(row.value) as Partial<CareSettings>;
        return { ...defaultCareSettings, ...stored, cycle: { ...defaultCareSettings.cycle, ...stored.cycle } };
      } catch {
        return structuredClone(defaultCareSettings);
      }
    },
    saveSettings(settings: CareSettings): void {
      db.prepare("INSERT INTO care_settings (key, value) VALUES ('settings', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(
        JSON.stringify(settings),
      );
    },
    /** Old signals stop mattering after a couple of weeks; keeping them would only be keeping data. */
    prune(before: Date): void {
      db.prepare("DELETE FROM care_signals WHERE at < ?").run(before.toISOString());
      db.prepare("DELETE FROM care_deliveries WHERE at < ?").run(before.toISOString());
    },
    count(): number {
      return (db.prepare("SELECT (SELECT COUNT(*) FROM care_signals) + (SELECT COUNT(*) FROM care_deliveries) AS n").get() as { n: number }).n;
    },
    listSignals(limit: number, beforeId?: number): SignalRow[] {
      return db.prepare("SELECT * FROM care_signals WHERE id < ? ORDER BY id DESC LIMIT ?").all(beforeId ?? Number.MAX_SAFE_INTEGER, limit) as SignalRow[];
    },
    removeSignal(id: number): boolean {
      return db.prepare("DELETE FROM care_signals WHERE id = ?").run(id).changes > 0;
    },
    eraseAll(): number {
      const n = this.count();
      db.exec("DELETE FROM care_signals; DELETE FROM care_deliveries;");
      return n;
    },
    exportAll() {
      return {
        module: "care",
        signals: (db.prepare("SELECT * FROM care_signals ORDER BY id").all() as SignalRow[]).map((r) => ({ ...r, payload: JSON.parse(r.payload) as unknown })),
        deliveries: (db.prepare("SELECT * FROM care_deliveries ORDER BY id").all() as DeliveryRow[]).map(toDelivery),
        settings: this.settings(),
      };
    },
  };
}

export type CareStore = ReturnType<typeof createCareStore>;
