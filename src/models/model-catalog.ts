// The models Guimi knows how to install. Chosen for a small CPU: the default is the smallest Qwen
// instruct model that still holds a warm conversation in zh and en (see the issue note for figures).
import { existsSync, readdirSync, statSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import type { DataPaths, GuimiConfig } from "../config/config.js";

export interface CatalogModel {
  id: string;
  /** What the model is for; conversation models unless said otherwise. */
  kind?: "chat" | "embedding";
  file: string;
  url: string;
  /** Download size, for the progress bar before the server says (the published size where one is known). */
  approxBytes: number;
  /** When known. Otherwise the download is checked against the SHA-256 the server publishes for the file. */
  sha256?: string;
  description: { zh: string; en: string };
}

const hf = (repo: string, file: string) => `https://huggingface.co/${repo}/resolve/main/${file}`;

// Sizes and SHA-256 (the Git LFS object ids Hugging Face publishes) as pinned by other projects for these
// exact repository files; named per entry. Hugging Face also sends the checksum (X-Linked-Etag).
export const modelCatalog: readonly CatalogModel[] = [
  {
    // 491 400 032 B, sha256 74a4da8c… (revision 9217f5db…) as pinned by several projects (a Dart model
    // catalog "from HuggingFace's API", a Kotlin ModelCatalog read from the LFS pointer, a Rust LLM list).
    id: "qwen2.5-0.5b-instruct-q4_k_m",
    file: "qwen2.5-0.5b-instruct-q4_k_m.gguf",
    url: hf("Qwen/Qwen2.5-0.5B-Instruct-GGUF", "qwen2.5-0.5b-instruct-q4_k_m.gguf"),
    approxBytes: 491_400_032,
    sha256: "74a4da8c9fdbcd15bd1f6d01d621410d31c6fc00986f5eb687824e7b93d7a9db",
    description: { zh: "默认：最快，适合 2 核 CPU", en: "default: fastest, fits a 2-core CPU" },
  },
  {
    // 1 117 320 736 B, sha256 6a1a2eb6… (revision 91cad511…) as pinned by several projects, one noting it
    // equals the X-Linked-Etag Hugging Face reports.
    id: "qwen2.5-1.5b-instruct-q4_k_m",
    file: "qwen2.5-1.5b-instruct-q4_k_m.gguf",
    url: hf("Qwen/Qwen2.5-1.5B-Instruct-GGUF", "qwen2.5-1.5b-instruct-q4_k_m.gguf"),
    approxBytes: 1_117_320_736,
    sha256: "6a1a2eb6d15622bf3c96857206351ba97e1af16c30d7a74ee38970e434e9407e",
    description: { zh: "更会聊天，需要 4 核以上或 GPU", en: "better conversation; wants 4+ cores or a GPU" },
  },
  {
    id: "bge-small-zh-v1.5-q8_0",
    kind: "embedding",
    // 26 472 640 B, sha256 5a88d266… (revision 5bf683e6…) as pinned by a Kotlin KnowledgeEmbeddingModel and
    // a TS RAG provider for this repository file; the repository lists it at 26.5 MB.
    file: "bge-small-zh-v1.5-q8_0.gguf",
    url: hf("CompendiumLabs/bge-small-zh-v1.5-gguf", "bge-small-zh-v1.5-q8_0.gguf"),
    approxBytes: 26_472_640,
    sha256: "5a88d266870fbd27c6f329df60de80e2d4cf3bbd5e6f080bd5c1b2e5abb12039",
    description: {
      zh: "记忆检索的句向量模型（可选，中文为主；config.json 里 memory.embeddingModel 打开）",
      en: "sentence embeddings for memory search (optional, Chinese-first; turn on with memory.embeddingModel in config.json)",
    },
  },
];

export const DEFAULT_MODEL_ID = "qwen2.5-0.5b-instruct-q4_k_m";

export function findCatalogModel(id: string): CatalogModel | undefined {
  return modelCatalog.find((m) => m.id === id);
}

export interface InstalledModel {
  id: string;
  path: string;
  bytes: number;
}

/** Conversation GGUF files in the data dir's models folder (finished downloads; embedding models left out). */
export function installedModels(paths: DataPaths): InstalledModel[] {
  if (!existsSync(paths.models)) return [];
  return readdirSync(paths.models)
    .filter((name) => name.endsWith(".gguf") && modelCatalog.find((m) => m.file === name)?.kind !== "embedding")
    .map((name) => {
      const path = join(paths.models, name);
      const catalog = modelCatalog.find((m) => m.file === name);
      return { id: catalog?.id ?? name.replace(/\.gguf$/, ""), path, bytes: statSync(path).size };
    });
}

/** The embedding model she configured: an installed catalog id, or a path. */
export function embeddingModelPath(paths: DataPaths, config: GuimiConfig): string | null {
  const value = config.memory.embeddingModel;
  if (!value) return null;
  const entry = findCatalogModel(value);
  if (entry) return join(paths.models, entry.file);
  return isAbsolute(value) ? value : resolve(paths.dataDir, value);
}

export type ModelChoice = { path: string; id: string; origin: "flag" | "env" | "config" | "installed" } | null;

/** --model, then GUIMI_MODEL, then config.model.path, then the active (or only/default) installed model. */
export function chooseModel(paths: DataPaths, config: GuimiConfig, flag?: string, env: NodeJS.ProcessEnv = process.env): ModelChoice {
  const explicit = flag ? { value: flag, origin: "flag" as const } : env.GUIMI_MODEL ? { value: env.GUIMI_MODEL, origin: "env" as const } : null;
  if (explicit) {
    const byId = installedModels(paths).find((m) => m.id === explicit.value);
    if (byId) return { path: byId.path, id: byId.id, origin: explicit.origin };
    const path = isAbsolute(explicit.value) ? explicit.value : resolve(explicit.value);
    return { path, id: path.split(/[\\/]/).pop() ?? path, origin: explicit.origin };
  }
  if (config.model.path) return { path: resolve(config.model.path), id: config.model.path.split(/[\\/]/).pop()!, origin: "config" };
  const installed = installedModels(paths);
  const pick = installed.find((m) => m.id === config.model.active) ?? installed.find((m) => m.id === DEFAULT_MODEL_ID) ?? installed[0];
  return pick ? { path: pick.path, id: pick.id, origin: "installed" } : null;
}
