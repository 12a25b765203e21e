// /api/v1/settings and /api/v1/data ("我的数据"): view, delete, erase and export everything Guimi keeps.
import { z } from "zod";
import { stream } from "hono/streaming";
import type { RouteModule } from "./http-api.js";
import { readJson, readQuery } from "../kernel/http.js";
import { InputError } from "../errors.js";
import { describeApiPaths, jsonBody } from "./openapi.js";
import { userSettingsPatchSchema } from "../settings/user-settings.js";

const eraseSchema = z.object({ confirm: z.literal("erase everything") }).strict();
const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).optional(), before: z.string().max(100).optional() });

describeApiPaths({
  "/settings": {
    get: {
      summary: "Her settings: language, quiet hours, do-not-disturb, retention, sensor and outbound switches, wake word",
      responses: { "200": { description: "settings" } },
    },
    patch: {
      summary: "Change some settings",
      requestBody: jsonBody(userSettingsPatchSchema),
      responses: { "200": { description: "settings" }, "400": { description: "bad input" } },
    },
  },
  "/data": { get: { summary: "我的数据: every category Guimi keeps, with counts", responses: { "200": { description: "categories" } } } },
  "/data/export": { get: { summary: "Everything as one JSON archive (download)", responses: { "200": { description: "archive" } } } },
  "/data/erase": {
    post: {
      summary: "Erase everything (rows deleted, database vacuumed)",
      requestBody: jsonBody(eraseSchema),
      responses: { "200": { description: "counts" } },
    },
  },
  "/data/{category}": {
    get: {
      summary: "Items of a category, newest first (page with before=<last id>)",
      responses: { "200": { description: "items" }, "404": { description: "no such category" } },
    },
    delete: { summary: "Erase a whole category", responses: { "200": { description: "count" } } },
  },
  "/data/{category}/{id}": { delete: { summary: "Delete one item", responses: { "200": { description: "deleted" }, "404": { description: "not found" } } } },
});

export const dataRoutes: RouteModule = (api, app) => {
  api.get("/settings", (c) => c.json(app.settings.get()));
  api.patch("/settings", async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new InputError("body: expected a JSON object");
    }
    return c.json(app.settings.update(body));
  });

  api.get("/data", (c) => c.json({ categories: app.data.overview() }));
  api.get("/data/export", (c) => {
    const now = app.now();
    c.header("content-type", "application/json; charset=utf-8");
    c.header("content-disposition", `attachment; filename="guimi-export-${now.toISOString().slice(0, 10)}.json"`);
    // Written as it is read, page by page: whatever the size, nothing is dropped and no one string holds it all.
    return stream(c, async (out) => {
      for (const chunk of app.data.exportJson(now)) {
        if (out.aborted) return;
        await out.write(chunk);
      }
    });
  });
  api.post("/data/erase", async (c) => {
    await readJson(c, eraseSchema);
    return c.json({ erased: app.data.eraseEverything() });
  });
  api.get("/data/:category", (c) => c.json({ items: app.data.list(c.req.param("category"), readQuery(c, listQuery)) }));
  api.delete("/data/:category", (c) => c.json({ erased: app.data.erase(c.req.param("category")) }));
  api.delete("/data/:category/:id", (c) => {
    app.data.remove(c.req.param("category"), c.req.param("id"));
    return c.json({ deleted: true });
  });
};
