// The memory capability: what Guimi remembers about her (facts, preferences, people, events), learned after
// each answered turn, recalled into the newest turn, searched by words (and by meaning, when she configured
// an embedding model); "别记这个" and "你还记得…吗" on the fast path; /api/v1/memories, a tool, 我的数据.
// It knows nothing of the app, server or CLI.
import { z } from "zod";
import { defineCapability, type Capability, type Tool } from "../kernel/capability.js";
import { readJson, readQuery } from "../kernel/http.js";
import { parseId, tokenIdSchema } from "../kernel/ids.js";
import { describeApiPaths, jsonBody } from "../kernel/openapi-paths.js";
import { timeZoneOffsetMinutes } from "../kernel/time-zone-offset.js";
import type { Db } from "../storage/database.js";
import { NotFoundError } from "../errors.js";
import { forgetDerivedMemories } from "./forget-derived.js";
import { createBackgroundEmbedder, type EmbedderState } from "./llama-embedder.js";
import { memoriesCategory } from "./memory-data-category.js";
import { memoryMigrations } from "./memory-migrations.js";
import { createMemoryService, type MemoryService } from "./memory-service.js";
import { createRecallIntent } from "./recall-intent.js";

export interface MemoryDeps {
  db: Db;
  now: () => Date;
  timeZone: () => string;
  /** A GGUF sentence-embedding model for search by meaning (loaded in the background), or null: words alone. */
  embeddingModel: { path: string; gpu?: "auto" | "off" } | null;
}

export interface MemoryCapability extends Capability {
  service: MemoryService;
  /** Her words were deleted: memories that came only from them go too (`"all"`: every message). */
  forgetDerived(messageIds: number[] | "all"): void;
  /** What the newest turn may recall (a few lines for the model's context). */
  recallForTurn(text: string, at: Date): Promise<string[]>;
  embedderState(): EmbedderState;
  /** Builds the search index's first query (jieba, the ranking) before her first question waits for it. */
  warmUp(): Promise<void>;
}

const searchQuery = z.object({ q: z.string().min(1).max(500).optional(), k: z.coerce.number().int().min(1).max(50).optional() });
const addMemorySchema = z.object({ text: z.string().trim().min(1).max(2000) }).strict();
const editMemorySchema = z.object({ text: z.string().trim().min(1).max(2000) }).strict();

describeApiPaths({
  "/memories": {
    get: { summary: "Search memories (?q=…&k=10), or list the newest without q", responses: { "200": { description: "{memories}" } } },
    post: { summary: "Remember something she tells it to", requestBody: jsonBody(addMemorySchema), responses: { "200": { description: "{memory}" } } },
  },
  "/memories/{id}": {
    patch: {
      summary: "Correct a memory",
      requestBody: jsonBody(editMemorySchema),
      responses: { "200": { description: "{memory}" }, "404": { description: "not found" } },
    },
    delete: { summary: "Forget a memory (real deletion)", responses: { "200": { description: "deleted" } } },
  },
});

export const memoryCapability = defineCapability<MemoryDeps, MemoryCapability>({
  name: "memory",
  migrations: memoryMigrations,
  create({ db, now, timeZone, embeddingModel }) {
    const embedder = embeddingModel ? createBackgroundEmbedder({ modelPath: embeddingModel.path, gpu: embeddingModel.gpu }) : null;
    const memory = createMemoryService({ db, tzOffsetMinutes: (at) => timeZoneOffsetMinutes(timeZone(), at), clock: now, ...(embedder ? { embedder } : {}) });
    const pendingIngests = new Set<Promise<void>>();

    const tools: Tool[] = [
      {
        name: "memory_search",
        description: "Search what Guimi remembers about her (facts, events, preferences) by meaning; what she erased is not there.",
        input: z.object({ query: z.string().trim().min(1).max(500), k: z.number().int().min(1).max(20).optional() }).strict(),
        async run(input) {
          const { query, k } = input as { query: string; k?: number };
          const results = await memory.search(query, { k: k ?? 5, now: now() });
          return results.map((r) => ({ id: r.id, kind: r.kind, text: r.text, score: Math.round(r.score * 1000) / 1000 }));
        },
      },
    ];

    return {
      name: "memory",
      service: memory,
      intents: [
        (turn) => {
          const forgotten = memory.handleForgetRequest(turn.text);
          return forgotten ? { text: forgotten.reply, source: "memory", meta: { forgotten: forgotten.forgotten } } : null;
        },
        createRecallIntent(memory),
      ],
      afterTurn(turn, result) {
        // Remembering waits until she has her answer; "forget that" and crisis turns are not remembered.
        if (result.source === "memory" || result.source === "crisis") return;
        const ingesting = memory
          .ingest([{ ref: `msg:${turn.userMessageId}`, speaker: "user", text: turn.text, at: turn.now.toISOString(), role: "user" }], turn.now)
          .then(
            () => undefined,
            (error: unknown) => console.error("memory:", error),
          )
          .finally(() => pendingIngests.delete(ingesting));
        pendingIngests.add(ingesting);
      },
      forgetDerived: (ids) => void forgetDerivedMemories(db, memory, ids === "all" ? "all-messages" : ids.map((id) => `msg:${id}`)),
      recallForTurn: (text, at) => memory.recallForTurn(text, at, 3),
      embedderState: () => embedder?.state() ?? { state: "none" },
      async warmUp() {
        await memory.search("warm up", { k: 1, now: now() });
      },
      routes(api) {
        api.get("/memories", async (c) => {
          const { q, k } = readQuery(c, searchQuery);
          if (q) return c.json({ memories: await memory.search(q, { k: k ?? 10, now: now() }) });
          return c.json({ memories: memory.list({ limit: k ?? 50 }) });
        });
        api.post("/memories", async (c) => {
          const { text } = await readJson(c, addMemorySchema);
          const at = now();
          const ref = `api:${at.getTime()}`;
          const result = await memory.ingest([{ ref, speaker: "user", text, at: at.toISOString(), role: "user" }], at);
          const id = result.added[0] ?? result.merged[0];
          return c.json({ memory: id ? memory.get(id) : null, result });
        });
        api.patch("/memories/:id", async (c) => {
          const { text } = await readJson(c, editMemorySchema);
          const id = parseId(tokenIdSchema, c.req.param("id"));
          const updated = memory.update(id, { text }, now());
          if (!updated) throw new NotFoundError(`no memory ${id}`);
          return c.json({ memory: updated });
        });
        api.delete("/memories/:id", (c) => {
          const id = parseId(tokenIdSchema, c.req.param("id"));
          if (!memory.forget(id)) throw new NotFoundError(`no memory ${id}`);
          return c.json({ deleted: true });
        });
      },
      tools,
      dataCategories: [memoriesCategory(memory)],
      /** Whatever is still being learned finishes before the database closes; then the model is let go. */
      async close() {
        await Promise.all(pendingIngests);
        await embedder?.dispose();
      },
    };
  },
});
