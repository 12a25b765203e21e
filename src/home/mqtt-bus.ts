// The MQTT bus port and its two adapters: the embedded broker (aedes on this device, its state in
// SQLite) and any external broker by URL (mosquitto, EMQX). Either way Guimi talks to the broker as
// an ordinary MQTT.js client with a last will, so both behave the same to everyone else.
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { connect, type IClientOptions, type MqttClient } from "mqtt";
import { Aedes, type Client } from "aedes";
import type { Db } from "../storage/database.js";
import { createSqliteBrokerPersistence } from "./broker-persistence.js";

/** `retained`: a stored message handed over on subscribing, not one just sent. */
export type MqttHandler = (topic: string, payload: Buffer, retained: boolean) => void;

export interface PublishOptions {
  qos?: 0 | 1;
  retain?: boolean;
}

export interface MqttBus {
  readonly kind: "embedded" | "external";
  /** Where clients connect (no credentials in it). */
  readonly url: string;
  publish(topic: string, payload: string | Buffer, options?: PublishOptions): Promise<void>;
  /** Messages on topics matching `filter` (+ and # wildcards) go to `handler`; kept across reconnects. */
  subscribe(filter: string, handler: MqttHandler): Promise<void>;
  /** Called on every (re)connect: the place to publish retained state again. */
  onConnect(listener: () => void): void;
  connected(): boolean;
  close(): Promise<void>;
}

export interface ClientBusOptions {
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  will?: { topic: string; payload: string; retain: boolean; qos: 0 | 1 };
  /** How long start waits for the first connection before going on (it keeps retrying). */
  connectTimeoutMs?: number;
  /** A persistent session: QoS 1 commands sent while Guimi was away are delivered when it is back. */
  clean?: boolean;
  kind?: "embedded" | "external";
  onError?: (error: Error) => void;
}

/** True when `topic` matches the MQTT filter (`+` one level, `#` the rest). */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split("/");
  const t = topic.split("/");
  for (let i = 0; i < f.length; i++) {
    if (f[i] === "#") return true;
    if (i >= t.length) return false;
    if (f[i] !== "+" && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/** Connects to a broker; resolves once connected or after `connectTimeoutMs` (it keeps retrying then). */
export async function connectMqttBus(options: ClientBusOptions): Promise<MqttBus & { raw: MqttClient }> {
  const clientOptions: IClientOptions = {
    clientId: options.clientId,
    clean: options.clean ?? true,
    reconnectPeriod: 2000,
    connectTimeout: 10_000,
    ...(options.username !== undefined ? { username: options.username } : {}),
    ...(options.password !== undefined ? { password: options.password } : {}),
    ...(options.will ? { will: options.will } : {}),
  };
  const client: MqttClient = connect(options.url, clientOptions);
  const handlers: { filter: string; handler: MqttHandler }[] = [];
  const connectListeners: (() => void)[] = [];
  const onError = options.onError ?? ((error: Error) => console.error("mqtt:", error.message));
  client.on("error", onError);
  client.on("message", (topic, payload, packet) => {
    for (const { filter, handler } of handlers) {
      if (!topicMatches(filter, topic)) continue;
      try {
        handler(topic, payload, packet.retain === true);
      } catch (error) {
        onError(error as Error);
      }
    }
  });
  client.on("connect", () => {
    for (const listener of connectListeners) {
      try {
        listener();
      } catch (error) {
        onError(error as Error);
      }
    }
  });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, options.connectTimeoutMs ?? 5000);
    timer.unref();
    client.once("connect", () => {
      clearTimeout(timer);
      resolve();
    });
  });
  const shownUrl = (() => {
    try {
      const u = new URL(options.url);
      u.username = "";
      u.password = "";
      return u.toString().replace(/\/$/, "");
    } catch {
      return options.url;
    }
  })();
  return {
    raw: client,
    kind: options.kind ?? "external",
    url: shownUrl,
    async publish(topic, payload, { qos = 1, retain = false } = {}) {
      await client.publishAsync(topic, payload, { qos, retain });
    },
    async subscribe(filter, handler) {
      handlers.push({ filter, handler });
      await client.subscribeAsync(filter, { qos: 1 });
    },
    onConnect(listener) {
      connectListeners.push(listener);
      if (client.connected) listener();
    },
    connected: () => client.connected,
    async close() {
      await client.endAsync();
    },
  };
}

