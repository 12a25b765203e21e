// Integration, real HTTP and a real SQLite file: what bad input cannot do to her data. Ids parse strictly
// (message "0x1" is not message 1), the export carries every message however many, and an image bomb
// is refused from its header while the daemon keeps answering.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createGuimiApp, type GuimiApp } from "../app/guimi-app.js";
import { startDaemon, type RunningDaemon } from "./daemon.js";
import { routeModules } from "../server/route-modules.js";
import { makeTempDir } from "../testing/paths.js";
import { zeroBombPng } from "../perception/face/png-fixture.js";

let app: GuimiApp;
let daemon: RunningDaemon;
const temp = makeTempDir();

before(async () => {
  app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true });
  daemon = await startDaemon(app, { host: "127.0.0.1", port: 0, modules: routeModules });
});
after(async () => {
  await daemon.stop();
  await app.close();
  temp.cleanup();
});

const api = (path: string) => new URL(`api/v1/${path}`, daemon.url);
const send = (path: string, method: string, body?: unknown) =>
  fetch(api(path), { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });

test("ids parse strictly: 0x1, 1e0, ' 1', 01, -1, +1, 1.0 are 400s naming the id, never message 1", async () => {
  const first = app.store.add("default", "user", "第一句话", new Date("2026-11-24T02:00:00Z"));
  app.store.add("default", "user", "第二句话", new Date("2026-11-24T02:01:00Z"));
  assert.equal(first, 1);
  for (const id of ["0x1", "1e0", "%201", "1%20", "01", "-1", "+1", "1.0", "0", "1_0", "99999999999999999999"]) {
    for (const path of [`messages/${id}`, `data/conversations/${id}`]) {
      const response = await send(path, "DELETE");
      assert.equal(response.status, 400, `${path} → ${response.status}`);
      assert.match(await response.text(), /id/);
    }
  }
  assert.equal((await fetch(api("data/conversations?before=0x2"))).status, 400);
  assert.equal((await fetch(api("conversations/default/messages?before=1e1"))).status, 400);
  assert.equal(app.store.get(1)?.text, "第一句话");

  assert.equal((await fetch(api("conversations/no%20spaces/messages"))).status, 400);
  assert.equal((await send("conversations/a%2Fb", "DELETE")).status, 400);
  assert.equal((await send("memories/..%2F..", "DELETE")).status, 400);
  assert.equal((await send("reminders/a;b/done", "POST")).status, 400);
  assert.equal((await send("memories/mem_nosuch", "DELETE")).status, 404);

  assert.equal((await send("messages/1", "DELETE")).status, 200);
  assert.equal(app.store.get(1), undefined);
  assert.equal(app.store.get(2)?.text, "第二句话");
});

test("the export carries every message of a 640-message conversation, oldest first, streamed", async () => {
  const start = new Date("2026-11-01T00:00:00Z").getTime();
  const ids: number[] = [];
  for (let i = 0; i < 640; i++) ids.push(app.store.add("long-talk", i % 2 ? "assistant" : "user", `消息 ${i}`, new Date(start + i * 60_000)));
  const response = await fetch(api("data/export"));
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type") ?? "", /application\/json/);
  assert.match(response.headers.get("content-disposition") ?? "", /guimi-export-.*\.json/);
  const archive = (await response.json()) as {
    format: string;
    categories: { conversations: { id: string; messageCount: number; messages: { id: number; text: string }[] }[]; outbound: unknown[] };
  };
  assert.equal(archive.format, "guimi-export");
  const talk = archive.categories.conversations.find((c) => c.id === "long-talk");
  assert.equal(talk?.messageCount, 640);
  assert.equal(talk?.messages.length, 640);
  assert.deepEqual(
    talk?.messages.map((m) => m.id),
    ids,
  );
  assert.equal(talk?.messages[0]?.text, "消息 0");
  assert.ok(Array.isArray(archive.categories.outbound));
  // The registry's own archive agrees with the streamed one.
  assert.equal(JSON.stringify(app.data.exportAll(new Date(0)).categories.conversations), JSON.stringify(archive.categories.conversations));
});

test("a PNG decompression bomb on the face sensor is a 400 from its header; the daemon answers right after", { timeout: 30_000 }, async () => {
  assert.equal((await send("settings", "PATCH", { sensors: { camera: true } })).status, 200);
  const bomb = await zeroBombPng(6000, 6000);
  const response = await fetch(api("sensors/face"), { method: "POST", headers: { "content-type": "image/png" }, body: bomb });
  assert.equal(response.status, 400);
  assert.match(await response.text(), /6000×6000 is too large/);
  assert.equal((await fetch(api("status"))).status, 200);
});

test("POST /memories never replaces an older memory's words: both stay, the older superseded, both found", async () => {
  const post = async (text: string) => (await (await send("memories", "POST", { text })).json()) as { memory: { id: string; text: string } };
  const older = await post("my favorite food is spicy hotpot with lamb");
  const newer = await post("my favorite food is spicy hotpot");
  assert.notEqual(newer.memory.id, older.memory.id);
  const found = (await (await fetch(api("memories?q=lamb"))).json()) as { memories: { id: string; text: string; status: string }[] };
  assert.ok(
    found.memories.some((m) => m.id === older.memory.id && m.text === "my favorite food is spicy hotpot with lamb" && m.status === "superseded"),
    JSON.stringify(found),
  );
  const all = (await (await fetch(api("memories?q=hotpot"))).json()) as { memories: { id: string }[] };
  assert.ok(all.memories.some((m) => m.id === newer.memory.id));
  assert.ok(all.memories.some((m) => m.id === older.memory.id));
});
