// GGUF files with random weights in the exact shapes and quant types of real models, for latency
// benchmarks: compute cost equals the trained model's, and no download is needed.
import { stat, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { readGgufFileInfo } from "node-llama-cpp";
import { tinyModelPath } from "../testing/paths.js";
import { GgufMetadata, layoutGguf, writeRandomGgufFile } from "./gguf-writer.js";
import { headDimOf, resolveSpec, specTensors, type ModelSpec } from "./random-gguf-specs.js";

export { modelSpecs, resolveSpec, specTensors, q4kmType, useMoreBits, type ModelSpec } from "./random-gguf-specs.js";

/** Qwen2.5's chat template (ChatML with Hermes-style tool calls), as shipped in its tokenizer_config.json. */
export const QWEN25_CHAT_TEMPLATE = `{%- if tools %}
    {{- '<|im_start|>system\\n' }}
    {%- if messages[0]['role'] == 'system' %}
        {{- messages[0]['content'] }}
    {%- else %}
        {{- 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.' }}
    {%- endif %}
    {{- "\\n\\n# Tools\\n\\nYou may call one or more functions to assist with the user query.\\n\\nYou are provided with function signatures within <tools></tools> XML tags:\\n<tools>" }}
    {%- for tool in tools %}
        {{- "\\n" }}
        {{- tool | tojson }}
    {%- endfor %}
    {{- "\\n</tools>\\n\\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\\n<tool_call>\\n{\\"name\\": <function-name>, \\"arguments\\": <args-json-object>}\\n</tool_call><|im_end|>\\n" }}
{%- else %}
    {%- if messages[0]['role'] == 'system' %}
        {{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}
    {%- else %}
        {{- '<|im_start|>system\\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\\n' }}
    {%- endif %}
{%- endif %}
{%- for message in messages %}
    {%- if (message.role == "user") or (message.role == "system" and not loop.first) or (message.role == "assistant" and not message.tool_calls) %}
        {{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>' + '\\n' }}
    {%- elif message.role == "assistant" %}
        {{- '<|im_start|>' + message.role }}
        {%- if message.content %}
            {{- '\\n' + message.content }}
        {%- endif %}
        {%- for tool_call in message.tool_calls %}
            {%- if tool_call.function is defined %}
                {%- set tool_call = tool_call.function %}
            {%- endif %}
            {{- '\\n<tool_call>\\n{"name": "' }}
            {{- tool_call.name }}
            {{- '", "arguments": ' }}
            {{- tool_call.arguments | tojson }}
            {{- '}\\n</tool_call>' }}
        {%- endfor %}
        {{- '<|im_end|>\\n' }}
    {%- elif message.role == "tool" %}
        {%- if (loop.index0 == 0) or (messages[loop.index0 - 1].role != "tool") %}
            {{- '<|im_start|>user' }}
        {%- endif %}
        {{- '\\n<tool_response>\\n' }}
        {{- message.content }}
        {{- '\\n</tool_response>' }}
        {%- if loop.last or (messages[loop.index0 + 1].role != "tool") %}
            {{- '<|im_end|>\\n' }}
        {%- endif %}
    {%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
    {{- '<|im_start|>assistant\\n' }}
{%- endif %}
`;

// llama.cpp token types (llama_token_type).
const TOKEN_NORMAL = 1;
const TOKEN_CONTROL = 3;
const TOKEN_UNUSED = 5;

/** Qwen's ids for the ChatML control tokens; used when the vocabulary is large enough to hold them. */
const QWEN_CONTROL_IDS = { endoftext: 151643, imStart: 151644, imEnd: 151645 };

export interface SourceVocab {
  tokens: string[];
  scores: number[];
  tokenTypes: number[];
  bos: number;
  unk: number;
}

const vocabCache = new Map<string, Promise<SourceVocab>>();

/** The real Llama-2 SentencePiece vocabulary of a GGUF file (by default the tiny test model's). */
export function loadSourceVocab(path = tinyModelPath): Promise<SourceVocab> {
  let cached = vocabCache.get(path);
  if (!cached) {
    cached = (async () => {
      const info = await readGgufFileInfo(path, { readTensorInfo: false });
      const g = info.metadata.tokenizer?.ggml as Record<string, unknown> | undefined;
      if (!g || g["model"] !== "llama") throw new Error(`${path}: no SentencePiece ("llama") tokenizer`);
      const tokens = g["tokens"] as string[];
      return {
        tokens: [...tokens],
        scores: [...((g["scores"] as number[] | undefined) ?? tokens.map(() => 0))],
        tokenTypes: [...(g["token_type"] as number[])],
        bos: Number(g["bos_token_id"] ?? 1),
        unk: Number(g["unknown_token_id"] ?? 0),
      };
    })();
    cached.catch(() => vocabCache.delete(path));
    vocabCache.set(path, cached);
  }
  return cached;
}

export interface BuildOptions {
  /** GGUF whose SentencePiece vocabulary is reused (default: the tiny test model in ../shared). */
  vocabGgufPath?: string;
  /** Store a separate output.weight even if the spec ties embeddings (as Qwen's own GGUF exports do). */
  untiedOutput?: boolean;
  /**
   * "unused" (default): padding tokens are UNUSED and detokenize to "" in llama.cpp, so a random model
   * that samples them (~79% of a 151936 vocabulary) streams tokens with empty text.
   * "visible": NORMAL tokens "▁pad<id>" that detokenize to " pad<id>", for pipelines that need text.
   */
  padTokens?: "unused" | "visible";
}

/** Header metadata and tensor list of the random model, without any tensor data. */
export async function buildRandomGguf(specOrId: ModelSpec | string, options: BuildOptions = {}) {
  const spec = resolveSpec(specOrId);
  const vocab = await loadSourceVocab(options.vocabGgufPath);
  const n = spec.nVocab;
  const ids =
    n > QWEN_CONTROL_IDS.imEnd ? QWEN_CONTROL_IDS : { endoftext: vocab.tokens.length, imStart: vocab.tokens.length + 1, imEnd: vocab.tokens.length + 2 };
  if (ids.imEnd >= n) throw new Error(`${spec.id}: vocabulary of ${n} cannot hold ${vocab.tokens.length} tokens + ChatML`);

  // Pad to the spec's vocabulary so token_embd keeps its exact shape; pad names are unique (llama.cpp maps text -> id).
  const visiblePads = options.padTokens === "visible";
  const tokens = new Array<string>(n);
  const scores = new Float32Array(n);
  const types = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (i < vocab.tokens.length) {
      tokens[i] = vocab.tokens[i]!;
      scores[i] = vocab.scores[i]!;
      types[i] = vocab.tokenTypes[i]!;
    } else {
      tokens[i] = visiblePads ? `\u2581pad${i}` : `[PAD${i}]`;
      types[i] = visiblePads ? TOKEN_NORMAL : TOKEN_UNUSED;
    }
  }
  for (const [id, text] of [
    [ids.endoftext, "<|endoftext|>"],
    [ids.imStart, "<|im_start|>"],
    [ids.imEnd, "<|im_end|>"],
  ] as const) {
    tokens[id] = text;
    types[id] = TOKEN_CONTROL;
  }

  const a = spec.arch;
  const m = new GgufMetadata()
    .string("general.architecture", a)
    .string("general.type", "model")
    .string("general.name", spec.name)
    .string("general.description", `random weights in the shapes of ${spec.id}, for latency benchmarks`)
    .u32("general.file_type", 15) // LLAMA_FTYPE_MOSTLY_Q4_K_M
    .u32("general.quantization_version", 2)
    .u32("general.alignment", 32)
    .u32(`${a}.block_count`, spec.nLayer)
    .u32(`${a}.context_length`, spec.contextLength)
    .u32(`${a}.embedding_length`, spec.nEmbd)
    .u32(`${a}.feed_forward_length`, spec.nFf)
    .u32(`${a}.attention.head_count`, spec.nHead)
    .u32(`${a}.attention.head_count_kv`, spec.nHeadKv)
    .f32(`${a}.rope.freq_base`, spec.ropeFreqBase)
    .f32(`${a}.attention.layer_norm_rms_epsilon`, spec.rmsEps);
  if (spec.headDim !== undefined) {
    m.u32(`${a}.attention.key_length`, headDimOf(spec)).u32(`${a}.attention.value_length`, headDimOf(spec));
  }
  m.string("tokenizer.ggml.model", "llama")
    .stringArray("tokenizer.ggml.tokens", tokens)
    .f32Array("tokenizer.ggml.scores", scores)
    .i32Array("tokenizer.ggml.token_type", types)
    .u32("tokenizer.ggml.bos_token_id", vocab.bos)
    .u32("tokenizer.ggml.eos_token_id", ids.imEnd)
    .u32("tokenizer.ggml.unknown_token_id", vocab.unk)
    .u32("tokenizer.ggml.padding_token_id", ids.endoftext)
    // Qwen adds no BOS; keep prompts the same length as with the real model.
    .bool("tokenizer.ggml.add_bos_token", false)
    .string("tokenizer.chat_template", QWEN25_CHAT_TEMPLATE);

  return { spec, metadata: m, tensors: specTensors(spec, { untiedOutput: options.untiedOutput }) };
}

