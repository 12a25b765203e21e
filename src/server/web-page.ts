// Serves the touchscreen page (web/dist, built by `npm run build`) and a plain fallback until it exists.
import { existsSync, readFileSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import type { Hono } from "hono";
import type { ApiEnv } from "../kernel/http.js";
import { projectPath } from "../project-path.js";

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
};

export function mountWebPage(http: Hono<ApiEnv>): void {
  const root = projectPath("web", "dist");
  http.get("*", (c) => {
    if (c.req.path.startsWith("/api/")) return c.notFound();
    const relative = normalize(c.req.path === "/" ? "index.html" : c.req.path.slice(1));
    if (relative.startsWith("..")) return c.notFound();
    let file = join(root, relative);
    if (!existsSync(file) || !extname(file)) file = join(root, "index.html"); // client-side routes
    if (!existsSync(file)) {
      return c.html(
        `<!doctype html><meta charset="utf-8"><title>Guimi</title><body style="font-family:sans-serif;background:#f3efe9;color:#5b5450;padding:3rem">` +
          `<h1>小蜜在这里 · Guimi is running</h1><p>The touchscreen page is not built yet: run <code>npm run build</code>. API: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a></p>`,
      );
    }
    return c.body(readFileSync(file), 200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
  });
}
