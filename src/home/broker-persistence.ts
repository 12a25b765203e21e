// Persistence for the embedded MQTT broker: aedes' own in-memory persistence does the matching, and
// every change is written through to SQLite (tables from home-migrations.ts), so retained state, the
// subscriptions of persistent sessions and their queued QoS 1/2 messages survive a restart.
import { createRequire } from "node:module";
import type { Readable } from "node:stream";
import type { Db } from "../storage/database.js";

const require = createRequire(import.meta.url);

/* eslint-disable @typescript-eslint/no-explicit-any -- aedes' persistence API is untyped JS */
type Packet = Record<string, any> & { topic: string; payload: Buffer };
type ClientRef = { id: string };
type Subscription = { topic: string; qos: number; rh?: number; rap?: number; nl?: number };

export interface MemoryPersistence {
  setup(broker: unknown): Promise<void>;
  storeRetained(packet: Packet): Promise<void>;
  addSubscriptions(client: ClientRef, subs: Subscription[]): Promise<void>;
  removeSubscriptions(client: ClientRef, topics: string[]): Promise<void>;
  subscriptionsByClient(client: ClientRef): Promise<Subscription[]>;
  cleanSubscriptions(client: ClientRef): Promise<void>;
  outgoingEnqueue(sub: { clientId: string }, packet: Packet): Promise<void>;
  outgoingEnqueueCombi(subs: { clientId: string }[], packet: Packet): Promise<void>;
  outgoingUpdate(client: ClientRef, packet: Packet): Promise<void>;
  outgoingClearMessageId(client: ClientRef, packet: Packet): Promise<Packet | undefined>;
  outgoingStream(client: ClientRef): Readable;
  createRetainedStream(pattern: string): Readable;
  incomingStorePacket(client: ClientRef, packet: Packet): Promise<void>;
  incomingDelPacket(client: ClientRef, packet: Packet): Promise<void>;
  cleanIncoming(client: ClientRef): Promise<void>;
  putWill(client: ClientRef, packet: Packet): Promise<void>;
  delWill(client: ClientRef): Promise<Packet | undefined>;
  destroy(): Promise<void>;
}

export interface SqliteBrokerPersistence extends MemoryPersistence {
  /** Drops every queued message (she erased her data): gone from disk and never delivered. */
  eraseQueued(): number;
}

const MemoryPersistenceClass = require("aedes-persistence/asyncPersistence.js") as new (opts?: object) => MemoryPersistence;

/** Packets as JSON: Buffers (payload, correlation data) as {$b64}. */
function encode(packet: Packet): string {
  return JSON.stringify(packet, function (this: any, key: string, value: unknown) {
    const original = this[key];
    return Buffer.isBuffer(original) ? { $b64: original.toString("base64") } : value;
  });
}

function decode(text: string): Packet {
  return JSON.parse(text, (_key, value: unknown) =>
    value && typeof value === "object" && typeof (value as { $b64?: unknown }).$b64 === "string"
      ? Buffer.from((value as { $b64: string }).$b64, "base64")
      : value,
  ) as Packet;
}

async function readAll(stream: Readable): Promise<Packet[]> {
  const out: Packet[] = [];
  for await (const item of stream) out.push(item as Packet);
  return out;
}

