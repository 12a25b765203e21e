// Walks a folder she chose (a USB drive, a NAS mount) for audio files and reads their tags with
// music-metadata. Bounded: at most `maxFiles` files, `maxDepth` levels, files above `maxFileBytes`
// skipped, each directory visited once by its real path (symlink loops end there).
import { opendir, realpath, stat } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { parseFile } from "music-metadata";
import type { ScannedFile } from "./media-library.js";

export const audioExtensions = new Set([".mp3", ".flac", ".ogg", ".oga", ".opus", ".m4a", ".aac", ".wav", ".aiff", ".aif", ".wma", ".ape", ".wv", ".mka"]);

export interface ScanOptions {
  maxFiles?: number;
  maxDepth?: number;
  maxFileBytes?: number;
  /** Files already indexed (path → size, mtime): unchanged ones are not parsed again. */
  known?: Map<string, { mtimeMs: number; sizeBytes: number }>;
  onProgress?: (found: number) => void;
}

export interface ScanResult {
  root: string;
  files: ScannedFile[];
  /** False when a bound stopped the walk: files not seen may still exist. */
  complete: boolean;
  skipped: { path: string; reason: string }[];
}

export async function scanLibrary(dir: string, options: ScanOptions = {}): Promise<ScanResult> {
  const maxFiles = options.maxFiles ?? 50_000;
  const maxDepth = options.maxDepth ?? 24;
  const maxFileBytes = options.maxFileBytes ?? 1024 * 1024 * 1024;
  const root = await realpath(dir);
  const rootStat = await stat(root);
  if (!rootStat.isDirectory()) throw new Error(`${dir}: not a folder`);
  const visited = new Set<string>();
  const files: ScannedFile[] = [];
  const skipped: { path: string; reason: string }[] = [];
  let complete = true;
  const skip = (path: string, reason: string) => {
    if (skipped.length < 200) skipped.push({ path, reason });
  };

  async function walk(path: string, depth: number): Promise<void> {
    if (files.length >= maxFiles) return void (complete = false);
    if (depth > maxDepth) {
      complete = false;
      return skip(path, "too deep");
    }
    let real: string;
    try {
      real = await realpath(path);
    } catch {
      return skip(path, "unreadable");
    }
    if (visited.has(real)) return;
    visited.add(real);
    let entries;
    try {
      entries = await opendir(real);
    } catch {
      return skip(path, "unreadable");
    }
    const names: string[] = [];
    for await (const entry of entries) if (!entry.name.startsWith(".")) names.push(entry.name);
    names.sort();
    for (const name of names) {
      if (files.length >= maxFiles) return void (complete = false);
      const full = join(real, name);
      let info;
      try {
        info = await stat(full); // follows symlinks: a linked folder is walked (once, by its real path)
      } catch {
        skip(full, "broken link or unreadable");
        continue;
      }
      if (info.isDirectory()) {
        await walk(full, depth + 1);
        continue;
      }
      if (!info.isFile() || !audioExtensions.has(extname(name).toLowerCase())) continue;
      if (info.size > maxFileBytes) {
        skip(full, "too large");
        continue;
      }
      const file = await readFile(full, info.size, Math.round(info.mtimeMs), options.known?.get(full));
      if (typeof file === "string") skip(full, file);
      else {
        files.push(file);
        options.onProgress?.(files.length);
      }
    }
  }

  await walk(root, 0);
  return { root, files, complete, skipped };
}

async function readFile(
  path: string,
  sizeBytes: number,
  mtimeMs: number,
  known: { mtimeMs: number; sizeBytes: number } | undefined,
): Promise<ScannedFile | string> {
  const base = { path, sizeBytes, mtimeMs };
  if (known && known.mtimeMs === mtimeMs && known.sizeBytes === sizeBytes)
    return { ...base, title: "", artist: null, album: null, genre: null, durationS: null, unchanged: true };
  try {
    const { common, format } = await parseFile(path, { duration: true, skipCovers: true });
    // A file that only looks like audio by its name: no codec, no sample rate, nothing to play.
    if (!format.codec && !format.container && !format.sampleRate) return "not an audio file";
    const clean = (value: string | undefined | null) => (value && value.trim() ? value.trim().slice(0, 300) : null);
    return {
      ...base,
      title: clean(common.title) ?? basename(path, extname(path)),
      artist: clean(common.artist) ?? clean(common.albumartist),
      album: clean(common.album),
      genre: clean(common.genre?.join(", ")),
      durationS: format.duration && Number.isFinite(format.duration) ? Math.round(format.duration * 100) / 100 : null,
    };
  } catch (error) {
    return `unreadable tags: ${(error as Error).message.slice(0, 120)}`;
  }
}
