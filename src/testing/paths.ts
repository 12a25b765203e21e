// Locations used by tests and benchmarks: the project root and the read-only ../shared data beside it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { projectPath } from "../project-path.js";

export const projectRoot = projectPath();

/** A path inside ../shared (beside the project root); GUIMI_SHARED_DIR overrides it. */
export function sharedPath(...parts: string[]): string {
  return resolve(process.env.GUIMI_SHARED_DIR ?? join(projectRoot, "..", "shared"), ...parts);
}

export const tinyModelPath = sharedPath("models", "llama-2-tiny-random.gguf");

/** A fresh temporary directory, removed by the returned cleanup function. */
export function makeTempDir(prefix = "guimi-test-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
