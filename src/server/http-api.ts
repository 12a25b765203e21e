// The public HTTP API under /api/v1 (Hono, web-standard types). Errors become HTTP statuses in one place.
import { Hono } from "hono";
import { readQuery, type ApiEnv } from "../kernel/http.js";

export type { ApiEnv };
import type { GuimiApp } from "../app/guimi-app.js";
import { GuimiError, InputError } from "../errors.js";
import { pageQuerySchema } from "./api-schemas.js";
import { buildOpenApiDocument, routeBodies } from "./openapi.js";
import { httpError } from "./api-errors.js";
import { createEdgeGuard, type EdgeGuard } from "./edge-guard.js";
import { deviceRoutes } from "./device-routes.js";
import { downloadLinksFor } from "./download-links.js";
import { parsePersona, savePersona } from "../conversation/persona.js";
import { VERSION } from "../version.js";

/** Extra routes a core module mounts under /api/v1 (reminders, memory, mood…). */
export type RouteModule = (api: Hono<ApiEnv>, app: GuimiApp) => void;

/** The guard every route and the WebSocket upgrade share: body rules come from the OpenAPI document. */
export function edgeGuardFor(app: GuimiApp): EdgeGuard {
  let bodies: ReturnType<typeof routeBodies> | null = null;
  return createEdgeGuard({
    devices: app.devices,
    downloads: downloadLinksFor(app),
    allowedHosts: () => app.config.server.allowedHosts,
    // Read on first use, once every module has described its routes.
    bodyPolicy: (method, path) => (bodies ??= routeBodies())(method, path),
  });
}

export function createHttpApi(app: GuimiApp, modules: RouteModule[] = [], guard: EdgeGuard = edgeGuardFor(app)): Hono<ApiEnv> {
  const http = new Hono<ApiEnv>();
  const started = Date.now();

  http.onError((error, c) => httpError(c, error));
  http.notFound((c) => httpError(c, new GuimiError(`no route ${c.req.method} ${c.req.path}`, "not-found")));

  // Host, peer, token, Origin, body type and size: one guard before anything else runs.
  http.use("*", guard.middleware);

  const api = new Hono<ApiEnv>();

  api.get("/health", (c) => c.json({ ok: true, version: VERSION }));

  api.get("/status", (c) =>
    c.json({
      version: VERSION,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      model: app.modelState(),
      memory: { embeddings: app.embedderState() },
      timeZone: app.timeZone(),
      persona: { name: app.persona().name },
      // What the voice capability can really do now (the page's microphone button follows it).
      voice: app.voice.status?.() ?? { available: false, reason: "voice is not mounted / 语音功能未加载" },
      conversations: app.store.conversations().length,
      capabilities: Object.fromEntries(app.capabilities.filter((c) => c.status).map((c) => [c.name, c.status?.()])),
    }),
  );

  api.get("/openapi.json", (c) => c.json(buildOpenApiDocument()));

  api.get("/ledger", (c) => {
    const page = readQuery(c, pageQuerySchema);
    return c.json({ entries: app.outbound.ledger(page) });
  });

  api.get("/persona", (c) => c.json(app.persona()));
  api.put("/persona", async (c) => {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      throw new InputError("body: expected a JSON object");
    }
    const persona = parsePersona(raw, "body");
    savePersona(app.paths.persona, persona);
    app.reloadPersona();
    return c.json(persona);
  });

  deviceRoutes(api, app);
  for (const mount of modules) mount(api, app);
  for (const capability of app.capabilities) capability.routes?.(api);
  http.route("/api/v1", api);
  return http;
}
