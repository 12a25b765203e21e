// guimi model list | use | pull
import { join } from "node:path";
import { existsSync } from "node:fs";
import type { Command } from "commander";
import type { CliContext } from "./main.js";
import { dataPaths, ensureDataDir, loadConfig, saveConfig } from "../config/config.js";
import { chooseModel, DEFAULT_MODEL_ID, findCatalogModel, installedModels, modelCatalog } from "../models/model-catalog.js";
import { type DownloadProgress, downloadModel, progressLine } from "../models/model-download.js";
import { findVoiceModel, installVoiceModel, voiceCatalog, voiceModelDir, voiceModelInstalled } from "../models/voice-models.js";
import { createOutbound } from "../privacy/outbound.js";
import { openDatabase } from "../storage/database.js";
import { migrationSets } from "../app/guimi-app.js";
import { InputError } from "../errors.js";

export function registerModelCommands(program: Command, ctx: CliContext): void {
  const model = program.command("model").description("the conversation and voice models / 聊天和语音模型");

  model
    .command("list")
    .description("models Guimi can install, and the ones installed")
    .option("--json", "machine-readable")
    .action((options: { json?: boolean }) => {
      const paths = dataPaths(ctx.dataDir());
      const config = loadConfig(paths);
      const installed = installedModels(paths);
      const active = chooseModel(paths, config, ctx.model());
      const rows = [
        ...modelCatalog.map((m) => ({
          id: m.id,
          kind: m.kind ?? "chat",
          installed: installed.some((i) => i.id === m.id) || existsSync(join(paths.models, m.file)),
          active: active?.id === m.id,
          default: m.id === DEFAULT_MODEL_ID,
          approxMB: Math.round(m.approxBytes / 1e6),
          description: m.description,
        })),
        ...installed
          .filter((i) => !findCatalogModel(i.id))
          .map((i) => ({
            id: i.id,
            kind: "chat",
            installed: true,
            active: active?.id === i.id,
            default: false,
            approxMB: Math.round(i.bytes / 1e6),
            description: { zh: "自己放进来的模型", en: "added by hand" },
          })),
        ...voiceCatalog.map((m) => ({
          id: m.id,
          kind: `voice:${m.role}`,
          installed: voiceModelInstalled(paths.models, m),
          active: false,
          default: false,
          approxMB: Math.round(m.approxBytes / 1e6),
          description: m.description,
        })),
      ];
      if (options.json) {
        ctx.stdout.write(JSON.stringify(rows) + "\n");
        return;
      }
      for (const r of rows)
        ctx.stdout.write(
          `${r.active ? "*" : " "} ${r.id.padEnd(32)} ${r.kind.padEnd(19)} ${String(r.approxMB).padStart(5)} MB  ${r.installed ? "installed" : "         "}  ${r.description.en}\n`,
        );
      if (active && active.origin !== "installed") ctx.stdout.write(`* ${active.id} (${active.origin}: ${active.path})\n`);
    });

  model
    .command("use")
    .description("choose the model to chat with: an installed id, or a path to a GGUF file")
    .argument("<id-or-path>")
    .action((value: string) => {
      const paths = dataPaths(ctx.dataDir());
      ensureDataDir(paths);
      const config = loadConfig(paths);
      const installed = installedModels(paths).find((m) => m.id === value);
      if (installed) {
        saveConfig(paths, { ...config, model: { ...config.model, active: installed.id, path: undefined } });
        ctx.stdout.write(`now using ${installed.id} (restart the daemon if it is running)\n`);
      } else if (findCatalogModel(value)?.kind === "embedding") {
        throw new InputError(
          `model: "${value}" is an embedding model; set "memory": {"embeddingModel": "${value}"} in config.json to use it for memory search`,
        );
      } else if (value.endsWith(".gguf") && existsSync(value)) {
        saveConfig(paths, { ...config, model: { ...config.model, path: value, active: undefined } });
        ctx.stdout.write(`now using ${value} (restart the daemon if it is running)\n`);
      } else {
        throw new InputError(`model: "${value}" is neither an installed model (see \`guimi model list\`) nor an existing .gguf file`);
      }
    });

  model
    .command("pull")
    .description("download a model (resumable, checksum-verified) / 下载模型")
    .argument("[id]", "catalog id", DEFAULT_MODEL_ID)
    .option("--url <url>", "download from this URL instead (a mirror)")
    .option("--sha256 <hex>", "expected SHA-256 of the file")
    .action(async (id: string, options: { url?: string; sha256?: string }) => {
      const entry = findCatalogModel(id);
      const voice = findVoiceModel(id);
      if (!entry && !voice && !options.url)
        throw new InputError(`id: unknown model "${id}"; one of: ${[...modelCatalog, ...voiceCatalog].map((m) => m.id).join(", ")} (or give --url)`);
      if (options.sha256 && !/^[0-9a-fA-F]{64}$/.test(options.sha256)) throw new InputError("--sha256: expected 64 hex digits");
      if (options.url) {
        try {
          const url = new URL(options.url);
          if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("protocol");
        } catch {
          throw new InputError(`--url: not an http(s) URL: ${options.url}`);
        }
      }
      const paths = dataPaths(ctx.dataDir());
      ensureDataDir(paths);
      const config = loadConfig(paths);
      if (voice) return pullVoice(ctx, paths, config, voice.id, options);
      const file = entry?.file ?? `${id.replace(/[^A-Za-z0-9._-]/g, "_")}.gguf`;
      const dest = join(paths.models, file);
      if (existsSync(dest)) {
        ctx.stdout.write(`${id} is already installed (${dest})\n`);
        return;
      }
      const db = openDatabase(paths.database, migrationSets);
      const outbound = createOutbound({ db, permissions: () => config.outbound, now: () => new Date() });
      const progress = progressReporter(ctx);
      try {
        ctx.stderr.write(`downloading ${id} · 正在下载模型\n`);
        const result = await downloadModel({
          url: options.url ?? entry!.url,
          dest,
          outbound,
          sha256: options.sha256 ?? entry?.sha256,
          onProgress: progress.onProgress,
        });
        progress.done();
        const verified = result.verified === "unverified" ? "NOT verified (no checksum known)" : `sha256 verified (${result.verified})`;
        ctx.stdout.write(
          `installed ${id}: ${result.bytes} bytes, ${verified}${result.resumedFrom ? `, resumed from ${result.resumedFrom} bytes` : ""}\n${dest}\n`,
        );
        if (!config.model.active && !config.model.path) saveConfig(paths, { ...config, model: { ...config.model, active: entry?.id ?? id } });
      } finally {
        progress.done();
        db.close();
      }
    });
}

