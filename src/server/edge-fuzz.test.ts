// A bounded fuzz suite against the real daemon (real sockets, real SQLite file), seeded so a failure
// replays (GUIMI_FUZZ_SEED=<n> to try another sequence). Every route of the OpenAPI document gets
// bodies generated from its schema and then broken: wrong types, huge strings, deep nesting, missing and
// extra fields, bad JSON, wrong content types; the WebSocket gets hostile frames; .ics and image routes
// get broken files. Asserted: never a 5xx, no crash, no hang, and a refused request stores nothing.
import { mulberry32 } from "../kernel/seeded-random.js";
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createGuimiApp, type GuimiApp } from "../app/guimi-app.js";
import { startDaemon, type RunningDaemon } from "./daemon.js";
import { routeModules } from "../server/route-modules.js";
import { makeTempDir } from "../testing/paths.js";
import { rawExchange, rawRequest, within, wsFrame, wsHandshake } from "../testing/raw-wire.js";
import { encodePng } from "../perception/face/png-fixture.js";

const SEED = Number(process.env.GUIMI_FUZZ_SEED ?? 20260501);
const CASES_PER_OPERATION = 32;

/** mulberry32: small, fast, reproducible. */
function prng(seed: number) {
  const next = mulberry32(seed);
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
    chance: (p: number) => next() < p,
    bytes: (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256))),
  };
}
const rand = prng(SEED);

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
};

const stringCandidates = ["abc", "2026-05-01", "06:30", "2026-05-02T09:00:00.000Z", "default", "Asia/Shanghai", "明天下午三点提醒我喝水", "zh", "FREQ=DAILY"];

/** A value that might satisfy the schema (good enough to get past the first checks). */
function sample(schema: Schema | undefined, depth = 0): unknown {
  if (!schema || depth > 6) return null;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return rand.pick(schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return sample(rand.pick(union), depth + 1);
  const type = Array.isArray(schema.type) ? rand.pick(schema.type) : schema.type;
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(schema.properties ?? {}))
        if (schema.required?.includes(key) || rand.chance(0.5)) out[key] = sample(child, depth + 1);
      return out;
    }
    case "array":
      return Array.from({ length: rand.int(3) }, () => sample(schema.items, depth + 1));
    case "string":
      return schema.format === "date-time" ? new Date(Date.now() + rand.int(86_400_000 * 30)).toISOString() : rand.pick(stringCandidates);
    case "integer":
    case "number": {
      const min = schema.minimum ?? 0;
      const max = schema.maximum ?? min + 100;
      return type === "integer" ? Math.floor(min + rand.next() * (max - min)) : min + rand.next() * (max - min);
    }
    case "boolean":
      return rand.chance(0.5);
    case "null":
      return null;
    default:
      return rand.pick(["x", 1, true, null, {}]);
  }
}

const hostileValues: (() => unknown)[] = [
  () => null,
  () => 0,
  () => -1,
  () => 1e308,
  () => -1e308,
  () => 2 ** 53 + 1,
  () => 0.5,
  () => true,
  () => "",
  () => " ".repeat(50),
  () => "x".repeat(rand.pick([4001, 70_000, 200_000])),
  () => "\u0000\u0007\ud800\udfff\u202e",
  () => "💥".repeat(3000),
  () => "../../etc/passwd",
  () => "<script>alert(1)</script>",
  () => "DROP TABLE messages; --",
  () => [],
  () => [[[[[[[[[[[]]]]]]]]]]],
  () => ({}),
  () => ({ __proto__: { polluted: true } }),
  () => JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
  () => Array.from({ length: 5000 }, (_, i) => i),
  () => "9999-99-99T99:99:99Z",
  () => "FREQ=SECONDLY;INTERVAL=0",
];

/** Breaks one thing in a value: a field's type, a missing or extra field, or the whole value. */
function mutate(value: unknown): unknown {
  if (value && typeof value === "object" && !Array.isArray(value) && rand.chance(0.8)) {
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(copy);
    const roll = rand.int(4);
    if (roll === 0 && keys.length) delete copy[rand.pick(keys)];
    else if (roll === 1) copy[rand.pick(["extra", "__proto__", "constructor", "id", "at", "type"])] = rand.pick(hostileValues)();
    else if (keys.length) {
      const key = rand.pick(keys);
      copy[key] = rand.chance(0.3) ? mutate(copy[key]) : rand.pick(hostileValues)();
    } else copy.extra = rand.pick(hostileValues)();
    return copy;
  }
  return rand.pick(hostileValues)();
}

