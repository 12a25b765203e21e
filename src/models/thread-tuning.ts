// The best thread count per model file on this machine, as measured by `guimi bench latency`.
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

function tuningFile(cacheDir: string): string {
  return join(cacheDir, "thread-tuning.json");
}

function key(modelPath: string): string {
  return `${modelPath}:${statSync(modelPath).size}`;
}

export function readTunedThreads(cacheDir: string, modelPath: string): number | undefined {
  try {
    const file = tuningFile(cacheDir);
    if (!existsSync(file) || !existsSync(modelPath)) return undefined;
    const value = (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>)[key(modelPath)];
    return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;
  } catch {
    return undefined; // a damaged tuning file only costs the measured choice
  }
}

export function writeTunedThreads(cacheDir: string, modelPath: string, threads: number): void {
  const file = tuningFile(cacheDir);
  let all: Record<string, unknown> = {};
  try {
    if (existsSync(file)) all = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch {
    all = {};
  }
  all[key(modelPath)] = threads;
  writeFileSync(file, JSON.stringify(all, null, 2) + "\n");
}
