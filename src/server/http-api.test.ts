// Integration: the daemon over real HTTP and WebSocket, with the real tiny model and a real SQLite file.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import WebSocket from "ws";
import { request as httpRequest } from "node:http";
import { createGuimiApp, type GuimiApp } from "../app/guimi-app.js";
import { startDaemon, type RunningDaemon } from "./daemon.js";
import { makeTempDir, tinyModelPath } from "../testing/paths.js";

let app: GuimiApp;
let daemon: RunningDaemon;
const temp = makeTempDir();

before(async () => {
  app = await createGuimiApp({ dataDir: temp.dir, model: tinyModelPath });
  daemon = await startDaemon(app, { host: "127.0.0.1", port: 0 });
  await app.modelReady;
});
after(async () => {
  await daemon.stop();
  await app.close();
  temp.cleanup();
});

const api = (path: string) => new URL(`api/v1/${path}`, daemon.url);

/** The server answers 413 before reading a too-large body; node's client sees that answer even mid-upload. */
function oversizeStatus(body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      api("chat"),
      { method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

test("POST /chat answers one turn as JSON and stores both sides", async () => {
  const response = await fetch(api("chat"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ text: "你好呀", conversationId: "http" }),
  });
  assert.equal(response.status, 200);
  const turn = (await response.json()) as { text: string; source: string; lang: string; userMessageId: number };
  assert.equal(turn.source, "llm");
  assert.equal(turn.lang, "zh");
  const messages = (await (await fetch(api("conversations/http/messages"))).json()) as { messages: { role: string; text: string }[] };
  assert.deepEqual(
    messages.messages.map((m) => m.role),
    ["user", "assistant"],
  );
  assert.equal(messages.messages[0]?.text, "你好呀");
});

test("POST /chat streams server-sent events when asked", async () => {
  const response = await fetch(api("chat"), {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify({ text: "hello", conversationId: "sse" }),
  });
  assert.match(response.headers.get("content-type") ?? "", /text\/event-stream/);
  const body = await response.text();
  const events = [...body.matchAll(/^event: (.+)$/gm)].map((m) => m[1]);
  assert.equal(events[0], "reply-start");
  assert.ok(events.includes("reply-delta"));
  assert.equal(events.at(-1), "reply-end");
});

test("bad input gets a 400 naming the field; unknown routes 404; oversize bodies 413; the daemon stays up", async () => {
  const post = (body: string) => fetch(api("chat"), { method: "POST", headers: { "content-type": "application/json" }, body });
  let response = await post(JSON.stringify({ text: 42 }));
  assert.equal(response.status, 400);
  assert.match(((await response.json()) as { error: { message: string } }).error.message, /^text:/);
  response = await post(JSON.stringify({ text: "x".repeat(4001) }));
  assert.equal(response.status, 400);
  response = await post(JSON.stringify({ text: "hi", extra: true }));
  assert.equal(response.status, 400);
  assert.match(((await response.json()) as { error: { message: string } }).error.message, /extra/);
  response = await post("{not json");
  assert.equal(response.status, 400);
  assert.equal(await oversizeStatus(JSON.stringify({ text: "y".repeat(300 * 1024) })), 413);
  response = await fetch(api("no-such-thing"));
  assert.equal(response.status, 404);
  response = await fetch(api("conversations/http/messages?limit=abc"));
  assert.equal(response.status, 400);
  assert.equal((await fetch(api("health"))).status, 200);
});

test("the OpenAPI document lists the routes with generated request schemas", async () => {
  const doc = (await (await fetch(api("openapi.json"))).json()) as {
    openapi: string;
    paths: Record<string, { post?: { requestBody?: { content: Record<string, { schema: { properties: object } }> } } }>;
  };
  assert.equal(doc.openapi, "3.1.0");
  assert.ok(doc.paths["/chat"]?.post?.requestBody?.content["application/json"]?.schema.properties.hasOwnProperty("text"));
  for (const path of ["/status", "/ledger", "/persona", "/ws"]) assert.ok(doc.paths[path], path);
});

test("the WebSocket streams a turn sent over it and rejects malformed messages without closing", async () => {
  const url = new URL("api/v1/ws", daemon.url);
  url.protocol = "ws:";
  const socket = new WebSocket(url);
  const frames: { type: string; [k: string]: unknown }[] = [];
  const ended = new Promise<void>((resolve) => {
    socket.on("message", (data) => {
      const frame = JSON.parse(data.toString()) as { type: string };
      frames.push(frame);
      if (frame.type === "reply-end") resolve();
    });
  });
  await new Promise((resolve) => socket.once("open", resolve));
  socket.send("not json");
  socket.send(JSON.stringify({ type: "chat", text: "" }));
  socket.send(JSON.stringify({ type: "chat", text: "hi over ws", conversationId: "ws" }));
  await ended;
  socket.close();
  const types = frames.map((f) => f.type);
  assert.equal(types[0], "hello");
  assert.equal(types.filter((t) => t === "error").length, 2);
  assert.ok(types.includes("message-created"));
  assert.ok(types.includes("reply-start"));
  assert.ok(types.includes("reply-delta"));
});

test("persona can be read and replaced through the API; bad persona names the field", async () => {
  const persona = (await (await fetch(api("persona"))).json()) as { name: { zh: string } };
  assert.equal(persona.name.zh, "小蜜");
  let response = await fetch(api("persona"), {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: { zh: "糖糖" } }),
  });
  assert.equal(response.status, 200);
  assert.equal(app.persona().name.zh, "糖糖");
  response = await fetch(api("persona"), { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: { zh: "" } }) });
  assert.equal(response.status, 400);
  assert.match(((await response.json()) as { error: { message: string } }).error.message, /name\.zh/);
});

test("the touchscreen page is served at /", async () => {
  const response = await fetch(daemon.url);
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type") ?? "", /text\/html/);
});
