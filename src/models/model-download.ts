// Downloads a model file: resumable (HTTP Range on a .part file), verified by SHA-256, every request
// through the outbound gate so it shows in the ledger.
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync, statSync } from "node:fs";
import { GuimiError } from "../errors.js";
import type { Outbound } from "../privacy/outbound.js";

export interface DownloadProgress {
  received: number;
  total: number | null;
}

export interface DownloadOptions {
  url: string;
  dest: string;
  outbound: Outbound;
  /** Known checksum; otherwise the one the server publishes (Hugging Face's X-Linked-Etag) is used. */
  sha256?: string;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  sha256: string;
  verified: "expected" | "server" | "unverified";
  resumedFrom: number;
}

const HEX64 = /^[0-9a-f]{64}$/;

async function hashFile(path: string, hash: ReturnType<typeof createHash>): Promise<void> {
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
}

/** Network error codes anywhere in an error's cause chain (fetch wraps them: TypeError → cause → AggregateError…). */
function errorCodes(error: unknown, seen = new Set<unknown>()): string[] {
  if (!error || typeof error !== "object" || seen.has(error)) return [];
  seen.add(error);
  const e = error as { code?: unknown; cause?: unknown; errors?: unknown[] };
  return [...(typeof e.code === "string" ? [e.code] : []), ...errorCodes(e.cause, seen), ...(e.errors ?? []).flatMap((x) => errorCodes(x, seen))];
}

const unreachable = ["ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ENETUNREACH", "EHOSTUNREACH", "ETIMEDOUT", "UND_ERR_CONNECT_TIMEOUT"];
const dropped = ["ECONNRESET", "UND_ERR_SOCKET", "EPIPE"];

function explain(error: unknown, url: string, stage: "connect" | "transfer"): GuimiError {
  if (error instanceof GuimiError) return error;
  const codes = errorCodes(error);
  const host = new URL(url).host;
  const unreachableCode = codes.find((c) => unreachable.includes(c));
  if (stage === "connect" && (unreachableCode || codes.some((c) => dropped.includes(c)))) {
    return new GuimiError(
      `could not reach ${host} (${unreachableCode ?? codes[0]}) — is this device online? Run the same command again later: the download resumes where it stopped. / 连不上 ${host}，可能没有联网；稍后再运行一次会从断点继续下载。`,
      "unavailable",
      { cause: error },
    );
  }
  if (stage === "transfer") {
    return new GuimiError(
      `the connection to ${host} dropped during the download; run the same command again to resume where it stopped / 下载中断了，再运行一次会从断点继续`,
      "unavailable",
      { cause: error },
    );
  }
  const cause = (error as { cause?: { message?: string } })?.cause?.message;
  return new GuimiError(`download from ${host} failed: ${(error as Error)?.message ?? error}${cause ? ` (${cause})` : ""}`, "unavailable", { cause: error });
}

export async function downloadModel(options: DownloadOptions): Promise<DownloadResult> {
  const part = `${options.dest}.part`;
  const resumeFrom = existsSync(part) ? statSync(part).size : 0;
  let serverSha: string | undefined;
  let serverSize: number | undefined;
  let response: Response | undefined;
  let url = options.url;
  try {
    // Follow redirects by hand: the first answer carries the checksum headers, and each hop is recorded.
    for (let hop = 0; hop < 6; hop++) {
      response = await options.outbound.fetch({
        purpose: "modelDownload",
        dataCategory: "none",
        url,
        init: { redirect: "manual", headers: resumeFrom > 0 ? { range: `bytes=${resumeFrom}-` } : {}, signal: options.signal },
      });
      const etag = (response.headers.get("x-linked-etag") ?? "").replace(/"/g, "").toLowerCase();
      if (HEX64.test(etag)) serverSha ??= etag;
      const linkedSize = Number(response.headers.get("x-linked-size"));
      if (linkedSize > 0) serverSize ??= linkedSize;
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        url = new URL(location, url).toString();
        continue;
      }
      break;
    }
  } catch (error) {
    throw explain(error, url, "connect");
  }
  if (!response || !response.body) throw new GuimiError("the download server sent no file", "unavailable");
  if (response.status === 416 && resumeFrom > 0) {
    // Already complete on disk.
    await response.body.cancel();
  } else if (response.status !== 200 && response.status !== 206) {
    await response.body.cancel();
    throw new GuimiError(
      `the download server answered HTTP ${response.status} for ${new URL(options.url).host}${new URL(options.url).pathname}`,
      "unavailable",
    );
  }

  const resumed = response.status === 206 ? resumeFrom : 0;
  const hash = createHash("sha256");
  if (resumed > 0) await hashFile(part, hash);
  const lengthHeader = Number(response.headers.get("content-length"));
  const total = serverSize ?? (lengthHeader > 0 ? lengthHeader + resumed : null);
  let received = resumed;
  if (response.status !== 416) {
    const out = createWriteStream(part, { flags: resumed > 0 ? "a" : "w" });
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        hash.update(chunk);
        received += chunk.byteLength;
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
        options.onProgress?.({ received, total });
      }
    } catch (error) {
      throw explain(error, url, "transfer");
    } finally {
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    }
  } else {
    await hashFile(part, hash);
    received = statSync(part).size;
  }
  if (total !== null && received < total) {
    throw new GuimiError(`the download stopped at ${received} of ${total} bytes; run the command again to resume`, "unavailable");
  }
  const digest = hash.digest("hex");
  const expected = options.sha256?.toLowerCase() ?? serverSha;
  if (expected && digest !== expected) {
    rmSync(part, { force: true });
    throw new GuimiError(`checksum mismatch: expected sha256 ${expected}, got ${digest}; the partial file was removed, please try again`, "unavailable");
  }
  renameSync(part, options.dest);
  return {
    path: options.dest,
    bytes: received,
    sha256: digest,
    verified: options.sha256 ? "expected" : serverSha ? "server" : "unverified",
    resumedFrom: resumed,
  };
}

/** A one-line progress bar for a terminal: "[#####-----]  45%  180.2/398.0 MB  5.2 MB/s". */
export function progressLine(progress: DownloadProgress, bytesPerSecond: number, width = 24): string {
  const mb = (n: number) => (n / 1e6).toFixed(1);
  if (!progress.total) return `${mb(progress.received)} MB  ${mb(bytesPerSecond)} MB/s`;
  const fraction = Math.min(1, progress.received / progress.total);
  const filled = Math.round(fraction * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${mb(progress.received)}/${mb(progress.total)} MB  ${mb(bytesPerSecond)} MB/s`;
}
