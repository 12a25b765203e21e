// The home and media routes at the boundary (what the server's fuzz suite found): a folder name longer
// than the file system allows is her bad input, not a server error; Home Assistant not set or switched
// off is a 4xx that says what to do; a bad HA field is named. Both are in the OpenAPI document.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createGuimiApp, type GuimiApp } from "../app/guimi-app.js";
import { createHttpApi } from "../server/http-api.js";
import { loopbackEnv } from "../testing/loopback-env.js";
import { makeTempDir } from "../testing/paths.js";

const temp = makeTempDir("guimi-home-media-");
let app: GuimiApp;
let http: ReturnType<typeof createHttpApi>;
const call = async (method: string, path: string, body?: unknown) => {
  const response = await http.request(
    `/api/v1${path}`,
    { method, ...(body !== undefined ? { headers: { "content-type": "application/json" }, body: JSON.stringify(body) } : {}) },
    loopbackEnv,
  );
  return { status: response.status, json: (await response.json()) as { error?: { message: string } } & Record<string, unknown> };
};

before(async () => {
  process.env.GUIMI_AUDIO_OUT ??= "null";
  app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true });
  http = createHttpApi(app);
});
after(async () => {
  await app.close();
  temp.cleanup();
});

test("scanning a folder whose name is too long or holds a NUL is a 400 naming dir", async () => {
  for (const dir of ["/tmp/" + "💥".repeat(1000), "/tmp/" + "a".repeat(300), "/tmp/a\u0000b"]) {
    const { status, json } = await call("POST", "/media/scan", { dir });
    assert.equal(status, 400, `${dir.slice(0, 20)}: ${JSON.stringify(json)}`);
    assert.match(json.error!.message, /^dir/);
    assert.ok(json.error!.message.length < 400, "the message does not echo the whole input");
  }
});

test("Home Assistant not set is 409, switched off is 403; a bad field is named", async () => {
  assert.equal((await call("POST", "/home/assistant/check")).status, 409);
  const bad = await call("PUT", "/home/assistant", { url: "ftp://ha.local" });
  assert.equal(bad.status, 400);
  assert.match(bad.json.error!.message, /url/);
  const extra = await call("PUT", "/home/assistant", { url: "http://127.0.0.1:9", colour: "red" });
  assert.equal(extra.status, 400);
  assert.equal((await call("PUT", "/home/assistant", { url: "http://127.0.0.1:9", token: "t" })).status, 200);
  const off = await call("POST", "/home/assistant/check");
  assert.equal(off.status, 403);
  assert.match(off.json.error!.message, /outbound\.homeAssistant/);
});

test("the home and media routes are in the OpenAPI document with their bodies", async () => {
  const document = (await call("GET", "/openapi.json")).json as unknown as {
    paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>>;
  };
  for (const path of ["/home", "/home/assistant", "/home/assistant/check", "/media/play", "/media/scan", "/media/cover/{id}", "/media/radio/search"])
    assert.ok(document.paths[path], path);
  assert.ok(document.paths["/home/assistant"]!.put!.requestBody!.content["application/json"]!.schema.properties!.nextAlarmSensor);
  assert.ok(document.paths["/media/volume"]!.post!.requestBody!.content["application/json"]!.schema.properties!.delta);
});
