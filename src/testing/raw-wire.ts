// Test tools that speak HTTP and WebSocket on the wire, the way an attacker's page or a broken client
// would: any Host, Origin or content type, and hand-made WebSocket frames.
import { request as httpRequest } from "node:http";
import { connect, type Socket } from "node:net";
import { randomBytes } from "node:crypto";
import { networkInterfaces } from "node:os";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function rawRequest(
  target: { host: string; port: number },
  options: { method?: string; path: string; headers?: Record<string, string | number>; body?: string | Buffer; timeoutMs?: number },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: target.host, port: target.port, method: options.method ?? "GET", path: options.path, headers: options.headers, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }));
        response.on("error", reject);
      },
    );
    request.setTimeout(options.timeoutMs ?? 10_000, () =>
      request.destroy(new Error(`no answer within ${options.timeoutMs ?? 10_000} ms: ${options.method ?? "GET"} ${options.path}`)),
    );
    request.on("error", reject);
    request.end(options.body);
  });
}

/** This machine's own non-loopback IPv4 address, or null when it has none. */
export function ownLanAddress(): string | null {
  for (const list of Object.values(networkInterfaces())) for (const entry of list ?? []) if (entry.family === "IPv4" && !entry.internal) return entry.address;
  return null;
}

/** One WebSocket frame from a client (masked, as RFC 6455 requires), with every bit under the caller's control. */
export function wsFrame(options: { opcode: number; payload: Buffer; fin?: boolean; rsv?: number; mask?: boolean; declaredLength?: number }): Buffer {
  const { opcode, payload } = options;
  const fin = options.fin ?? true;
  const mask = options.mask ?? true;
  const length = options.declaredLength ?? payload.length;
  const head: number[] = [(fin ? 0x80 : 0) | ((options.rsv ?? 0) << 4) | (opcode & 0x0f)];
  let extended: Buffer;
  if (length < 126) {
    head.push((mask ? 0x80 : 0) | length);
    extended = Buffer.alloc(0);
  } else if (length < 65536) {
    head.push((mask ? 0x80 : 0) | 126);
    extended = Buffer.alloc(2);
    extended.writeUInt16BE(length);
  } else {
    head.push((mask ? 0x80 : 0) | 127);
    extended = Buffer.alloc(8);
    extended.writeBigUInt64BE(BigInt(length));
  }
  if (!mask) return Buffer.concat([Buffer.from(head), extended, payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ key[i % 4]!));
  return Buffer.concat([Buffer.from(head), extended, key, masked]);
}

/** A raw socket that has completed the WebSocket handshake (or got refused: `status` says which). */
export async function wsHandshake(
  target: { host: string; port: number },
  options: { path?: string; headers?: Record<string, string> } = {},
): Promise<{ socket: Socket; status: number; response: string; closed: Promise<void> }> {
  const socket = connect(target.port, target.host);
  socket.on("error", () => undefined);
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("error", reject);
  });
  const headers = {
    Host: `${target.host}:${target.port}`,
    Upgrade: "websocket",
    Connection: "Upgrade",
    "Sec-WebSocket-Key": randomBytes(16).toString("base64"),
    "Sec-WebSocket-Version": "13",
    ...options.headers,
  };
  socket.write(
    `GET ${options.path ?? "/api/v1/ws"} HTTP/1.1\r\n${Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}`)
      .join("\r\n")}\r\n\r\n`,
  );
  const response = await new Promise<string>((resolve) => {
    let text = "";
    const onData = (chunk: Buffer) => {
      text += chunk.toString("latin1");
      if (text.includes("\r\n\r\n")) {
        socket.off("data", onData);
        resolve(text);
      }
    };
    socket.on("data", onData);
    socket.once("close", () => resolve(text));
  });
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);
  return { socket, status, response, closed };
}

/** Resolves when the promise does, or rejects after ms (a hang is a failure, not a stuck test). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]);
}

/** Writes bytes exactly as given and returns the status code of the answer (0 when the server just closed). */
export async function rawExchange(target: { host: string; port: number }, bytes: string | Buffer, timeoutMs = 5000): Promise<{ status: number; text: string }> {
  const socket = connect(target.port, target.host);
  socket.on("error", () => undefined);
  let text = "";
  socket.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
  socket.write(bytes);
  await within(
    new Promise<void>((resolve) => {
      socket.once("close", () => resolve());
      const check = () => (/\r\n\r\n/.test(text) ? resolve() : setTimeout(check, 5));
      check();
    }),
    timeoutMs,
    "raw exchange",
  );
  await new Promise((resolve) => setTimeout(resolve, 20));
  socket.destroy();
  return { status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0), text };
}
