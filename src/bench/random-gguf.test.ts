import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { closeSync, openSync, readFileSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { getLlama, LlamaChatSession, LlamaLogLevel, QwenChatWrapper, readGgufFileInfo, type Llama, type Token } from "node-llama-cpp";
import { makeTempDir } from "../testing/paths.js";
import { GgmlType } from "./gguf-types.js";
import { layoutGguf, writeRandomGgufFile } from "./gguf-writer.js";
import {
  buildRandomGguf,
  ensureRandomGguf,
  modelSpecs,
  QWEN25_CHAT_TEMPLATE,
  randomGgufSize,
  specTensors,
  useMoreBits,
  writeRandomGguf,
} from "./random-gguf.js";

const typeOf = (specId: string, name: string): string | undefined => specTensors(modelSpecs[specId]!).find((t) => t.name === name)?.type;

describe("Q4_K_M recipe", () => {
  test("use_more_bits picks 12 of 24 and 14 of 28 layers, as llama.cpp does", () => {
    const count = (n: number): number => Array.from({ length: n }, (_, i) => i).filter((i) => useMoreBits(i, n)).length;
    assert.equal(count(24), 12);
    assert.equal(count(28), 14);
  });

  test("Qwen2.5-0.5B: n_embd 896 is not a multiple of 256, so k-quants fall back", () => {
    const id = "qwen2.5-0.5b-instruct-q4_k_m";
    assert.equal(typeOf(id, "token_embd.weight"), "Q8_0"); // tied output: Q6_K -> Q8_0
    assert.equal(typeOf(id, "output.weight"), undefined);
    assert.equal(typeOf(id, "blk.0.attn_q.weight"), "Q5_0"); // Q4_K -> Q5_0
    assert.equal(typeOf(id, "blk.0.attn_v.weight"), "Q8_0");
    assert.equal(typeOf(id, "blk.3.attn_v.weight"), "Q5_0");
    assert.equal(typeOf(id, "blk.0.ffn_down.weight"), "Q6_K"); // ne[0] = 4864 = 19 * 256
    assert.equal(typeOf(id, "blk.3.ffn_down.weight"), "Q4_K");
    assert.equal(typeOf(id, "blk.5.ffn_down.weight"), "Q6_K");
    assert.equal(typeOf(id, "blk.0.attn_q.bias"), "F32");
  });

  test("Qwen2.5-1.5B: all k-quants", () => {
    const id = "qwen2.5-1.5b-instruct-q4_k_m";
    assert.equal(typeOf(id, "token_embd.weight"), "Q6_K");
    assert.equal(typeOf(id, "blk.0.attn_q.weight"), "Q4_K");
    assert.equal(typeOf(id, "blk.27.attn_v.weight"), "Q6_K");
    assert.equal(typeOf(id, "blk.4.ffn_down.weight"), "Q4_K");
  });
});

describe("file sizes match the published files", () => {
  const within = (actual: number, expected: number, tolerance: number): void =>
    assert.ok(Math.abs(actual / expected - 1) < tolerance, `${actual} vs ${expected}`);

  test("tied embeddings (bartowski's Q4_K_M files)", async () => {
    for (const id of ["qwen2.5-0.5b-instruct-q4_k_m", "qwen2.5-1.5b-instruct-q4_k_m"]) {
      within(await randomGgufSize(id), modelSpecs[id]!.published!.bytes, 0.02);
    }
  });

  test("untied output.weight (Qwen's own exports: 491 MB and 1.12 GB)", async () => {
    within(await randomGgufSize("qwen2.5-0.5b-instruct-q4_k_m", { untiedOutput: true }), 491e6, 0.02);
    within(await randomGgufSize("qwen2.5-1.5b-instruct-q4_k_m", { untiedOutput: true }), 1.12e9, 0.02);
  });
});

describe("tiny random models", () => {
  const tmp = makeTempDir("guimi-random-gguf-");
  let llama: Llama;
  before(async () => {
    llama = await getLlama({ gpu: false, build: "never", logLevel: LlamaLogLevel.error });
  });
  after(() => tmp.cleanup());

  test("writes the computed size, and the metadata and tensor infos read back", async () => {
    const spec = modelSpecs["tiny"]!;
    const fractions: number[] = [];
    const { path, bytes } = await writeRandomGguf({ spec: "tiny", outPath: join(tmp.dir, "tiny.gguf"), onProgress: (f) => fractions.push(f) });
    assert.equal(bytes, statSync(path).size);
    assert.equal(bytes, await randomGgufSize("tiny"));
    assert.equal(fractions.at(-1), 1);

    const info = await readGgufFileInfo(path, { readTensorInfo: true });
    assert.equal(info.version, 3);
    const md = info.metadata as unknown as Record<string, any>;
    assert.equal(md.general.architecture, "qwen2");
    assert.equal(md.qwen2.block_count, spec.nLayer);
    assert.equal(md.qwen2.embedding_length, spec.nEmbd);
    assert.equal(md.qwen2.attention.head_count_kv, spec.nHeadKv);
    assert.equal(md.qwen2.rope.freq_base, spec.ropeFreqBase);
    const g = md.tokenizer.ggml;
    assert.equal(g.model, "llama");
    assert.equal(g.tokens.length, spec.nVocab);
    assert.equal(g.scores.length, spec.nVocab);
    assert.equal(g.tokens[g.eos_token_id], "<|im_end|>");
    assert.equal(g.token_type[g.eos_token_id], 3);
    assert.equal(g.tokens[1], "<s>");
    assert.equal(md.tokenizer.chat_template, QWEN25_CHAT_TEMPLATE);

    const expected = specTensors(spec);
    const tensors = info.fullTensorInfo ?? [];
    assert.equal(tensors.length, expected.length);
    for (const [i, t] of expected.entries()) {
      assert.equal(tensors[i]!.name, t.name);
      assert.deepEqual(tensors[i]!.dimensions.map(Number), [...t.dims]);
      assert.equal(tensors[i]!.ggmlType, GgmlType[t.type]);
      assert.equal(Number(tensors[i]!.offset) % 32, 0);
    }
  });

  test("the same seed gives the same file", async () => {
    const a = await writeRandomGguf({ spec: "tiny", outPath: join(tmp.dir, "a.gguf"), seed: 7 });
    const b = await writeRandomGguf({ spec: "tiny", outPath: join(tmp.dir, "b.gguf"), seed: 7 });
    assert.ok(readFileSync(a.path).equals(readFileSync(b.path)));
  });

  for (const id of ["tiny", "tiny-fallback", "tiny-qwen3"]) {
    test(`${id}: node-llama-cpp validates the tensors, picks the Qwen ChatML wrapper and generates`, async () => {
      const { path } = await writeRandomGguf({ spec: id, outPath: join(tmp.dir, `${id}-chat.gguf`) });
      // checkTensors makes llama.cpp reject NaN/Inf in the f16 scale fields.
      const model = await llama.loadModel({ modelPath: path, checkTensors: true });
      try {
        assert.equal(model.tokenizer.detokenize([model.tokens.eos!], true), "<|im_end|>");
        const context = await model.createContext({ contextSize: 512, threads: 1 });
        try {
          const session = new LlamaChatSession({ contextSequence: context.getSequence() });
          // node-llama-cpp finds Qwen2.5's template equivalent to its QwenChatWrapper (ChatML with Hermes
          // tool calls), as it does for the real Qwen2.5 files; the template is the only input to that choice.
          assert.ok(session.chatWrapper instanceof QwenChatWrapper, session.chatWrapper.wrapperName);
          const { contextText } = session.chatWrapper.generateContextState({
            chatHistory: [
              { type: "user", text: "Hi" },
              { type: "model", response: [] },
            ],
          });
          assert.match(contextText.toString(), /<\|im_start\|>user\nHi<\|im_end\|>\n<\|im_start\|>assistant\n/);
          let tokens = 0;
          await session.prompt("Hello, how are you?", { maxTokens: 6, onToken: (t) => (tokens += t.length) });
          assert.ok(tokens > 0);
        } finally {
          await context.dispose();
        }
      } finally {
        await model.dispose();
      }
    });
  }

  test("negative control: checkTensors rejects a NaN f16 scale, so the checks above are meaningful", async () => {
    const path = join(tmp.dir, "nan.gguf");
    const built = await buildRandomGguf("tiny");
    await writeRandomGgufFile(path, built.metadata, built.tensors);
    const layout = layoutGguf(built.metadata, built.tensors);
    const i = built.tensors.findIndex((t) => t.name === "blk.1.ffn_up.weight");
    assert.equal(built.tensors[i]!.type, "Q4_K");
    const fd = openSync(path, "r+");
    writeSync(fd, Buffer.from([0x00, 0x7e]), 0, 2, layout.header.length + layout.offsets[i]! + 144 * 5); // d of block 5 = NaN
    closeSync(fd);
    await assert.rejects(llama.loadModel({ modelPath: path, checkTensors: true }));
  });

  test("visible padding tokens stream text", async () => {
    const { path } = await writeRandomGguf({ spec: "tiny", outPath: join(tmp.dir, "visible.gguf"), padTokens: "visible" });
    const model = await llama.loadModel({ modelPath: path });
    try {
      assert.equal(model.detokenize([32010, 32011] as Token[]), "pad32010 pad32011");
      assert.ok(model.tokenize("Hello").length > 0);
    } finally {
      await model.dispose();
    }
  });

  test("ensureRandomGguf writes once, then reuses the file", async () => {
    const cache = join(tmp.dir, "cache");
    const first = await ensureRandomGguf("tiny", cache);
    assert.equal(first.created, true);
    assert.equal(first.path, join(cache, "tiny-random.gguf"));
    const mtime = statSync(first.path).mtimeMs;
    const second = await ensureRandomGguf("tiny", cache);
    assert.equal(second.created, false);
    assert.equal(statSync(second.path).mtimeMs, mtime);
    await assert.rejects(ensureRandomGguf("no-such-model", cache), /unknown model spec/);
  });
});
