// The SQLite-backed broker persistence passes aedes-persistence's own abstract suite (the contract
// every aedes persistence meets), and what it stored comes back in a fresh instance on the same file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { join } from "node:path";
import { openDatabase } from "../storage/database.js";
import { makeTempDir } from "../testing/paths.js";
import { homeMigrations } from "./home-migrations.js";
import { createSqliteBrokerPersistence } from "./broker-persistence.js";

const require = createRequire(import.meta.url);
const abstractPersistence = require("aedes-persistence/abstract.js") as (opts: object) => void;

const temp = makeTempDir();
let n = 0;
const fresh = () => createSqliteBrokerPersistence(openDatabase(join(temp.dir, `p${n++}.db`), [homeMigrations]));

abstractPersistence({ test, persistence: fresh, testAsync: true });

test("retained messages, subscriptions, queued messages and wills survive a new instance on the same file", async () => {
  const db = openDatabase(join(temp.dir, "restart.db"), [homeMigrations]);
  const broker = { id: "b1", counter: 0 };
  const first = createSqliteBrokerPersistence(db);
  await first.setup(broker);
  await first.storeRetained({ cmd: "publish", topic: "guimi/x/state", payload: Buffer.from('{"mood":"calm"}'), qos: 1, retain: true });
  await first.addSubscriptions({ id: "ha" }, [{ topic: "guimi/x/event/#", qos: 1 }]);
  await first.outgoingEnqueueCombi([{ clientId: "ha" }], {
    cmd: "publish",
    topic: "guimi/x/event/reply",
    payload: Buffer.from("hi"),
    qos: 1,
    retain: false,
    brokerId: "b1",
    brokerCounter: 1,
  });
  await first.putWill({ id: "guimi" }, { cmd: "publish", topic: "guimi/x/availability", payload: Buffer.from("offline"), qos: 1, retain: true });

  const second = createSqliteBrokerPersistence(db);
  await second.setup({ id: "b2", counter: 0 });
  const retained: { topic: string; payload: Buffer }[] = [];
  for await (const p of second.createRetainedStream("guimi/#")) retained.push(p as never);
  assert.deepEqual(
    retained.map((p) => [p.topic, p.payload.toString()]),
    [["guimi/x/state", '{"mood":"calm"}']],
  );
  const subs = await second.subscriptionsByClient({ id: "ha" });
  assert.deepEqual(
    subs.map((s) => [s.topic, s.qos]),
    [["guimi/x/event/#", 1]],
  );
  const queued: { topic: string; payload: Buffer }[] = [];
  for await (const p of second.outgoingStream({ id: "ha" })) queued.push(p as never);
  assert.deepEqual(
    queued.map((p) => [p.topic, p.payload.toString()]),
    [["guimi/x/event/reply", "hi"]],
  );
  const will = (await second.delWill({ id: "guimi" })) as { payload: Buffer; brokerId: string } | undefined;
  assert.equal(will?.payload.toString(), "offline");
  assert.equal(will?.brokerId, "b1", "a will keeps the broker that held it, so a restarted broker publishes it");
  const row = db.prepare("SELECT packet FROM mqtt_retained WHERE topic = 'guimi/x/state'").get() as { packet: string };
  assert.match(row.packet, /\$b64/);
  db.close();
});

test.after(() => temp.cleanup());
