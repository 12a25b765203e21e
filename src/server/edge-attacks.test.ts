// The attacks of issue 9, each made against the real daemon on a real socket (bound to 0.0.0.0 so the
// machine's own LAN address reaches it too), with a real SQLite file. Each must fail and change nothing.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import WebSocket from "ws";
import { connect } from "node:net";
import { createGuimiApp, type GuimiApp } from "../app/guimi-app.js";
import { startDaemon, type RunningDaemon } from "./daemon.js";
import { routeModules } from "../server/route-modules.js";
import { makeTempDir } from "../testing/paths.js";
import { ownLanAddress, rawExchange, rawRequest, within, wsFrame, wsHandshake, type RawResponse } from "../testing/raw-wire.js";
import { CLOSE_REVOKED } from "./websocket.js";
import { createEdgeGuard } from "./edge-guard.js";

let app: GuimiApp;
let daemon: RunningDaemon;
const temp = makeTempDir("guimi-edge-");
const local = () => ({ host: "127.0.0.1", port: daemon.port });
const lan = ownLanAddress();

const counts = () => JSON.stringify(Object.fromEntries(app.data.overview().map((c) => [c.id, c.count])));
const errorOf = (response: RawResponse) => (JSON.parse(response.body) as { error: { code: string; message: string } }).error;
const json = (body: unknown) => ({ "content-type": "application/json", "content-length": Buffer.byteLength(JSON.stringify(body)) });

before(async () => {
  app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true });
  daemon = await startDaemon(app, { host: "0.0.0.0", port: 0, modules: routeModules });
  // Something to lose: her words, a memory, a reminder.
  const post = (path: string, body: unknown) =>
    rawRequest(local(), { method: "POST", path: `/api/v1/${path}`, headers: json(body), body: JSON.stringify(body) });
  assert.equal((await post("chat", { text: "今天好累呀" })).status, 200);
  assert.equal((await post("memories", { text: "我最喜欢的花是栀子花" })).status, 200);
  assert.equal((await post("reminders", { text: "明天下午三点提醒我给妈妈打电话" })).status, 200);
});
after(async () => {
  await daemon.stop();
  await app.close();
  temp.cleanup();
});

