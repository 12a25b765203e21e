// The device registry on a real SQLite file: hashed tokens, constant-time matching, revocation, and the
// pairing-token file of earlier versions kept as the device "default".
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openDatabase } from "../storage/database.js";
import { createDeviceRegistry } from "./device-registry.js";
import { makeTempDir } from "../testing/paths.js";

test("issue, authenticate, list (never the token), last seen, revoke", () => {
  const temp = makeTempDir();
  let clock = new Date("2026-05-01T10:00:00Z");
  const db = openDatabase(join(temp.dir, "guimi.db"), []);
  try {
    const devices = createDeviceRegistry({ db, tokenFile: join(temp.dir, "pairing-token"), now: () => clock });
    const revoked: string[] = [];
    devices.onRevoke((id) => revoked.push(id));
    const phone = devices.issue("  phone  ");
    const laptop = devices.issue("laptop");
    assert.equal(phone.device.name, "phone");
    assert.match(phone.device.id, /^d_[A-Za-z0-9]{8}$/);
    assert.notEqual(phone.token, laptop.token);
    assert.equal(devices.authenticate(phone.token)?.id, phone.device.id);
    assert.equal(devices.authenticate(laptop.token)?.id, laptop.device.id);
    assert.equal(devices.authenticate(phone.token.slice(0, -1) + (phone.token.endsWith("A") ? "B" : "A")), null);
    assert.equal(devices.authenticate(""), null);
    assert.equal(devices.authenticate("x".repeat(10_000)), null);
    const stored = JSON.stringify(db.prepare("SELECT * FROM paired_devices").all());
    assert.ok(!stored.includes(phone.token), "only hashes are stored");
    assert.equal(devices.list().find((d) => d.id === phone.device.id)?.lastSeenAt, clock.toISOString());
    clock = new Date(clock.getTime() + 30_000);
    devices.authenticate(phone.token);
    assert.equal(devices.list().find((d) => d.id === phone.device.id)?.lastSeenAt, "2026-05-01T10:00:00.000Z", "seen at most once a minute");
    assert.throws(() => devices.issue(""), /name/);
    assert.throws(() => devices.issue("a\u0007b"), /name/);
    assert.throws(() => devices.issue("x".repeat(41)), /name/);
    assert.equal(devices.revoke(phone.device.id), true);
    assert.equal(devices.revoke(phone.device.id), false);
    assert.deepEqual(revoked, [phone.device.id]);
    assert.equal(devices.authenticate(phone.token), null);
    assert.equal(devices.authenticate(laptop.token)?.name, "laptop");
  } finally {
    db.close();
    temp.cleanup();
  }
});

test("an old setup's pairing-token file keeps working as 'default'; revoking it deletes the file", () => {
  const temp = makeTempDir();
  const tokenFile = join(temp.dir, "pairing-token");
  writeFileSync(tokenFile, "OldTokenFromVersion1xyzAB\n", { mode: 0o600 });
  const db = openDatabase(join(temp.dir, "guimi.db"), []);
  try {
    const devices = createDeviceRegistry({ db, tokenFile });
    assert.equal(devices.authenticate("OldTokenFromVersion1xyzAB")?.id, "default");
    assert.equal(devices.defaultToken(), "OldTokenFromVersion1xyzAB");
    assert.equal(devices.revoke("default"), true);
    assert.equal(existsSync(tokenFile), false);
    assert.equal(devices.authenticate("OldTokenFromVersion1xyzAB"), null);
    // Asking for the default token again pairs a fresh "default".
    const fresh = devices.defaultToken();
    assert.notEqual(fresh, "OldTokenFromVersion1xyzAB");
    assert.equal(readFileSync(tokenFile, "utf8").trim(), fresh);
    assert.equal(devices.authenticate(fresh)?.id, "default");
    // Reopening finds the same devices.
    assert.equal(createDeviceRegistry({ db, tokenFile }).authenticate(fresh)?.id, "default");
  } finally {
    db.close();
    temp.cleanup();
  }
});
