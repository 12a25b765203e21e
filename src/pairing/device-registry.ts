// Paired devices (her phone, a tablet, a computer): each has its own revocable token. Only a SHA-256
// hash of a token is kept; a presented token is compared with every stored hash in constant time.
// The single pairing-token file of earlier versions stays valid as the device "default".
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { migrate, type Db, type MigrationSet } from "../storage/database.js";
import { formatZodError, InputError } from "../errors.js";

export const deviceMigrations: MigrationSet = {
  module: "devices",
  migrations: [
    {
      version: 1,
      name: "paired devices with hashed tokens",
      up: `CREATE TABLE paired_devices (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        last_seen_at TEXT
      );`,
    },
  ],
};

export const DEFAULT_DEVICE_ID = "default";
export const deviceNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[^\u0000-\u001f\u007f]+$/u, "no control characters");
export const deviceIdSchema = z.string().regex(/^(default|d_[A-Za-z0-9_-]{8,32})$/, "expected a device id such as d_3kq9x2mz");

export interface PairedDevice {
  id: string;
  name: string;
  createdAt: string;
  lastSeenAt: string | null;
}

export interface DeviceRegistry {
  list(): PairedDevice[];
  /** A new device and its token; the token is shown once and never stored. */
  issue(name: string): { device: PairedDevice; token: string };
  /** Forgets the device: its token stops working at once (listeners close its open connections). */
  revoke(id: string): boolean;
  /** The device this token belongs to, or null. */
  authenticate(token: string): PairedDevice | null;
  /** The token of the device "default" (the pairing-token file), created when missing. */
  defaultToken(): string;
  onRevoke(listener: (deviceId: string) => void): () => void;
}

interface Row {
  id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_seen_at: string | null;
}

const hashToken = (token: string): Buffer => createHash("sha256").update(token, "utf8").digest();
const newToken = (): string => randomBytes(24).toString("base64url");
/** Tokens are base64url; anything else (or absurdly long) cannot be one. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,128}$/;
const SEEN_EVERY_MS = 60_000;

const toDevice = (row: Row): PairedDevice => ({ id: row.id, name: row.name, createdAt: row.created_at, lastSeenAt: row.last_seen_at });

export function createDeviceRegistry(options: { db: Db; tokenFile: string; now?: () => Date }): DeviceRegistry {
  const { db, tokenFile } = options;
  const now = options.now ?? (() => new Date());
  migrate(db, [deviceMigrations]);
  const listeners = new Set<(deviceId: string) => void>();
  const all = db.prepare("SELECT id, name, token_hash, created_at, last_seen_at FROM paired_devices ORDER BY created_at, id");
  const insert = db.prepare("INSERT INTO paired_devices (id, name, token_hash, created_at) VALUES (?, ?, ?, ?)");
  const remove = db.prepare("DELETE FROM paired_devices WHERE id = ?");
  const seen = db.prepare("UPDATE paired_devices SET last_seen_at = ? WHERE id = ?");

  /** The file is the source of truth for "default": an old setup's token keeps working. */
  function syncDefault(): string | null {
    if (!existsSync(tokenFile)) return null;
    const token = readFileSync(tokenFile, "utf8").trim();
    if (!TOKEN_SHAPE.test(token)) return null;
    const hash = hashToken(token).toString("hex");
    db.transaction(() => {
      const row = db.prepare("SELECT token_hash FROM paired_devices WHERE id = ?").get(DEFAULT_DEVICE_ID) as { token_hash: string } | undefined;
      if (row?.token_hash === hash) return;
      remove.run(DEFAULT_DEVICE_ID);
      insert.run(DEFAULT_DEVICE_ID, "default", hash, now().toISOString());
    })();
    return token;
  }
  syncDefault();

  return {
    list: () => (all.all() as Row[]).map(toDevice),
    issue(name) {
      const parsed = deviceNameSchema.safeParse(name);
      if (!parsed.success) throw new InputError(`name: ${formatZodError(parsed.error).replace(/^\(root\): /, "")}`);
      const token = newToken();
      const id = `d_${randomBytes(6).toString("base64url").replace(/[-_]/g, "x")}`;
      const createdAt = now().toISOString();
      insert.run(id, parsed.data, hashToken(token).toString("hex"), createdAt);
      return { device: { id, name: parsed.data, createdAt, lastSeenAt: null }, token };
    },
    revoke(id) {
      const removed = remove.run(id).changes > 0;
      if (id === DEFAULT_DEVICE_ID) rmSync(tokenFile, { force: true });
      if (removed) for (const listener of listeners) listener(id);
      return removed;
    },
    authenticate(token) {
      if (!TOKEN_SHAPE.test(token)) return null;
      const presented = hashToken(token);
      let match: Row | null = null;
      // Every stored hash is compared, matched or not, so timing says nothing about which one matched.
      for (const row of all.all() as Row[]) {
        const stored = Buffer.from(row.token_hash, "hex");
        if (stored.length === presented.length && timingSafeEqual(stored, presented)) match = row;
      }
      if (!match) return null;
      const at = now();
      if (!match.last_seen_at || at.getTime() - Date.parse(match.last_seen_at) > SEEN_EVERY_MS) {
        seen.run(at.toISOString(), match.id);
        match = { ...match, last_seen_at: at.toISOString() };
      }
      return toDevice(match);
    },
    defaultToken() {
      const existing = syncDefault();
      if (existing) return existing;
      writeFileSync(tokenFile, newToken() + "\n", { mode: 0o600 });
      return syncDefault() as string;
    },
    onRevoke(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