/** A terminal progress reporter: a redrawn bar on a TTY, a line per tenth otherwise (logs stay short). */
function progressReporter(ctx: CliContext): { onProgress: (p: DownloadProgress) => void; done: () => void } {
  const tty = Boolean((ctx.stderr as { isTTY?: boolean }).isTTY);
  const started = Date.now();
  let lastDraw = 0;
  let lastDecile = -1;
  let ended = false;
  return {
    onProgress(progress) {
      const now = Date.now();
      const rate = progress.received / Math.max(0.001, (now - started) / 1000);
      if (tty && now - lastDraw > 200) {
        ctx.stderr.write(`\r${progressLine(progress, rate)}`);
        lastDraw = now;
      } else if (!tty && progress.total) {
        const decile = Math.floor((progress.received / progress.total) * 10);
        if (decile > lastDecile) {
          ctx.stderr.write(`${progressLine(progress, rate)}\n`);
          lastDecile = decile;
        }
      }
    },
    // Ends the redrawn line once (called after the download and again when the command ends either way).
    done: () => {
      if (tty && !ended) ctx.stderr.write("\n");
      ended = true;
    },
  };
}

/** `guimi model pull <voice model>`: what it needs first, then the model, each unpacked into models/voice/<id>/. */
async function pullVoice(
  ctx: CliContext,
  paths: ReturnType<typeof dataPaths>,
  config: ReturnType<typeof loadConfig>,
  id: string,
  options: { url?: string; sha256?: string },
): Promise<void> {
  const wanted = findVoiceModel(id)!;
  const order = [...(wanted.needs ?? []).map((n) => findVoiceModel(n)!), wanted];
  const db = openDatabase(paths.database, migrationSets);
  const outbound = createOutbound({ db, permissions: () => config.outbound, now: () => new Date() });
  try {
    for (const m of order) {
      if (voiceModelInstalled(paths.models, m)) {
        ctx.stdout.write(`${m.id} is already installed (${voiceModelDir(paths.models, m.id)})\n`);
        continue;
      }
      const mirror = m === wanted ? options : {};
      ctx.stderr.write(`downloading ${m.id} · 正在下载语音模型\n`);
      const progress = progressReporter(ctx);
      try {
        const result = await installVoiceModel(m, { modelsDir: paths.models, outbound, ...mirror, onProgress: progress.onProgress });
        progress.done();
        const verified = result.download.verified === "unverified" ? "NOT verified (no checksum known)" : `sha256 verified (${result.download.verified})`;
        ctx.stdout.write(`installed ${m.id}: ${result.download.bytes} bytes, ${verified}\n${result.dir}\n`);
      } catch (error) {
        progress.done();
        throw error;
      }
    }
  } finally {
    db.close();
  }
}