/** Bodies that are not the JSON they claim to be. */
const brokenBodies: (() => Buffer)[] = [
  () => Buffer.from(""),
  () => Buffer.from("{"),
  () => Buffer.from('{"text": "unterminated'),
  () => Buffer.from("null"),
  () => Buffer.from("[]"),
  () => Buffer.from('"just a string"'),
  () => Buffer.from("1e999999"),
  () => Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0xfe, 0x22, 0x7d]),
  () => Buffer.from("[".repeat(20_000) + "]".repeat(20_000)),
  () => Buffer.from('{"a":'.repeat(5000) + "1" + "}".repeat(5000)),
  () => rand.bytes(rand.int(2000)),
  () => Buffer.from("\ufeff{}"),
];

const contentTypes = [
  "application/json",
  "application/json; charset=utf-8",
  "APPLICATION/JSON",
  "application/json;;;",
  "text/plain",
  "text/plain;charset=UTF-8",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=zz",
  "application/octet-stream",
  "image/png",
  "audio/wav",
  "text/calendar",
  "",
  "*/*",
];

const pathIds = [
  "1",
  "0",
  "-1",
  "99999999999999999999999",
  "abc",
  "..%2F..%2Fetc%2Fpasswd",
  "%00",
  "%E2%80%AE",
  "%F0%9F%92%A5",
  "x".repeat(300),
  "default",
  "d_aaaaaaaa",
  "null",
  "%25",
  "a.b",
  "r_1",
];
const queryJunk = [
  "limit=abc",
  "limit=-5",
  "limit=1e9",
  "limit=2.5",
  "before=x",
  "before=-1",
  "q=" + "x".repeat(600),
  "k=0",
  "k=51",
  "days=abc",
  "days=100000",
  "all=yes",
  "limit=",
  "a[b]=c",
  "__proto__=x",
  "q=%00",
  "q=%ZZ",
];

let app: GuimiApp;
let daemon: RunningDaemon;
const temp = makeTempDir("guimi-fuzz-");
const target = () => ({ host: "127.0.0.1", port: daemon.port });

/** Rows in every table: a refused request must leave each count as it was. */
function rowCounts(): string {
  // The full-text index mirrors memories row for row; counting its shadow tables would only cost time.
  const tables = app.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'memory_fts%'").all() as {
    name: string;
  }[];
  return JSON.stringify(tables.map(({ name }) => [name, (app.db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n]));
}

const seeded = { reminderId: "", memoryId: "" };
async function seed(): Promise<void> {
  const post = async (path: string, body: unknown) => {
    const text = JSON.stringify(body);
    const response = await rawRequest(target(), {
      method: "POST",
      path: `/api/v1/${path}`,
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(text) },
      body: text,
    });
    assert.equal(response.status, 200, `${path}: ${response.body}`);
    return JSON.parse(response.body) as Record<string, { id?: string } | null>;
  };
  await post("chat", { text: "今天和朋友吃了火锅" });
  seeded.memoryId = String((await post("memories", { text: "她喜欢栀子花" })).memory?.id ?? "");
  seeded.reminderId = String((await post("reminders", { text: "明天早上八点提醒我吃药" })).reminder?.id ?? "");
}

/** Turns off anything a fuzzed settings change could have switched on that reaches outside. */
function keepOffline(): void {
  app.settings.update({
    outbound: { weather: false, remoteLlm: false, modelDownload: false, homeAssistant: false, mqttBroker: false, radio: false },
    sensors: { microphone: true, camera: true, touch: true },
  });
}

before(async () => {
  // Fuzzed play requests must not make a sound on the machine running the tests.
  process.env.GUIMI_AUDIO_OUT ??= "null";
  // Care's listener writes 50 ms after each turn on its own timer; here every write must follow its request.
  app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true, care: { listen: false } });
  daemon = await startDaemon(app, { host: "127.0.0.1", port: 0, modules: routeModules });
  keepOffline();
  await seed();
});
after(async () => {
  await daemon.stop();
  await app.close();
  temp.cleanup();
});

/**
 * A request that was served may go on writing after its answer (memories are taken in after the reply,
 * care hears the utterance): wait until the counts hold still, so the next refused request is judged alone.
 */
async function settle(quietMs: number): Promise<void> {
  let last = rowCounts();
  let quiet = 0;
  for (let i = 0; i < 200 && quiet < quietMs; i++) {
    await new Promise((resolve) => setTimeout(resolve, 8));
    const now = rowCounts();
    quiet = now === last ? quiet + 8 : 0;
    last = now;
  }
}

