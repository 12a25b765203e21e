// The Embedder adapter on a real GGUF through node-llama-cpp (the tiny random model stands in for an embedding
// model: its vectors are meaningless, but loading, embedding, storing and ranking run for real).
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadLlamaEmbedder } from "./llama-embedder.js";
import { createGuimiApp } from "../app/guimi-app.js";
import { makeTempDir, tinyModelPath } from "../testing/paths.js";

test("embeds texts into fixed-length vectors, the same text to the same vector", async () => {
  const embedder = await loadLlamaEmbedder({ modelPath: tinyModelPath });
  try {
    const [a, b, again] = await embedder.embed(["我喜欢周杰伦的歌", "my cat is called Mochi", "我喜欢周杰伦的歌"]);
    assert.ok(a && b && again);
    assert.ok(a.length > 0 && a.length === b.length);
    assert.deepEqual([...a], [...again]);
    assert.ok(a.some((x) => x !== 0));
  } finally {
    await embedder.dispose();
  }
});

test("with memory.embeddingModel set, memories are embedded and searched; a missing model only costs the vectors", async () => {
  for (const modelPath of [tinyModelPath, "/nonexistent/embedding.gguf"]) {
    const temp = makeTempDir();
    try {
      writeFileSync(join(temp.dir, "config.json"), JSON.stringify({ memory: { embeddingModel: modelPath } }));
      const app = await createGuimiApp({ dataDir: temp.dir });
      await app.memory.ingest(
        [{ ref: "msg:1", speaker: "user", text: "我最喜欢的歌手是周杰伦", at: "2026-03-01T10:00:00+08:00", role: "user" }],
        new Date("2026-03-01T10:00:00+08:00"),
      );
      const found = await app.memory.search("周杰伦", { k: 3, now: new Date("2026-03-02T10:00:00+08:00") });
      assert.ok(found.length >= 1, "found by words either way");
      const vectors = (app.db.prepare("SELECT COUNT(*) AS n FROM memory_embeddings").get() as { n: number }).n;
      const state = app.embedderState();
      if (modelPath === tinyModelPath) {
        assert.equal(state.state, "ready");
        assert.ok(vectors >= 1, "the memory has its vector");
      } else {
        assert.equal(state.state, "error");
        assert.equal(vectors, 0);
      }
      await app.close();
    } finally {
      temp.cleanup();
    }
  }
});
