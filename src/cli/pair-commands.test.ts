// `guimi pair` as a user runs it (in-process main(), a temporary data dir): issue, list, revoke, the default token.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "./main.js";
import { makeTempDir } from "../testing/paths.js";
import { pairingUrl } from "./pair-commands.js";

async function guimi(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => (out += c.toString()));
  stderr.on("data", (c: Buffer) => (err += c.toString()));
  const code = await main(args, { stdout, stderr });
  return { code, stdout: out, stderr: err };
}

test("guimi pair: the default token (the old file), a named device, list, revoke; bad ids exit 2", async () => {
  const { dir, cleanup } = makeTempDir();
  try {
    let r = await guimi(["--data-dir", dir, "pair"]);
    assert.equal(r.code, 0, r.stderr);
    const defaultToken = r.stdout.split("\n")[0]!;
    assert.equal(readFileSync(join(dir, "pairing-token"), "utf8").trim(), defaultToken);
    assert.match(r.stdout, /#pair=/);
    r = await guimi(["--data-dir", dir, "pair", "--name", "phone", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const issued = JSON.parse(r.stdout) as { device: { id: string; name: string }; token: string; url: string };
    assert.equal(issued.device.name, "phone");
    assert.ok(issued.url.endsWith(`#pair=${issued.token}`));
    r = await guimi(["--data-dir", dir, "pair", "--name", "phone", "--qr"]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.split("\n").length > 15, "a QR code is drawn");
    r = await guimi(["--data-dir", dir, "pair", "list", "--json"]);
    const listed = JSON.parse(r.stdout) as { id: string; name: string }[];
    assert.deepEqual(
      listed.map((d) => d.name),
      ["default", "phone", "phone"],
    );
    assert.doesNotMatch(r.stdout, new RegExp(issued.token));
    r = await guimi(["--data-dir", dir, "pair", "revoke", issued.device.id]);
    assert.equal(r.code, 0, r.stderr);
    r = await guimi(["--data-dir", dir, "pair", "revoke", issued.device.id]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no device/);
    r = await guimi(["--data-dir", dir, "pair", "revoke", "../etc"]);
    assert.equal(r.code, 2);
    r = await guimi(["--data-dir", dir, "pair", "--name", ""]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /name/);
  } finally {
    cleanup();
  }
});

test("the pairing address uses this machine's LAN address and carries the token in the fragment", () => {
  const url = pairingUrl("tok3nTok3nTok3nTok3n", 7420, {
    eth0: [{ address: "192.168.1.20", family: "IPv4", internal: false, netmask: "255.255.255.0", mac: "00:00:00:00:00:00", cidr: null }],
  });
  assert.equal(url, "http://192.168.1.20:7420/#pair=tok3nTok3nTok3nTok3n");
  assert.equal(pairingUrl("t", 1, {}), "http://127.0.0.1:1/#pair=t");
});
