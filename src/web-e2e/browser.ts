// The browser side of the end-to-end tests, in one place: which Chromium they drive (Debian's, or
// GUIMI_CHROMIUM), when they skip (only when a system package is missing or the page is not built), and the
// flags every launch shares, so the eight tests do not each repeat (and drift on) the same preamble.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { projectRoot } from "../testing/paths.js";

export const chromiumPath = process.env.GUIMI_CHROMIUM ?? "/usr/bin/chromium";
const builtPage = join(projectRoot, "web", "dist", "index.html");

/** Why the browser tests cannot run here (a missing browser, ffmpeg or built page), or false when they can. */
export function browserSkipReason(opts: { needsBuiltPage?: boolean; needsFfmpeg?: boolean } = {}): string | false {
  const { needsBuiltPage = true, needsFfmpeg = false } = opts;
  if (!existsSync(chromiumPath)) return `no browser at ${chromiumPath} (apt-get install chromium)`;
  if (needsFfmpeg && spawnSync("ffmpeg", ["-version"]).status !== 0) return "ffmpeg not installed";
  if (needsBuiltPage && !existsSync(builtPage)) return "web/dist is not built (npm run build)";
  return false;
}

// Root in a container needs no sandbox, headless machines have no GPU, and the browser stays off the network
// in the background (the tests must see only the daemon's traffic) and skips its first-run setup.
const sharedArgs = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"];

/** Launches Chromium with the shared flags and `extraArgs`. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: [...sharedArgs, ...extraArgs] });
}
