// The OpenAPI 3.1 document for /api/v1, with request bodies generated from the zod schemas the server validates with.
import { VERSION } from "../version.js";
import { binaryBody, describeApiPaths, describedApiPaths, jsonBody, type Operation } from "../kernel/openapi-paths.js";
import { personaSchema } from "../conversation/persona.js";

export { binaryBody, describeApiPaths, jsonBody };

interface RouteBody {
  method: string;
  pattern: RegExp;
  params: number;
  types: string[];
  maxBytes: number | undefined;
}

/**
 * The accepted body types and size of each route, read from the document (one source of truth for
 * the guard, the docs and the fuzz suite). Literal paths win over templated ones.
 */
export function routeBodies(
  document = buildOpenApiDocument() as { paths: Record<string, Record<string, Operation>> },
): (method: string, path: string) => { types: string[]; maxBytes: number } | undefined {
  const routes: RouteBody[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    const source = path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+");
    for (const [method, operation] of Object.entries(operations)) {
      const body = operation.requestBody as { content?: Record<string, unknown>; "x-max-bytes"?: number } | undefined;
      if (!body?.content) continue;
      routes.push({
        method: method.toUpperCase(),
        pattern: new RegExp(`^${source}$`),
        params: (path.match(/\{/g) ?? []).length,
        types: Object.keys(body.content),
        maxBytes: body["x-max-bytes"],
      });
    }
  }
  routes.sort((a, b) => a.params - b.params);
  return (method, path) => {
    const route = routes.find((r) => r.method === method && r.pattern.test(path));
    return route ? { types: route.types, maxBytes: route.maxBytes ?? DEFAULT_JSON_BYTES } : undefined;
  };
}

export const DEFAULT_JSON_BYTES = 256 * 1024;

const ok = (description: string) => ({ description, content: { "application/json": {} } });
const errors = {
  "400": { description: "Bad input; the message names the field" },
  "404": { description: "Not found" },
};
/** Every route may answer these; all errors share one shape. */
const edgeResponses = {
  "401": { description: "No or invalid token (a non-loopback client must pair first)" },
  "403": { description: "Foreign Host or Origin, or a sensor or connection she has not turned on" },
  "413": { description: "Body larger than the route's limit" },
  "415": { description: "Body of a type the route does not take" },
};

export function buildOpenApiDocument(): object {
  return {
    openapi: "3.1.0",
    info: {
      title: "Guimi API",
      version: VERSION,
      description:
        "The companion daemon's public API. Loopback clients need no token; paired devices send `Authorization: Bearer <token>`. " +
        "WebSocket at /api/v1/ws (paired devices authenticate with the subprotocols `guimi.v1, bearer.<token>`; tokens are never read from URLs): " +
        "send {type:'chat',text,conversationId?} or {type:'stop'}; receive reply-start, reply-delta, reply-end, message-created and later proactive events. " +
        "Errors everywhere have one shape: HTTP {error:{code,message}}, WebSocket {type:'error',error:{code,message}}, SSE event `error` with data {error:{code,message}}. " +
        "Bodies must be application/json unless a route declares another type; requests with a foreign Host or Origin are refused (no CORS).",
    },
    servers: [{ url: "/api/v1" }],
    components: { responses: edgeResponses },
    paths: {
      "/health": { get: { summary: "Liveness", responses: { "200": ok("ok and version") } } },
      "/status": { get: { summary: "Model state, time zone, persona name, uptime", responses: { "200": ok("status") } } },
      "/ledger": { get: { summary: "Outbound connections: when, where, why, how many bytes", responses: { "200": ok("entries") } } },
      "/persona": {
        get: { summary: "The persona (name, style, topics to avoid, boundaries)", responses: { "200": ok("persona") } },
        put: { summary: "Replace the persona", requestBody: jsonBody(personaSchema), responses: { "200": ok("persona"), ...errors } },
      },
      "/ws": {
        get: { summary: "WebSocket upgrade for streamed replies and proactive messages", responses: { "101": { description: "Switching protocols" } } },
      },
      ...describedApiPaths(),
    },
  };
}