/** An aedes persistence over the in-memory one, writing through to `db`. */
export function createSqliteBrokerPersistence(db: Db): SqliteBrokerPersistence {
  const q = {
    retainedAll: db.prepare("SELECT packet FROM mqtt_retained"),
    retainedPut: db.prepare("INSERT INTO mqtt_retained (topic, packet) VALUES (?, ?) ON CONFLICT(topic) DO UPDATE SET packet = excluded.packet"),
    retainedDel: db.prepare("DELETE FROM mqtt_retained WHERE topic = ?"),
    subsAll: db.prepare("SELECT client_id AS clientId, topic, options FROM mqtt_subscriptions"),
    subsDelClient: db.prepare("DELETE FROM mqtt_subscriptions WHERE client_id = ?"),
    subsPut: db.prepare("INSERT INTO mqtt_subscriptions (client_id, topic, options) VALUES (?, ?, ?)"),
    outAll: db.prepare("SELECT client_id AS clientId, packet FROM mqtt_outgoing ORDER BY client_id, seq"),
    outErase: db.prepare("DELETE FROM mqtt_outgoing"),
    outDelClient: db.prepare("DELETE FROM mqtt_outgoing WHERE client_id = ?"),
    outPut: db.prepare("INSERT INTO mqtt_outgoing (client_id, seq, packet) VALUES (?, ?, ?)"),
    inAll: db.prepare("SELECT client_id AS clientId, packet FROM mqtt_incoming"),
    inPut: db.prepare(
      "INSERT INTO mqtt_incoming (client_id, message_id, packet) VALUES (?, ?, ?) ON CONFLICT(client_id, message_id) DO UPDATE SET packet = excluded.packet",
    ),
    inDel: db.prepare("DELETE FROM mqtt_incoming WHERE client_id = ? AND message_id = ?"),
    inDelClient: db.prepare("DELETE FROM mqtt_incoming WHERE client_id = ?"),
    willAll: db.prepare("SELECT packet FROM mqtt_wills"),
    willPut: db.prepare("INSERT INTO mqtt_wills (client_id, packet) VALUES (?, ?) ON CONFLICT(client_id) DO UPDATE SET packet = excluded.packet"),
    willDel: db.prepare("DELETE FROM mqtt_wills WHERE client_id = ?"),
  };

  const key = (packet: Packet) => `${String(packet.brokerId)}:${String(packet.brokerCounter)}`;

  class SqliteBrokerPersistenceImpl extends MemoryPersistenceClass implements SqliteBrokerPersistence {
    #loading = false;
    /** Queued packets she erased: the in-memory queue still holds them, so they are filtered out of it. */
    #erased = new Set<string>();

    eraseQueued(): number {
      const rows = q.outAll.all() as { packet: string }[];
      for (const row of rows) this.#erased.add(key(decode(row.packet)));
      q.outErase.run();
      return rows.length;
    }

    override outgoingStream(client: ClientRef): Readable {
      const stream = super.outgoingStream(client);
      if (this.#erased.size === 0) return stream;
      const erased = this.#erased;
      return stream.filter((packet: Packet) => !erased.has(key(packet)));
    }

    override async setup(broker: unknown): Promise<void> {
      await super.setup(broker);
      this.#loading = true;
      try {
        for (const row of q.retainedAll.all() as { packet: string }[]) await super.storeRetained(decode(row.packet));
        const subs = new Map<string, Subscription[]>();
        for (const row of q.subsAll.all() as { clientId: string; topic: string; options: string }[]) {
          const list = subs.get(row.clientId) ?? [];
          list.push({ topic: row.topic, ...(JSON.parse(row.options) as Omit<Subscription, "topic">) });
          subs.set(row.clientId, list);
        }
        for (const [id, list] of subs) await super.addSubscriptions({ id }, list);
        for (const row of q.outAll.all() as { clientId: string; packet: string }[]) {
          const packet = decode(row.packet);
          await super.outgoingEnqueue({ clientId: row.clientId }, packet);
          // The in-memory queue wraps packets afresh; an id already sent keeps its number for the resend.
          if (packet.messageId !== undefined) await super.outgoingUpdate({ id: row.clientId }, packet).catch(() => undefined);
        }
        for (const row of q.inAll.all() as { clientId: string; packet: string }[]) await super.incomingStorePacket({ id: row.clientId }, decode(row.packet));
        for (const row of q.willAll.all() as { packet: string }[]) {
          const will = decode(row.packet);
          const brokerId = will.brokerId as string;
          await super.putWill({ id: will.clientId as string }, will);
          // Kept as the broker that held it: a will of a broker that is gone is published at start.
          will.brokerId = brokerId;
        }
      } finally {
        this.#loading = false;
      }
    }

    async #saveSubscriptions(client: ClientRef): Promise<void> {
      const subs = await super.subscriptionsByClient(client);
      db.transaction(() => {
        q.subsDelClient.run(client.id);
        for (const { topic, ...options } of subs) q.subsPut.run(client.id, topic, JSON.stringify(options));
      })();
    }

    #saving: Promise<void> = Promise.resolve();

    /** Saves one client's queue as it is when its turn comes: saves run one after another, the last one wins. */
    #saveOutgoing(clientId: string): Promise<void> {
      if (this.#loading) return Promise.resolve();
      const stream = () => this.outgoingStream({ id: clientId });
      const save = this.#saving.then(async () => {
        const queue = await readAll(stream());
        db.transaction(() => {
          q.outDelClient.run(clientId);
          queue.forEach((packet, seq) => q.outPut.run(clientId, seq, encode(packet)));
        })();
      });
      this.#saving = save.catch(() => undefined);
      return save;
    }

    override async storeRetained(packet: Packet): Promise<void> {
      await super.storeRetained(packet);
      if (packet.payload.length === 0) q.retainedDel.run(packet.topic);
      else q.retainedPut.run(packet.topic, encode({ ...packet }));
    }

    override async addSubscriptions(client: ClientRef, subs: Subscription[]): Promise<void> {
      await super.addSubscriptions(client, subs);
      if (!this.#loading) await this.#saveSubscriptions(client);
    }

    override async removeSubscriptions(client: ClientRef, topics: string[]): Promise<void> {
      await super.removeSubscriptions(client, topics);
      await this.#saveSubscriptions(client);
    }

    override async cleanSubscriptions(client: ClientRef): Promise<void> {
      await super.cleanSubscriptions(client);
      q.subsDelClient.run(client.id);
      // A clean session drops what was queued for it too.
      q.outDelClient.run(client.id);
    }

    override async outgoingEnqueue(sub: { clientId: string }, packet: Packet): Promise<void> {
      await super.outgoingEnqueue(sub, packet);
      await this.#saveOutgoing(sub.clientId);
    }

    override async outgoingEnqueueCombi(subs: { clientId: string }[], packet: Packet): Promise<void> {
      await super.outgoingEnqueueCombi(subs, packet);
      for (const clientId of new Set(subs.map((s) => s.clientId))) await this.#saveOutgoing(clientId);
    }

    override async outgoingUpdate(client: ClientRef, packet: Packet): Promise<void> {
      await super.outgoingUpdate(client, packet);
      await this.#saveOutgoing(client.id);
    }

    override async outgoingClearMessageId(client: ClientRef, packet: Packet): Promise<Packet | undefined> {
      const cleared = await super.outgoingClearMessageId(client, packet);
      await this.#saveOutgoing(client.id);
      return cleared;
    }

    override async incomingStorePacket(client: ClientRef, packet: Packet): Promise<void> {
      await super.incomingStorePacket(client, packet);
      if (!this.#loading) q.inPut.run(client.id, packet.messageId, encode({ ...packet }));
    }

    override async incomingDelPacket(client: ClientRef, packet: Packet): Promise<void> {
      await super.incomingDelPacket(client, packet);
      q.inDel.run(client.id, packet.messageId);
    }

    override async cleanIncoming(client: ClientRef): Promise<void> {
      await super.cleanIncoming(client);
      q.inDelClient.run(client.id);
    }

    override async putWill(client: ClientRef, packet: Packet): Promise<void> {
      await super.putWill(client, packet);
      if (!this.#loading) q.willPut.run(client.id, encode({ ...packet }));
    }

    override async delWill(client: ClientRef): Promise<Packet | undefined> {
      const will = await super.delWill(client);
      q.willDel.run(client.id);
      return will;
    }
  }
  return new SqliteBrokerPersistenceImpl();
}
