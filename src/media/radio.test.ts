// Internet radio through the outbound gate: a local server stands in for Radio Browser and a station;
// refused (and recorded) until she turns radio on, then searched, and played by real mpv (--ao=null)
// through the loopback relay, every byte counted in the ledger.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openDatabase, type Db } from "../storage/database.js";
import { coreMigrations } from "../storage/core-migrations.js";
import { createOutbound } from "../privacy/outbound.js";
import { OutboundRefusedError } from "../errors.js";
import { makeTempDir } from "../testing/paths.js";
import { mediaMigrations } from "./media-migrations.js";
import { createMediaLibrary } from "./media-library.js";
import { createMediaController } from "./media-controller.js";
import { createMpvPlayer } from "./mpv-player.js";
import { createRadio } from "./radio.js";
import { makeTone, missingAudioTools } from "./audio-fixtures.js";

describe("internet radio", { skip: missingAudioTools() ?? false, timeout: 60_000 }, () => {
  const temp = makeTempDir("guimi-radio-");
  let db: Db;
  let server: Server;
  let base = "";
  let radioOn = false;
  const requests: string[] = [];

  before(async () => {
    const stream = readFileSync(makeTone({ path: join(temp.dir, "station.ogg"), seconds: 20, tags: { TITLE: "live" } }));
    server = createServer((request, response) => {
      requests.push(request.url ?? "");
      if (request.url?.startsWith("/json/stations/search?name=jazz")) {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(
          JSON.stringify([
            {
              stationuuid: "st-1",
              name: "Smooth Jazz FM",
              url_resolved: `${base}/stream/1`,
              country: "France",
              tags: "jazz,smooth",
              codec: "OGG",
              bitrate: 128,
            },
            { stationuuid: "bad", name: "No URL" },
          ]),
        );
      } else if (request.url === "/stream/1") {
        response.writeHead(200, { "content-type": "audio/ogg" });
        response.end(stream);
      } else {
        response.writeHead(200, { "content-type": "application/json" });
        response.end("[]");
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    db = openDatabase(join(temp.dir, "guimi.db"), [coreMigrations, mediaMigrations]);
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    db.close();
    temp.cleanup();
  });

  test("off by default: refused and recorded, nothing sent; on: found, played, counted", async () => {
    const outbound = createOutbound({
      db,
      permissions: () => ({ modelDownload: false, remoteLlm: false, weather: false, homeAssistant: false, mqttBroker: false, radio: radioOn }),
      now: () => new Date(),
    });
    const radio = createRadio({ outbound, baseUrl: base });
    await assert.rejects(radio.search("jazz"), OutboundRefusedError);
    assert.equal(requests.length, 0);
    assert.equal(outbound.ledger()[0]!.outcome, "refused");

    radioOn = true;
    const stations = await radio.search("jazz");
    assert.deepEqual(
      stations.map((s) => [s.id, s.name, s.country, s.tags]),
      [["st-1", "Smooth Jazz FM", "France", ["jazz", "smooth"]]],
    );

    const player = createMpvPlayer({ audioOut: "null" });
    const controller = createMediaController({
      library: createMediaLibrary(db),
      player,
      now: () => new Date(),
      cacheDir: join(temp.dir, "cache"),
      speak: null,
    });
    try {
      const url = await radio.relayUrl(stations[0]!);
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\//);
      const status = await controller.playRadio(stations[0]!, url);
      assert.equal(status.item!.kind, "radio");
      assert.equal(status.item!.title, "Smooth Jazz FM");
      for (let i = 0; i < 100; i++) {
        const s = await controller.refresh();
        if (s.state === "playing" && (s.positionS ?? 0) > 0.5) break;
        if (i === 99) assert.fail(`radio never played: ${JSON.stringify(s)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      await controller.stop();
    } finally {
      await controller.close();
      await radio.close();
    }
    assert.ok(requests.includes("/stream/1"));
    const streamed = outbound.ledger().find((e) => e.destination.endsWith("/stream/1"))!;
    assert.equal(streamed.purpose, "radio");
    assert.equal(streamed.outcome, "ok");
    assert.ok(streamed.bytesReceived > 0, "the stream's bytes are in the ledger");
  });
});
