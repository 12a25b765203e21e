// The daemon's process guard: a stray exception or rejection is logged and the process keeps serving.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { projectRoot } from "../testing/paths.js";

test("guardProcess: an uncaught exception and an unhandled rejection are logged; the process lives on", () => {
  const daemon = pathToFileURL(join(projectRoot, "dist", "src", "server", "daemon.js")).href;
  const script = `
    const { guardProcess } = await import(${JSON.stringify(daemon)});
    guardProcess();
    setTimeout(() => { throw new Error("boom from a timer"); }, 5);
    setTimeout(() => Promise.reject(new Error("rejected in the background")), 10);
    setTimeout(() => { console.log("still serving"); process.exit(0); }, 60);
  `;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 20_000 });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /still serving/);
  assert.match(result.stderr, /uncaught error \(still serving\):[\s\S]*boom from a timer/);
  assert.match(result.stderr, /background error \(still serving\):[\s\S]*rejected in the background/);
});