/** Exact size in bytes of the file writeRandomGguf() would write, computed without writing it. */
export async function randomGgufSize(specOrId: ModelSpec | string, options: BuildOptions = {}): Promise<number> {
  const { metadata, tensors } = await buildRandomGguf(specOrId, options);
  return layoutGguf(metadata, tensors).totalBytes;
}

export interface WriteRandomGgufOptions extends BuildOptions {
  spec: ModelSpec | string;
  outPath: string;
  seed?: number;
  onProgress?: (fraction: number) => void;
}

export async function writeRandomGguf(opts: WriteRandomGgufOptions): Promise<{ path: string; bytes: number }> {
  const { metadata, tensors } = await buildRandomGguf(opts.spec, opts);
  const bytes = await writeRandomGgufFile(opts.outPath, metadata, tensors, { seed: opts.seed, onProgress: opts.onProgress });
  return { path: opts.outPath, bytes };
}

/**
 * `<cacheDir>/<specId>-random.gguf`, written once and reused while its size matches what this code
 * would write (a changed spec or writer regenerates it; the writer renames into place only when complete).
 */
export async function ensureRandomGguf(
  specId: string,
  cacheDir: string,
  options: { onProgress?: (fraction: number) => void; padTokens?: "unused" | "visible" } = {},
): Promise<{ path: string; bytes: number; created: boolean }> {
  resolveSpec(specId); // throws with the list of known ids
  const { padTokens } = options;
  const path = join(cacheDir, `${specId}${padTokens === "visible" ? "-visible" : ""}-random.gguf`);
  const expected = await randomGgufSize(specId, { padTokens });
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isFile() && existing.size === expected) return { path, bytes: expected, created: false };
  await mkdir(cacheDir, { recursive: true });
  const { bytes } = await writeRandomGguf({ spec: specId, outPath: path, padTokens, onProgress: options.onProgress });
  return { path, bytes, created: true };
}
