#!/usr/bin/env node
// Builds the touchscreen page (web/ → web/dist) with Vite, as part of `npm run build`.
import { existsSync } from "node:fs";

if (!existsSync("web/index.html")) {
  console.log("web/index.html not found: skipping the touchscreen page build");
  process.exit(0);
}
const { build } = await import("vite");
await build({ root: "web", configFile: existsSync("web/vite.config.ts") ? "web/vite.config.ts" : undefined, logLevel: "warn" });