export interface EmbeddedBrokerOptions {
  db: Db;
  host: string;
  port: number;
  /**
   * Who a LAN client is, from its MQTT username and password: the paired device's id, or null to refuse.
   * Clients on this device need no credentials.
   */
  identify?: (username: string | undefined, password: string | undefined) => string | null;
}

export interface EmbeddedBroker {
  host: string;
  port: number;
  /** Drops the messages queued for devices that are away (she erased her data). */
  eraseQueued(): number;
  connectedClients(): number;
  /** Ends every open MQTT session of a paired device at once (its token was revoked); returns how many. */
  disconnectDevice(deviceId: string): number;
  close(): Promise<void>;
}

const isLoopback = (address: string | undefined) => !!address && (address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127."));

/**
 * Who may connect: anyone on this device ("local"); from the LAN only a paired device whose credentials
 * `identify` accepts (its id); otherwise null.
 */
export function whoConnects(
  remoteAddress: string | undefined,
  username: string | undefined,
  password: string | undefined,
  identify?: (u: string | undefined, p: string | undefined) => string | null,
): "local" | { deviceId: string } | null {
  if (isLoopback(remoteAddress)) return "local";
  const deviceId = identify?.(username, password) ?? null;
  return deviceId ? { deviceId } : null;
}

export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const persistence = createSqliteBrokerPersistence(options.db);
  // The open sessions of each paired device, so revoking it can end them.
  const sessions = new Map<string, Set<Client>>();
  const deviceOf = new WeakMap<Client, string>();
  const broker = await Aedes.createBroker({
    persistence: persistence as never,
    drainTimeout: 30_000,
    // Clients on the LAN log in with their own token from `guimi pair`; this device's own need none.
    authenticate: (client, username, password, done) => {
      const remote = (client.conn as Socket | undefined)?.remoteAddress;
      const who = whoConnects(remote, username, password?.toString(), options.identify);
      if (who === "local") return done(null, true);
      if (who) {
        deviceOf.set(client, who.deviceId);
        let open = sessions.get(who.deviceId);
        if (!open) sessions.set(who.deviceId, (open = new Set()));
        open.add(client);
        return done(null, true);
      }
      const error = Object.assign(new Error("bad username or password"), { returnCode: 4 });
      return done(error as never, false);
    },
  });
  broker.on("clientDisconnect", (client) => {
    const deviceId = deviceOf.get(client);
    if (deviceId) sessions.get(deviceId)?.delete(client);
  });
  const server: Server = createServer((socket) => broker.handle(socket));
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port, options.host, () => resolve());
    });
  } catch (error) {
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  return {
    host: options.host,
    port,
    connectedClients: () => broker.connectedClients,
    eraseQueued: () => persistence.eraseQueued(),
    disconnectDevice(deviceId) {
      const open = [...(sessions.get(deviceId) ?? [])];
      sessions.delete(deviceId);
      for (const client of open) client.close();
      return open.length;
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}

/** The embedded adapter: a broker on this device, and Guimi's own client connected to it on loopback. */
export async function createEmbeddedMqttBus(
  options: EmbeddedBrokerOptions & Omit<ClientBusOptions, "url" | "kind">,
): Promise<MqttBus & { broker: EmbeddedBroker; raw: MqttClient }> {
  const broker = await startEmbeddedBroker(options);
  const wildcard = options.host === "0.0.0.0" || options.host === "::";
  const ownHost = wildcard ? "127.0.0.1" : options.host.includes(":") ? `[${options.host}]` : options.host;
  const bus = await connectMqttBus({ ...options, url: `mqtt://${ownHost}:${broker.port}`, kind: "embedded" });
  const shownHost = wildcard ? "<this device's address>" : ownHost;
  return {
    ...bus,
    url: `mqtt://${shownHost}:${broker.port}`,
    broker,
    async close() {
      await bus.close();
      await broker.close();
    },
  };
}
