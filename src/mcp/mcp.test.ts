// Guimi over MCP, with the SDK's own client: Streamable HTTP on the daemon (token and Host checked)
// and `guimi mcp` on stdio, both in-process and relaying to a running daemon.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { createGuimiApp, type GuimiApp } from "../app/guimi-app.js";
import { startDaemon, type RunningDaemon } from "../server/daemon.js";
import { isSafeHost } from "../server/mcp-routes.js";
import { makeTempDir, projectRoot } from "../testing/paths.js";

const bin = join(projectRoot, "bin", "guimi.js");
type ToolResult = { content: { type: string; text: string }[]; isError?: boolean };
const json = (result: unknown) => JSON.parse((result as ToolResult).content[0]!.text) as unknown;

function rawPost(url: URL, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" });
    const req = httpRequest(
      url,
      { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("Streamable HTTP at /api/v1/mcp", () => {
  const temp = makeTempDir("guimi-mcp-");
  let app: GuimiApp;
  let daemon: RunningDaemon;
  let client: Client;
  before(async () => {
    app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true });
    daemon = await startDaemon(app, { host: "127.0.0.1", port: 0 });
    client = new Client({ name: "test", version: "1" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL("api/v1/mcp", daemon.url), { requestInit: { headers: { Authorization: `Bearer ${app.pairingToken()}` } } }),
    );
  });
  after(async () => {
    await client.close();
    await daemon.stop();
    await app.close();
    temp.cleanup();
  });

  test("lists Guimi's tools, the home ones included", async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    for (const name of [
      "reminders_add",
      "reminders_list",
      "memory_search",
      "mood_current",
      "say",
      "care_settings_get",
      "care_settings_update",
      "do_not_disturb",
      "home_turn_on",
    ]) {
      assert.ok(names.includes(name), name);
    }
    const add = tools.find((t) => t.name === "reminders_add")!;
    assert.deepEqual((add.inputSchema as { required?: string[] }).required, ["text"]);
  });

  test("reminders, say, mood and care settings work through the tools", async () => {
    const added = json(await client.callTool({ name: "reminders_add", arguments: { text: "明天早上八点提醒我带伞" } })) as { confirmation: string };
    assert.match(added.confirmation, /带伞/);
    const listed = json(await client.callTool({ name: "reminders_list", arguments: {} })) as { title: string }[];
    assert.ok(listed.some((r) => r.title.includes("带伞")));
    const said = json(await client.callTool({ name: "say", arguments: { text: "记得喝水哦" } })) as { messageId: number };
    assert.equal(app.store.list("default", { limit: 5 }).find((m) => m.id === said.messageId)?.text, "记得喝水哦");
    const mood = json(await client.callTool({ name: "mood_current", arguments: {} })) as { label: string };
    assert.equal(typeof mood.label, "string");
    await client.callTool({ name: "care_settings_update", arguments: { dailyBudget: 3 } });
    assert.equal((json(await client.callTool({ name: "care_settings_get", arguments: {} })) as { dailyBudget: number }).dailyBudget, 3);
  });

  test("bad arguments and refused actions come back as errors; the server keeps answering", async () => {
    const empty = (await client.callTool({ name: "reminders_add", arguments: { text: "" } })) as ToolResult;
    assert.equal(empty.isError, true);
    const noHome = (await client.callTool({ name: "home_turn_on", arguments: { name: "lamp" } })) as ToolResult;
    assert.equal(noHome.isError, true);
    assert.match(noHome.content[0]!.text, /Home Assistant/);
    const budget = (await client.callTool({ name: "care_settings_update", arguments: { dailyBudget: 99 } })) as ToolResult;
    assert.equal(budget.isError, true);
    assert.ok((await client.listTools()).tools.length > 5);
  });

  test("what she erased does not come back through memory search", async () => {
    await app.memory.ingest([{ ref: "msg:900", speaker: "user", text: "我最喜欢的花是栀子花", at: app.now().toISOString(), role: "user" }], app.now());
    const found = json(await client.callTool({ name: "memory_search", arguments: { query: "喜欢什么花" } })) as { text: string }[];
    assert.ok(
      found.some((m) => m.text.includes("栀子花")),
      JSON.stringify(found),
    );
    app.data.erase("memories");
    const after = json(await client.callTool({ name: "memory_search", arguments: { query: "喜欢什么花" } })) as { text: string }[];
    assert.ok(!after.some((m) => m.text.includes("栀子花")));
  });

  test("no token: 401, even from this device; a Host that is a name (DNS rebinding): 403", async () => {
    const url = new URL("api/v1/mcp", daemon.url);
    assert.equal(await rawPost(url, {}), 401);
    assert.equal(await rawPost(url, { authorization: "Bearer wrong" }), 401);
    assert.equal(await rawPost(url, { authorization: `Bearer ${app.pairingToken()}`, host: `evil.example:${daemon.port}` }), 403);
    assert.equal(await rawPost(url, { authorization: `Bearer ${app.pairingToken()}` }), 200);
    assert.ok(isSafeHost("localhost:7420") && isSafeHost("192.168.1.5") && isSafeHost("[::1]:7420"));
    assert.ok(!isSafeHost("attacker.example") && !isSafeHost(undefined) && !isSafeHost("127.0.0.1.nip.io"));
  });
});

async function stdioClient(dataDir: string): Promise<Client> {
  const client = new Client({ name: "test-stdio", version: "1" });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [bin, "--data-dir", dataDir, "mcp"], stderr: "pipe" }));
  return client;
}

test("guimi mcp on stdio, with no daemon running, opens the data dir itself", async () => {
  const temp = makeTempDir("guimi-mcp-stdio-");
  try {
    const client = await stdioClient(temp.dir);
    const added = json(await client.callTool({ name: "reminders_add", arguments: { text: "remind me in 20 minutes to stretch" } })) as { confirmation: string };
    assert.match(added.confirmation, /stretch/);
    await client.close();
    const app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true });
    assert.ok(app.reminders.list().some((r) => r.title.includes("stretch")));
    await app.close();
  } finally {
    temp.cleanup();
  }
});

test("guimi mcp on stdio relays to the running daemon, so what it says appears on the device at once", async () => {
  const temp = makeTempDir("guimi-mcp-relay-");
  const app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true });
  const daemon = await startDaemon(app, { host: "127.0.0.1", port: 0 });
  try {
    const seen: string[] = [];
    const off = app.bus.on("care-message", (m) => seen.push(m.text));
    const client = await stdioClient(temp.dir);
    await client.callTool({ name: "say", arguments: { text: "下班啦，早点回家" } });
    assert.deepEqual(seen, ["下班啦，早点回家"], "delivered by the daemon's own app");
    off();
    await client.close();
  } finally {
    await daemon.stop();
    await app.close();
    temp.cleanup();
  }
});