describe("a web page she visits cannot write, erase or read", () => {
  const evil = { origin: "http://evil.example" };
  // What the browser sends for <form enctype="text/plain"> with the field `{"confirm":"` = `","confirm":"erase everything"}`.
  const formErase = '{"confirm":"=","confirm":"erase everything"}';

  test("a text/plain form erasing everything is refused, with and without an Origin; nothing is erased", async () => {
    const before = counts();
    assert.notEqual(before, JSON.stringify({}));
    for (const headers of [{ ...evil }, {}]) {
      const response = await rawRequest(local(), {
        method: "POST",
        path: "/api/v1/data/erase",
        headers: { "content-type": "text/plain", ...headers },
        body: formErase,
      });
      assert.ok(response.status === 403 || response.status === 415, `status ${response.status}`);
      assert.ok(!response.headers["access-control-allow-origin"]);
      assert.match(errorOf(response).code, /^(forbidden|unsupported-media-type)$/);
    }
    assert.equal(counts(), before);
  });

  test("memories (text/plain), reminders (urlencoded), chat (multipart) from a form are refused", async () => {
    const before = counts();
    const boundary = "----x";
    const attempts = [
      { path: "/api/v1/memories", type: "text/plain", body: '{"text":"=she hates her friends"}' },
      { path: "/api/v1/reminders", type: "application/x-www-form-urlencoded", body: "text=%E6%98%8E%E5%A4%A9%E4%B8%89%E7%82%B9%E6%8F%90%E9%86%92%E6%88%91" },
      {
        path: "/api/v1/chat",
        type: `multipart/form-data; boundary=${boundary}`,
        body: `--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\nhello\r\n--${boundary}--\r\n`,
      },
      { path: "/api/v1/reminders/import", type: "text/plain", body: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n" },
      { path: "/api/v1/data/erase", type: "application/x-www-form-urlencoded", body: "" },
    ];
    for (const attempt of attempts) {
      for (const headers of [{ ...evil }, {}]) {
        const response = await rawRequest(local(), {
          method: "POST",
          path: attempt.path,
          headers: { "content-type": attempt.type, ...headers },
          body: attempt.body,
        });
        assert.ok(response.status === 403 || response.status === 415, `${attempt.path} ${attempt.type}: ${response.status}`);
      }
    }
    assert.equal(counts(), before);
  });

  test("a foreign Origin is refused even with a JSON body, and no CORS is offered", async () => {
    const before = counts();
    const body = JSON.stringify({ confirm: "erase everything" });
    for (const origin of ["http://evil.example", "null", "http://127.0.0.1:1", "file://", "http://localhost.evil.example"]) {
      const response = await rawRequest(local(), {
        method: "POST",
        path: "/api/v1/data/erase",
        headers: { ...json({ confirm: "erase everything" }), origin },
        body,
      });
      assert.equal(response.status, 403, origin);
      assert.equal(errorOf(response).code, "forbidden");
    }
    const preflight = await rawRequest(local(), {
      method: "OPTIONS",
      path: "/api/v1/data/erase",
      headers: { origin: "http://evil.example", "access-control-request-method": "POST" },
    });
    assert.ok(preflight.status >= 400);
    assert.ok(!preflight.headers["access-control-allow-origin"]);
    const crossSite = await rawRequest(local(), { path: "/api/v1/data/export", headers: { "sec-fetch-site": "cross-site" } });
    assert.equal(crossSite.status, 403);
    assert.equal(counts(), before);
  });

  test("the page's own origin still works (same host and port as Host)", async () => {
    const response = await rawRequest(local(), {
      path: "/api/v1/data",
      headers: { origin: `http://127.0.0.1:${daemon.port}`, "sec-fetch-site": "same-origin" },
    });
    assert.equal(response.status, 200);
    const viaLocalhost = await rawRequest(local(), {
      path: "/api/v1/status",
      headers: { host: `localhost:${daemon.port}`, origin: `http://localhost:${daemon.port}` },
    });
    assert.equal(viaLocalhost.status, 200);
  });
});

describe("DNS rebinding", () => {
  test("a request for a foreign Host is refused: no export, no page", async () => {
    for (const path of ["/api/v1/data/export", "/api/v1/status", "/"]) {
      const response = await rawRequest(local(), { path, headers: { host: `evil.example:${daemon.port}` } });
      assert.equal(response.status, 403, path);
      assert.equal(errorOf(response).code, "forbidden");
      assert.doesNotMatch(response.body, /栀子花/);
    }
    for (const wire of [
      "GET /api/v1/data/export HTTP/1.1\r\nHost: \r\n\r\n",
      "GET /api/v1/data/export HTTP/1.0\r\n\r\n",
      `GET /api/v1/data/export HTTP/1.1\r\nHost: evil.example\r\nHost: 127.0.0.1:${daemon.port}\r\n\r\n`,
    ]) {
      const answer = await rawExchange(local(), wire);
      assert.ok(answer.status === 400 || answer.status === 403, `${JSON.stringify(wire)}: ${answer.status}`);
      assert.doesNotMatch(answer.text, /栀子花/);
    }
  });

  test("names she configured in server.allowedHosts are served", async () => {
    const headers = { host: `guimi.home.arpa:${daemon.port}` };
    assert.equal((await rawRequest(local(), { path: "/api/v1/health", headers })).status, 403);
    app.config.server.allowedHosts = ["guimi.home.arpa"];
    try {
      assert.equal((await rawRequest(local(), { path: "/api/v1/health", headers })).status, 200);
    } finally {
      app.config.server.allowedHosts = [];
    }
  });
});

describe("the WebSocket", () => {
  const wsUrl = () => `ws://127.0.0.1:${daemon.port}/api/v1/ws`;

  test("a foreign Origin is refused and hears nothing; the page's origin is accepted", async () => {
    const refused = await wsHandshake(local(), { headers: { Origin: "http://evil.example" } });
    assert.equal(refused.status, 403);
    assert.match(refused.response, /"forbidden"/);
    await refused.closed;
    const ok = await wsHandshake(local(), { headers: { Origin: `http://127.0.0.1:${daemon.port}` } });
    assert.equal(ok.status, 101);
    ok.socket.destroy();
  });

  test("malformed frames close that socket only: the daemon keeps serving and other screens keep hearing", async () => {
    const witness = new WebSocket(wsUrl());
    const heard: string[] = [];
    witness.on("message", (data) => heard.push((JSON.parse(data.toString()) as { type: string }).type));
    await new Promise((resolve) => witness.once("open", resolve));
    const attacks: [string, Buffer][] = [
      ["70 000-byte text frame", wsFrame({ opcode: 1, payload: Buffer.alloc(70_000, 0x61) })],
      ["invalid UTF-8", wsFrame({ opcode: 1, payload: Buffer.from([0x7b, 0xc3, 0x28, 0xff, 0x7d]) })],
      ["reserved opcode 0x3", wsFrame({ opcode: 3, payload: Buffer.from("x") })],
      ["reserved opcode 0xB", wsFrame({ opcode: 0xb, payload: Buffer.from("x") })],
      ["oversize ping (200 bytes)", wsFrame({ opcode: 9, payload: Buffer.alloc(200, 1) })],
      ["fragmented control frame", wsFrame({ opcode: 8, payload: Buffer.from([3, 232]), fin: false })],
      ["continuation without a start", wsFrame({ opcode: 0, payload: Buffer.from("garbage") })],
      ["RSV bits without an extension", wsFrame({ opcode: 1, payload: Buffer.from("{}"), rsv: 4 })],
      ["unmasked client frame", wsFrame({ opcode: 1, payload: Buffer.from("{}"), mask: false })],
      ["declared 2^40 bytes", wsFrame({ opcode: 2, payload: Buffer.alloc(0), declaredLength: 2 ** 40 })],
      ["binary message", wsFrame({ opcode: 2, payload: Buffer.from([0, 1, 2]) })],
    ];
    // Before the fix, ws emitted `error` on a socket nobody listened to: an uncaught exception (the daemon died).
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", record);
    after(() => process.off("uncaughtException", record));
    for (const [name, frame] of attacks) {
      const raw = await wsHandshake(local());
      assert.equal(raw.status, 101, name);
      raw.socket.write(frame);
      if (name !== "binary message") await within(raw.closed, 5000, name);
      else raw.socket.destroy();
      assert.equal((await rawRequest(local(), { path: "/api/v1/health" })).status, 200, `alive after ${name}`);
    }
    assert.deepEqual(uncaught, [], "no frame reached the process as an uncaught error");
    assert.equal(witness.readyState, WebSocket.OPEN);
    const before = heard.length;
    witness.send(JSON.stringify({ type: "ping" }));
    await within(
      new Promise<void>((resolve) => {
        const check = () => (heard.length > before ? resolve() : setTimeout(check, 10));
        check();
      }),
      3000,
      "pong",
    );
    assert.equal(heard.at(-1), "pong");
    witness.close();
  });

  test("error frames have the one shape {type:'error', error:{code,message}}", async () => {
    const socket = new WebSocket(wsUrl(), ["guimi.v1"]);
    const frames: { type: string; error?: { code: string; message: string } }[] = [];
    socket.on("message", (data) => frames.push(JSON.parse(data.toString()) as never));
    await new Promise((resolve) => socket.once("open", resolve));
    assert.equal(socket.protocol, "guimi.v1");
    socket.send("not json");
    socket.send(JSON.stringify({ type: "ping", pad: "x".repeat(300) }));
    socket.send(JSON.stringify({ type: "chat", text: "" }));
    await within(
      new Promise<void>((resolve) => {
        const check = () => (frames.filter((f) => f.type === "error").length >= 3 ? resolve() : setTimeout(check, 10));
        check();
      }),
      3000,
      "error frames",
    );
    const errors = frames.filter((f) => f.type === "error");
    assert.deepEqual(
      errors.map((f) => f.error?.code),
      ["bad-input", "too-large", "bad-input"],
    );
    for (const f of errors) assert.equal(typeof f.error?.message, "string");
    socket.close();
  });
});

describe("from the LAN", { skip: lan ? false : "this machine has no non-loopback address" }, () => {
  const remote = () => ({ host: lan!, port: daemon.port });
  const erase = JSON.stringify({ confirm: "erase everything" });

  test("no token: refused (401, one shape); a WebSocket too", async () => {
    const response = await rawRequest(remote(), { method: "POST", path: "/api/v1/data/erase", headers: json({ confirm: "erase everything" }), body: erase });
    assert.equal(response.status, 401);
    assert.equal(errorOf(response).code, "unauthorized");
    const ws = await wsHandshake(remote());
    assert.equal(ws.status, 401);
  });

  test("no spelling of a path slips past the token", async () => {
    for (const path of [
      "//api/v1/data/export",
      "/%61pi/v1/data/export",
      "/api//v1/data/export",
      "/API/v1/data/export",
      "/api/v1/./data/export",
      "/x/../api/v1/data/export",
    ]) {
      const response = await rawRequest(remote(), { path });
      assert.ok(response.status === 401 || response.status === 404, `${path}: ${response.status}`);
      assert.doesNotMatch(response.body, /栀子花|guimi-export/, path);
    }
    const erase = await rawRequest(remote(), {
      method: "POST",
      path: "//api/v1/data/erase",
      headers: json({ confirm: "erase everything" }),
      body: JSON.stringify({ confirm: "erase everything" }),
    });
    assert.equal(erase.status, 401);
    assert.equal((await rawRequest(remote(), { path: "/" })).status, 200, "the page itself loads on a phone; its data needs the token");
  });

  test("resetting the connection right after the request does not slip past the token", async () => {
    const before = counts();
    const requests = [
      { path: "/api/v1/data/erase", body: erase },
      { path: "/api/v1/memories", body: JSON.stringify({ text: "written from the LAN without a token" }) },
    ];
    for (let i = 0; i < 20; i++) {
      for (const r of requests) {
        const socket = connect(daemon.port, lan!);
        socket.on("error", () => undefined);
        await new Promise((resolve) => socket.once("connect", resolve));
        socket.write(
          `POST ${r.path} HTTP/1.1\r\nHost: ${lan}:${daemon.port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(r.body)}\r\n\r\n${r.body}`,
        );
        socket.resetAndDestroy();
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((await rawRequest(local(), { path: "/api/v1/health" })).status, 200);
    assert.equal(counts(), before);
  });

  test("a request whose peer address is unknown is refused by the guard itself", () => {
    const guard = createEdgeGuard({ devices: app.devices });
    const facts = { method: "POST", path: "/api/v1/data/erase", host: "127.0.0.1:7420", origin: undefined, secFetchSite: undefined, token: undefined };
    assert.throws(() => guard.admit({ ...facts, remoteAddress: undefined }), /unknown/);
    assert.throws(() => guard.admit({ ...facts, remoteAddress: "" }), /unknown/);
    assert.deepEqual(guard.admit({ ...facts, remoteAddress: "127.0.0.1" }), { kind: "local" });
  });

  test("a paired device's token works in the header and the subprotocol, never in the URL; revoking it closes its socket at once", async () => {
    const { device, token } = app.devices.issue("phone");
    const auth = { authorization: `Bearer ${token}` };
    assert.equal((await rawRequest(remote(), { path: "/api/v1/data", headers: auth })).status, 200);
    assert.equal((await rawRequest(remote(), { path: "/api/v1/data", headers: { authorization: `Bearer ${token}x` } })).status, 401);
    assert.equal((await rawRequest(remote(), { path: `/api/v1/data?token=${token}` })).status, 401);
    assert.equal((await wsHandshake(remote(), { path: `/api/v1/ws?token=${token}` })).status, 401);
    // A paired app is welcome from its own origin: it holds a token no foreign page has.
    assert.equal((await rawRequest(remote(), { path: "/api/v1/status", headers: { ...auth, origin: "capacitor://localhost" } })).status, 200);

    const socket = new WebSocket(`ws://${lan}:${daemon.port}/api/v1/ws`, ["guimi.v1", `bearer.${token}`]);
    const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
    socket.on("error", () => undefined);
    await within(new Promise((resolve) => socket.once("open", resolve)), 3000, "paired WebSocket");
    assert.equal(socket.protocol, "guimi.v1");
    const listed = JSON.parse((await rawRequest(local(), { path: "/api/v1/devices" })).body) as {
      devices: { id: string; name: string; lastSeenAt: string | null }[];
    };
    assert.ok(listed.devices.find((d) => d.id === device.id && d.name === "phone" && d.lastSeenAt));
    assert.doesNotMatch(JSON.stringify(listed), new RegExp(token));

    const revoked = await rawRequest(local(), { method: "DELETE", path: `/api/v1/devices/${device.id}` });
    assert.equal(revoked.status, 200);
    assert.equal(await within(closed, 3000, "revoked socket closes"), CLOSE_REVOKED);
    assert.equal((await rawRequest(remote(), { path: "/api/v1/data", headers: auth })).status, 401);
  });

  test("only this device's own screen or CLI may pair a new device", async () => {
    const { token } = app.devices.issue("tablet");
    const body = JSON.stringify({ name: "sneaky" });
    const fromLan = await rawRequest(remote(), {
      method: "POST",
      path: "/api/v1/devices",
      headers: { ...json({ name: "sneaky" }), authorization: `Bearer ${token}` },
      body,
    });
    assert.equal(fromLan.status, 403);
    const fromScreen = await rawRequest(local(), {
      method: "POST",
      path: "/api/v1/devices",
      headers: json({ name: "watch" }),
      body: JSON.stringify({ name: "watch" }),
    });
    assert.equal(fromScreen.status, 200);
    const issued = JSON.parse(fromScreen.body) as { device: { id: string }; token: string };
    assert.equal((await rawRequest(remote(), { path: "/api/v1/status", headers: { authorization: `Bearer ${issued.token}` } })).status, 200);
  });

  test("the pairing-token file of earlier versions still works as the device 'default'", async () => {
    const token = app.pairingToken();
    assert.equal((await rawRequest(remote(), { path: "/api/v1/status", headers: { authorization: `Bearer ${token}` } })).status, 200);
    assert.ok(app.devices.list().some((d) => d.id === "default"));
  });
});

describe("body limits are per route", () => {
  const big = (bytes: number) => Buffer.alloc(bytes, 0x41);
  const post = (path: string, type: string, body: Buffer) =>
    rawRequest(local(), { method: "POST", path, headers: { "content-type": type, "content-length": body.length }, body });

  test("JSON 256 KiB, images 8 MiB, audio 16 MiB, .ics 1 MiB: each reachable, each enforced, all in one shape", async () => {
    assert.equal((await post("/api/v1/memories", "application/json", big(300 * 1024))).status, 413);
    // Under their own limits, large sensor bodies reach the route (which says the sensor is off).
    assert.equal((await post("/api/v1/sensors/face", "image/jpeg", big(6 * 1024 * 1024))).status, 403);
    assert.equal((await post("/api/v1/sensors/voice", "audio/wav", big(12 * 1024 * 1024))).status, 403);
    const tooBigImage = await post("/api/v1/sensors/face", "image/png", big(9 * 1024 * 1024));
    assert.equal(tooBigImage.status, 413);
    assert.equal(errorOf(tooBigImage).code, "too-large");
    assert.equal((await post("/api/v1/sensors/voice", "audio/wav", big(17 * 1024 * 1024))).status, 413);
    const ics = await post("/api/v1/reminders/import", "text/calendar", big(900 * 1024));
    assert.equal(ics.status, 400, ics.body);
    assert.equal((await post("/api/v1/reminders/import", "text/calendar", big(1024 * 1024 + 1))).status, 413);
    const wrongType = await post("/api/v1/sensors/face", "application/octet-stream", big(10));
    assert.equal(wrongType.status, 415);
    assert.equal(errorOf(wrongType).code, "unsupported-media-type");
  });
});
