// The model download against a real local HTTP server: resume with Range, checksum from the server's
// X-Linked-Etag (as Hugging Face sends it), a mismatch rejected, no network explained, all in the ledger.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { openDatabase } from "../storage/database.js";
import { coreMigrations } from "../storage/core-migrations.js";
import { createOutbound } from "../privacy/outbound.js";
import { downloadModel, progressLine } from "./model-download.js";
import { makeTempDir } from "../testing/paths.js";

const file = randomBytes(300_000);
const sha = createHash("sha256").update(file).digest("hex");

/** Redirects like the hub does, then serves the file with Range support; can cut the first transfer short. */
async function fileServer(options: { cutFirstAt?: number; etag?: string } = {}): Promise<{ server: Server; url: string; ranges: string[] }> {
  const ranges: string[] = [];
  let served = 0;
  const server = createServer((req, res) => {
    if (req.url === "/resolve/model.gguf") {
      res.writeHead(302, { location: "/cdn/model.gguf", "x-linked-etag": `"${options.etag ?? sha}"`, "x-linked-size": String(file.length) });
      res.end();
      return;
    }
    const range = req.headers.range;
    ranges.push(range ?? "");
    const start = range ? Number(/bytes=(\d+)-/.exec(range)?.[1] ?? 0) : 0;
    res.writeHead(range ? 206 : 200, {
      "content-length": String(file.length - start),
      ...(range ? { "content-range": `bytes ${start}-${file.length - 1}/${file.length}` } : {}),
    });
    served += 1;
    if (served === 1 && options.cutFirstAt) {
      res.write(file.subarray(start, options.cutFirstAt));
      setTimeout(() => res.destroy(), 20);
      return;
    }
    res.end(file.subarray(start));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/resolve/model.gguf`, ranges };
}

function outboundFor(dbPath: string) {
  const db = openDatabase(dbPath, [coreMigrations]);
  return {
    db,
    outbound: createOutbound({
      db,
      permissions: () => ({ modelDownload: true, remoteLlm: false, weather: false, homeAssistant: false, mqttBroker: false, radio: false }),
      now: () => new Date(),
    }),
  };
}

test("an interrupted download resumes where it stopped and is verified against the server's checksum", async () => {
  const temp = makeTempDir();
  const { server, url, ranges } = await fileServer({ cutFirstAt: 100_000 });
  const { db, outbound } = outboundFor(join(temp.dir, "guimi.db"));
  try {
    const dest = join(temp.dir, "model.gguf");
    await assert.rejects(downloadModel({ url, dest, outbound }), /run (the|the same) command again|resum/i);
    assert.ok(existsSync(`${dest}.part`));
    const progress: number[] = [];
    const result = await downloadModel({ url, dest, outbound, onProgress: (p) => progress.push(p.received) });
    assert.equal(result.verified, "server");
    assert.equal(result.sha256, sha);
    assert.ok(result.resumedFrom >= 100_000, `resumed from ${result.resumedFrom}`);
    assert.ok(ranges.at(-1)?.startsWith("bytes="));
    assert.deepEqual(readFileSync(dest), file);
    assert.ok(!existsSync(`${dest}.part`));
    assert.equal(progress.at(-1), file.length);
    const ledger = outbound.ledger();
    assert.ok(ledger.length >= 4, "each hop of each attempt is recorded");
    assert.ok(ledger.every((e) => e.purpose === "modelDownload" && e.dataCategory === "none"));
    assert.ok(ledger.some((e) => e.bytesReceived > 0));
  } finally {
    server.close();
    db.close();
    temp.cleanup();
  }
});

test("a checksum mismatch removes the partial file and says so", async () => {
  const temp = makeTempDir();
  const { server, url } = await fileServer({ etag: "0".repeat(64) });
  const { db, outbound } = outboundFor(join(temp.dir, "guimi.db"));
  try {
    const dest = join(temp.dir, "model.gguf");
    await assert.rejects(downloadModel({ url, dest, outbound }), /checksum mismatch/);
    assert.ok(!existsSync(dest) && !existsSync(`${dest}.part`));
  } finally {
    server.close();
    db.close();
    temp.cleanup();
  }
});

test("no network: a clear message, no stack trace, and the failure in the ledger", async () => {
  const temp = makeTempDir();
  const { db, outbound } = outboundFor(join(temp.dir, "guimi.db"));
  try {
    // A port nobody listens on: take a free one and close it again.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    await assert.rejects(downloadModel({ url: `http://127.0.0.1:${port}/model.gguf`, dest: join(temp.dir, "m.gguf"), outbound }), (error: Error) => {
      assert.match(error.message, new RegExp(`could not reach 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\).*online`));
      assert.doesNotMatch(error.message, /\n\s+at /);
      return true;
    });
    assert.equal(outbound.ledger()[0]?.outcome, "failed");
  } finally {
    db.close();
    temp.cleanup();
  }
});

test("the progress line shows a bar, percent, sizes and speed", () => {
  assert.equal(progressLine({ received: 50e6, total: 100e6 }, 5e6, 10), "[#####-----]  50%  50.0/100.0 MB  5.0 MB/s");
});