interface Case {
  method: string;
  path: string;
  type: string | undefined;
  body: Buffer | undefined;
}

async function run(c: Case, what: string): Promise<number> {
  const beforeRows = rowCounts();
  const headers: Record<string, string | number> = {};
  if (c.type !== undefined) headers["content-type"] = c.type;
  if (c.body !== undefined) headers["content-length"] = c.body.length;
  const response = await rawRequest(target(), {
    method: c.method,
    path: c.path,
    headers,
    ...(c.body !== undefined ? { body: c.body } : {}),
    timeoutMs: 15_000,
  });
  const replay = `${what} (seed ${SEED}): ${c.method} ${c.path.slice(0, 200)} [${c.type}] ${c.body?.subarray(0, 200).toString("utf8") ?? ""}`;
  assert.ok(response.status > 0 && response.status < 500, `${response.status} for ${replay}\n${response.body.slice(0, 500)}`);
  if (response.status >= 400) {
    const afterRows = rowCounts();
    if (afterRows !== beforeRows) {
      const was = new Map(JSON.parse(beforeRows) as [string, number][]);
      const changed = (JSON.parse(afterRows) as [string, number][])
        .filter(([name, n]) => was.get(name) !== n)
        .map(([name, n]) => `${name} ${was.get(name)} → ${n}`);
      assert.fail(`a refused request (${response.status}) changed stored data (${changed.join(", ")}): ${replay}`);
    }
    const error = (JSON.parse(response.body) as { error?: { code?: unknown; message?: unknown } }).error;
    assert.ok(typeof error?.code === "string" && typeof error.message === "string", `error shape for ${replay}: ${response.body.slice(0, 200)}`);
  } else if (c.method !== "GET") await settle(16);
  return response.status;
}

