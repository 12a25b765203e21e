// The Embedder adapter: a GGUF sentence-embedding model (e.g. bge-small-zh-v1.5) through node-llama-cpp,
// on the device. Memory ranking adds cosine similarity to BM25 when one is configured.
import { basename } from "node:path";
import { GuimiError } from "../errors.js";
import { getLlamaRuntime } from "../models/llama-runtime.js";
import type { Embedder } from "./embedder.js";

/** Longest text embedded, in characters: memories are short, and the work is bounded before it starts. */
const MAX_CHARS = 2000;

export async function loadLlamaEmbedder(options: {
  modelPath: string;
  gpu?: "auto" | "off";
  threads?: number;
}): Promise<Embedder & { dispose(): Promise<void> }> {
  let model: import("node-llama-cpp").LlamaModel;
  try {
    const llama = await getLlamaRuntime(options.gpu ?? "off");
    model = await llama.loadModel({ modelPath: options.modelPath });
  } catch (error) {
    throw new GuimiError(`embedding model could not be loaded (${options.modelPath}): ${(error as Error).message}`, "unavailable", { cause: error });
  }
  const context = await model.createEmbeddingContext({ threads: options.threads ?? 1 });
  // One embedding at a time: the context has one sequence.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    id: basename(options.modelPath),
    embed(texts) {
      const run = queue.then(async () => {
        const vectors: Float32Array[] = [];
        for (const text of texts) vectors.push(Float32Array.from((await context.getEmbeddingFor(text.slice(0, MAX_CHARS))).vector));
        return vectors;
      });
      queue = run.catch(() => undefined);
      return run;
    },
    async dispose() {
      await context.dispose();
      await model.dispose();
    },
  };
}

export type EmbedderState =
  | { state: "none" }
  | { state: "loading" | "ready"; id: string; path: string }
  | { state: "error"; id: string; path: string; error: string };

/**
 * An embedder that loads in the background (the daemon starts at once). Until it is ready, and if it fails,
 * memories are embedded later or not at all and search ranks by words alone: nothing waits on it.
 */
export function createBackgroundEmbedder(options: {
  modelPath: string;
  gpu?: "auto" | "off";
}): Embedder & { state(): EmbedderState; dispose(): Promise<void> } {
  const id = basename(options.modelPath);
  let state: EmbedderState = { state: "loading", id, path: options.modelPath };
  const loading = loadLlamaEmbedder(options).then(
    (embedder) => {
      state = { state: "ready", id, path: options.modelPath };
      return embedder;
    },
    (error: unknown) => {
      state = { state: "error", id, path: options.modelPath, error: (error as Error).message };
      return null;
    },
  );
  return {
    id,
    async embed(texts) {
      const embedder = await loading;
      return embedder ? embedder.embed(texts) : [];
    },
    state: () => state,
    async dispose() {
      await (await loading)?.dispose();
    },
  };
}
