// The OpenAI-compatible provider against a local server speaking the chat-completions protocol:
// streamed replies, JSON mode, and the outbound gate — refused until she enables it, every call in the ledger.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createGuimiApp } from "../app/guimi-app.js";
import { makeTempDir } from "../testing/paths.js";

test("chat streams from a remote OpenAI-compatible server only when enabled, and every call is in the ledger", async () => {
  const bodies: { messages: { role: string; content: string }[]; stream?: boolean; response_format?: unknown }[] = [];
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const body = JSON.parse(raw) as (typeof bodies)[number];
      bodies.push(body);
      if (body.stream) {
        res.writeHead(200, { "content-type": "text/event-stream" });
        for (const piece of ["你好", "呀，", "今天怎么样？"]) res.write(`data: ${JSON.stringify({ choices: [{ delta: { content: piece } }] })}\n\n`);
        res.end("data: [DONE]\n\n");
      } else {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ choices: [{ message: { content: '{"name":"Anna"}' } }] }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  const temp = makeTempDir();
  try {
    writeFileSync(join(temp.dir, "config.json"), JSON.stringify({ llm: { provider: "openai-compatible", openai: { baseUrl, model: "qwen2.5:1.5b" } } }));
    const app = await createGuimiApp({ dataDir: temp.dir });
    await assert.rejects(app.conversation.turn({ text: "hello there" }), /turned off/);
    assert.equal(bodies.length, 0, "nothing was sent");
    app.settings.update({ outbound: { remoteLlm: true } });
    const deltas: string[] = [];
    const turn = await app.conversation.turn({ text: "你好" }, (e) => e.type === "reply-delta" && deltas.push(e.text));
    assert.equal(turn.text, "你好呀，今天怎么样？");
    assert.deepEqual(deltas, ["你好", "呀，", "今天怎么样？"]);
    assert.equal(bodies[0]?.messages[0]?.role, "system");
    assert.match(bodies[0]?.messages.at(-1)?.content ?? "", /你好$/);
    const ledger = app.outbound.ledger();
    assert.deepEqual(
      ledger.map((e) => e.outcome),
      ["ok", "refused"],
    );
    assert.equal(ledger[0]?.purpose, "remoteLlm");
    assert.equal(ledger[0]?.dataCategory, "conversation text");
    assert.ok((ledger[0]?.bytesSent ?? 0) > 100 && (ledger[0]?.bytesReceived ?? 0) > 50);
    await app.close();
  } finally {
    server.close();
    temp.cleanup();
  }
});
