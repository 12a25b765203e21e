// Real, small, tagged audio files for tests and the bench: sox makes a tone, metaflac (Debian's flac)
// or sox's --comment writes the tags that music-metadata then reads back.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";

export interface ToneSpec {
  path: string;
  seconds?: number;
  frequency?: number;
  tags?: { TITLE?: string; ARTIST?: string; ALBUM?: string; GENRE?: string };
}

export function missingAudioTools(): string | null {
  for (const tool of ["sox", "metaflac", "mpv"])
    if (spawnSync(tool, ["--version"], { stdio: "ignore" }).status !== 0) return `${tool} is not installed (apt-get install sox flac mpv)`;
  return null;
}

/** A sine tone; FLAC files get their tags with metaflac, Ogg Vorbis ones with sox --comment. */
export function makeTone(spec: ToneSpec): string {
  mkdirSync(dirname(spec.path), { recursive: true });
  const seconds = String(spec.seconds ?? 3);
  const tags = Object.entries(spec.tags ?? {}).filter(([, v]) => v !== undefined) as [string, string][];
  if (spec.path.endsWith(".ogg")) {
    const comments = tags.flatMap(([k, v]) => ["--comment", `${k}=${v}`]);
    execFileSync("sox", ["-n", "-r", "22050", "-c", "1", ...comments, spec.path, "synth", seconds, "sine", String(spec.frequency ?? 440)]);
  } else {
    execFileSync("sox", ["-n", "-r", "22050", "-c", "1", spec.path, "synth", seconds, "sine", String(spec.frequency ?? 440)]);
    if (tags.length > 0 && spec.path.endsWith(".flac")) execFileSync("metaflac", [...tags.map(([k, v]) => `--set-tag=${k}=${v}`), spec.path]);
  }
  return spec.path;
}
