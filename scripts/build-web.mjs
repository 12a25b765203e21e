#!/usr/bin/env node
// Builds the touchscreen page (web/ → web/dist) with Vite, as part of `npm run build`.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

if (!existsSync("web/index.html")) {
  console.log("web/index.html not found: skipping the touchscreen page build");
  process.exit(0);
}
const vite = createRequire(import.meta.url).resolve("vite/bin/vite.js");
const result = spawnSync(process.execPath, [vite, "build", "web", "--logLevel", "warn"], { stdio: "inherit" });
process.exit(result.status ?? 1);