describe("fuzz", { timeout: 120_000 }, () => {
  test("every route of the OpenAPI document: generated, broken and mistyped bodies", async () => {
    const document = JSON.parse((await rawRequest(target(), { path: "/api/v1/openapi.json" })).body) as {
      paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> }; parameters?: { name: string; in: string }[] }>>;
    };
    const statuses = new Map<number, number>();
    let cases = 0;
    for (const [template, operations] of Object.entries(document.paths)) {
      if (template === "/ws") continue;
      for (const [method, operation] of Object.entries(operations)) {
        const content = operation.requestBody?.content ?? {};
        const declared = Object.keys(content);
        const json = content["application/json"]?.schema;
        for (let i = 0; i < CASES_PER_OPERATION; i++) {
          let path = "/api/v1" + template.replace(/\{[^}]+\}/g, () => rand.pick([...pathIds, seeded.reminderId, seeded.memoryId].filter(Boolean)));
          if (rand.chance(0.3)) path += "?" + Array.from({ length: 1 + rand.int(3) }, () => rand.pick(queryJunk)).join("&");
          let body: Buffer | undefined;
          let type: string | undefined;
          const roll = rand.next();
          if (method === "get" || method === "delete") {
            if (roll < 0.2) [body, type] = [rand.pick(brokenBodies)(), rand.pick(contentTypes)];
          } else if (json && roll < 0.6)
            [body, type] = [Buffer.from(JSON.stringify(mutate(sample(json)))), rand.chance(0.8) ? "application/json" : rand.pick(contentTypes)];
          else if (roll < 0.8) [body, type] = [rand.pick(brokenBodies)(), rand.pick([...contentTypes, ...declared])];
          else
            [body, type] = [
              Buffer.from(JSON.stringify(sample(json))),
              rand.pick(contentTypes.filter((t) => !t.startsWith("application/json") && !declared.includes(t))),
            ];
          if (type === "") type = undefined;
          // Erasing everything with a valid body is a real erase, not an attack: never sent unbroken here.
          if (template === "/data/erase" && body?.toString() === '{"confirm":"erase everything"}') body = Buffer.from('{"confirm":"erase everything","x":1}');
          const status = await run({ method: method.toUpperCase(), path, type, body }, `${method} ${template} #${i}`);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          cases++;
          if (template === "/settings" || template === "/care/settings") keepOffline();
        }
      }
    }
    console.log(`fuzz: ${cases} HTTP cases, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))} (seed ${SEED})`);
    assert.ok(cases > 1000, `${cases} cases`);
    assert.ok((statuses.get(400) ?? 0) > 100 && (statuses.get(415) ?? 0) > 50, JSON.stringify([...statuses]));
    assert.equal((await rawRequest(target(), { path: "/api/v1/health" })).status, 200);
  });

  test(".ics imports: broken calendars, hostile recurrence rules, wrong types", async () => {
    const base = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//fuzz//EN",
      "BEGIN:VEVENT",
      "UID:fuzz-1@guimi",
      "DTSTAMP:20260501T080000Z",
      `DTSTART:${new Date(Date.now() + 86_400_000).toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`,
      "SUMMARY:喝水",
      "RRULE:FREQ=DAILY;COUNT=3",
      "BEGIN:VALARM",
      "TRIGGER:-PT10M",
      "ACTION:DISPLAY",
      "END:VALARM",
      "END:VEVENT",
      "END:VCALENDAR",
    ];
    const hostileLines = [
      "DTSTART:99999999T999999Z",
      "DTSTART;TZID=Mars/Olympus:20260501T080000",
      "DTSTART;VALUE=DATE:2026",
      "DTSTART:",
      "RRULE:FREQ=BOGUS",
      "RRULE:FREQ=DAILY;INTERVAL=-1",
      "RRULE:FREQ=DAILY;BYDAY=XX,YY",
      "RRULE:FREQ=DAILY;UNTIL=notadate",
      "RRULE:" + "FREQ=DAILY;".repeat(2000),
      "SUMMARY:" + "长".repeat(20_000),
      "SUMMARY:\u0000\u0007",
      "BEGIN:VEVENT",
      "END:VEVENT",
      "END:VCALENDAR",
      "BEGIN:VTIMEZONE",
      " folded continuation without a start",
      "X-" + "A".repeat(5000) + ":1",
      "ATTACH;ENCODING=BASE64;VALUE=BINARY:" + "QUFB".repeat(1000),
    ];
    for (let i = 0; i < 160; i++) {
      let lines = [...base];
      for (let m = 0; m < 1 + rand.int(4); m++) {
        const at = 1 + rand.int(lines.length - 1);
        const roll = rand.int(3);
        if (roll === 0) lines.splice(at, 1);
        else if (roll === 1) lines.splice(at, 0, rand.pick(hostileLines));
        else lines[at] = rand.pick(hostileLines);
      }
      if (rand.chance(0.05))
        lines = [
          base[0]!,
          ...Array.from({ length: 3000 }, (_, k) => [`BEGIN:VEVENT`, `UID:${k}`, "DTSTART:20260501T080000Z", "SUMMARY:x", "END:VEVENT"]).flat(),
          "END:VCALENDAR",
        ];
      let body = Buffer.from(lines.join(rand.chance(0.8) ? "\r\n" : "\n"));
      if (rand.chance(0.1)) body = Buffer.concat([body.subarray(0, rand.int(body.length)), rand.bytes(rand.int(200))]);
      await run({ method: "POST", path: "/api/v1/reminders/import", type: rand.chance(0.9) ? "text/calendar" : rand.pick(contentTypes), body }, `ics #${i}`);
    }
  });

  test("images and audio through the sensor routes: truncated, corrupt, mislabelled", async () => {
    const png = Buffer.from(encodePng(4, 4, new Uint8Array(48).fill(200), 2));
    const jpegStart = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
    const wavHeader = (dataBytes: number, rate = 16000, channels = 1, bits = 16) => {
      const header = Buffer.alloc(44);
      header.write("RIFF", 0);
      header.writeUInt32LE(36 + dataBytes, 4);
      header.write("WAVEfmt ", 8);
      header.writeUInt32LE(16, 16);
      header.writeUInt16LE(1, 20);
      header.writeUInt16LE(channels, 22);
      header.writeUInt32LE(rate, 24);
      header.writeUInt32LE(((rate * channels * bits) / 8) >>> 0, 28);
      header.writeUInt16LE(((channels * bits) / 8) & 0xffff, 32);
      header.writeUInt16LE(bits, 34);
      header.write("data", 36);
      header.writeUInt32LE(dataBytes, 40);
      return header;
    };
    const images = [
      // Cut inside the header or the first pixel chunk: a frame that still decodes would run the face model (seconds).
      () => png.subarray(0, 8 + rand.int(37)),
      () => Buffer.concat([png.subarray(0, 8), rand.bytes(rand.int(3000))]),
      () => Buffer.concat([jpegStart, rand.bytes(rand.int(3000))]),
      () => rand.bytes(rand.int(5000)),
      () => Buffer.alloc(0),
    ];
    const audio = [
      () => Buffer.concat([wavHeader(32000), rand.bytes(rand.int(100))]),
      () => Buffer.concat([wavHeader(rand.int(2 ** 31)), rand.bytes(1000)]),
      () =>
        Buffer.concat([
          wavHeader(1000, rand.pick([0, 1, 8000, 16000, 4_000_000_000]), rand.pick([0, 1, 2, 65535]), rand.pick([0, 8, 16, 24, 33])),
          rand.bytes(1000),
        ]),
      () => wavHeader(0),
      () => rand.bytes(rand.int(4000)),
      () => Buffer.from("RIFF"),
    ];
    for (let i = 0; i < 100; i++) {
      const face = rand.chance(0.5);
      const body = face ? rand.pick(images)() : rand.pick(audio)();
      const type = rand.chance(0.85) ? (face ? rand.pick(["image/jpeg", "image/png"]) : rand.pick(["audio/wav", "audio/x-wav"])) : rand.pick(contentTypes);
      await run({ method: "POST", path: face ? "/api/v1/sensors/face" : "/api/v1/sensors/voice", type, body }, `sensor #${i}`);
    }
  });

  test("hostile WebSocket frames and handshakes: each closes its own socket; the daemon keeps serving", async () => {
    const witness = await wsHandshake(target());
    assert.equal(witness.status, 101);
    let witnessClosed = false;
    void witness.closed.then(() => (witnessClosed = true));
    const payloads = [
      () => Buffer.from(JSON.stringify(mutate({ type: rand.pick(["chat", "stop", "ping", "nope"]), text: "你好", conversationId: "fuzz" }))),
      () => rand.bytes(rand.int(300)),
      () => Buffer.from([0xc3, 0x28, 0xed, 0xa0, 0x80]),
      () => Buffer.alloc(rand.pick([0, 125, 126, 127, 65_535, 65_536, 70_000]), 0x20),
      () => Buffer.from("{".repeat(10_000)),
    ];
    const one = async (i: number) => {
      const socket = await wsHandshake(
        target(),
        rand.chance(0.1) ? { headers: { "Sec-WebSocket-Protocol": rand.pick(["guimi.v1", "bearer.", "x,y", "guimi.v1, bearer." + "A".repeat(40)]) } } : {},
      );
      if (socket.status !== 101) return socket.socket.destroy();
      const frames = Array.from({ length: 1 + rand.int(3) }, () => {
        const payload = rand.pick(payloads)();
        return wsFrame({
          opcode: rand.chance(0.6) ? rand.pick([1, 1, 1, 2, 8, 9, 10, 0]) : rand.int(16),
          payload,
          fin: rand.chance(0.8),
          rsv: rand.chance(0.9) ? 0 : rand.int(8),
          mask: rand.chance(0.95),
          ...(rand.chance(0.05) ? { declaredLength: payload.length + 1 + rand.int(1000) } : {}),
        });
      });
      for (const frame of frames) if (socket.socket.writable) socket.socket.write(frame);
      await Promise.race([socket.closed, new Promise((resolve) => setTimeout(resolve, 60))]);
      socket.socket.destroy();
      void i;
    };
    for (let batch = 0; batch < 40; batch++)
      await within(Promise.all(Array.from({ length: 10 }, (_, k) => one(batch * 10 + k))), 10_000, `ws batch ${batch} (seed ${SEED})`);
    // Broken handshakes: the upgrade is answered (4xx) or closed, never a crash.
    const handshakes = [
      "GET /api/v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n",
      "GET /api/v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: short\r\nSec-WebSocket-Version: 8\r\n\r\n",
      "GET /elsewhere HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
      "GET /api/v1/ws HTTP/1.1\r\nHost: evil.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
      `GET /api/v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: ${"permessage-deflate; ".repeat(200)}\r\n\r\n`,
    ];
    for (const wire of handshakes) {
      const answer = await rawExchange(target(), wire);
      // Unknown extension offers are simply not agreed to (101 without them); everything else is refused.
      const fine = answer.status === 0 || (answer.status >= 400 && answer.status < 500) || (answer.status === 101 && wire.includes("Extensions"));
      assert.ok(fine, `${answer.status} for ${JSON.stringify(wire.slice(0, 80))}`);
    }
    assert.equal((await rawRequest(target(), { path: "/api/v1/health" })).status, 200);
    assert.equal(witnessClosed, false, "the quiet screen stayed connected");
    witness.socket.destroy();
  });
});
