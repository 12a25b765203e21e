import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { openDatabase } from "../storage/database.js";
import { coreMigrations } from "../storage/core-migrations.js";
import { createOutbound } from "./outbound.js";
import { parseConfig } from "../config/config.js";

async function withServer(body: Buffer, run: (url: string) => Promise<void>) {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.end(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/forecast?lat=1`);
  } finally {
    server.close();
  }
}

test("refuses what is not enabled and records the refusal; records allowed calls with bytes both ways", async () => {
  const db = openDatabase(":memory:", [coreMigrations]);
  const permissions = { ...parseConfig({}).outbound };
  const outbound = createOutbound({ db, permissions: () => permissions, now: () => new Date("2026-11-24T08:00:00Z") });
  await withServer(Buffer.alloc(3000, 7), async (url) => {
    await assert.rejects(outbound.fetch({ purpose: "weather", dataCategory: "location", url }), /turned off/);
    permissions.weather = true;
    const response = await outbound.fetch({ purpose: "weather", dataCategory: "location", url, init: { method: "POST", body: "hello" } });
    assert.equal((await response.arrayBuffer()).byteLength, 3000);
  });
  const [ok, refused] = outbound.ledger();
  assert.equal(refused?.outcome, "refused");
  assert.equal(refused?.bytesSent, 0);
  assert.equal(ok?.outcome, "ok");
  assert.equal(ok?.method, "POST");
  assert.equal(ok?.bytesSent, 5);
  assert.equal(ok?.bytesReceived, 3000);
  assert.match(ok?.destination ?? "", /^http:\/\/127\.0\.0\.1:\d+\/v1\/forecast$/); // no query string: it may carry her data
  assert.equal(ok?.dataCategory, "location");
});

test("a failed connection is recorded as failed", async () => {
  const db = openDatabase(":memory:", [coreMigrations]);
  const outbound = createOutbound({ db, permissions: () => parseConfig({}).outbound, now: () => new Date() });
  await assert.rejects(outbound.fetch({ purpose: "modelDownload", dataCategory: "none", url: "http://127.0.0.1:1/model.gguf" }));
  assert.equal(outbound.ledger()[0]?.outcome, "failed");
});
