// Shapes of real models, and the per-tensor types llama.cpp's Q4_K_M recipe gives them.
import type { GgmlTypeName } from "./gguf-types.js";
import type { GgufTensor } from "./gguf-writer.js";

export interface ModelSpec {
  id: string;
  /** general.name; also what node-llama-cpp's model-lineage heuristics read. */
  name: string;
  arch: "qwen2" | "qwen3";
  nLayer: number;
  nEmbd: number;
  nHead: number;
  nHeadKv: number;
  /** Per-head size; defaults to nEmbd / nHead (qwen3 decouples it). */
  headDim?: number;
  nFf: number;
  nVocab: number;
  contextLength: number;
  ropeFreqBase: number;
  rmsEps: number;
  /** No output.weight: the output projection reuses token_embd (the quantizer then treats token_embd as the output). */
  tiedEmbeddings: boolean;
  /** qwen2: biases on q/k/v projections. */
  attnBias: boolean;
  /** qwen3: RMS norms on q and k per head. */
  qkNorm: boolean;
  ftype: "Q4_K_M";
  /** Size of the published file this spec mirrors, and where it comes from (for the size test). */
  published?: { bytes: number; source: string };
}

const qwenCommon = {
  nVocab: 151936,
  ropeFreqBase: 1_000_000,
  rmsEps: 1e-6,
  ftype: "Q4_K_M",
} as const;

export const modelSpecs: Readonly<Record<string, ModelSpec>> = {
  "qwen2.5-0.5b-instruct-q4_k_m": {
    ...qwenCommon,
    id: "qwen2.5-0.5b-instruct-q4_k_m",
    name: "Qwen2.5 0.5B Instruct",
    arch: "qwen2",
    nLayer: 24,
    nEmbd: 896,
    nHead: 14,
    nHeadKv: 2,
    nFf: 4864,
    contextLength: 32768,
    tiedEmbeddings: true,
    attnBias: true,
    qkNorm: false,
    // bartowski/Qwen2.5-0.5B-Instruct-GGUF Q4_K_M ("0.40GB"). Qwen's own qwen2.5-0.5b-instruct-q4_k_m.gguf
    // is 491 MB because it stores an untied output.weight (Q8_0) besides a Q5_0 token_embd.
    published: { bytes: 398e6, source: "Qwen2.5-0.5B-Instruct-Q4_K_M.gguf, ~398 MB" },
  },
  "qwen2.5-1.5b-instruct-q4_k_m": {
    ...qwenCommon,
    id: "qwen2.5-1.5b-instruct-q4_k_m",
    name: "Qwen2.5 1.5B Instruct",
    arch: "qwen2",
    nLayer: 28,
    nEmbd: 1536,
    nHead: 12,
    nHeadKv: 2,
    nFf: 8960,
    contextLength: 32768,
    tiedEmbeddings: true,
    attnBias: true,
    qkNorm: false,
    // bartowski/Qwen2.5-1.5B-Instruct-GGUF Q4_K_M ("0.99GB", tied). Qwen's own file is 1.12 GB because it
    // stores an untied Q6_K output.weight besides a Q4_K token_embd (see untiedOutput below).
    published: { bytes: 986e6, source: "Qwen2.5-1.5B-Instruct-Q4_K_M.gguf, ~0.99 GB" },
  },
  "qwen3-0.6b-q4_k_m": {
    ...qwenCommon,
    id: "qwen3-0.6b-q4_k_m",
    name: "Qwen3 0.6B",
    arch: "qwen3",
    nLayer: 28,
    nEmbd: 1024,
    nHead: 16,
    nHeadKv: 8,
    headDim: 128,
    nFf: 3072,
    contextLength: 40960,
    tiedEmbeddings: true,
    attnBias: false,
    qkNorm: true,
  },
  // Tiny specs for tests: same code paths, loads in milliseconds. n_embd 256 takes the k-quant path,
  // 224 the Q5_0/Q8_0 fallbacks.
  tiny: {
    ...qwenCommon,
    id: "tiny",
    name: "Tiny Random Qwen2",
    arch: "qwen2",
    nLayer: 2,
    nEmbd: 256,
    nHead: 4,
    nHeadKv: 2,
    nFf: 512,
    nVocab: 32064,
    contextLength: 2048,
    tiedEmbeddings: true,
    attnBias: true,
    qkNorm: false,
  },
  "tiny-fallback": {
    ...qwenCommon,
    id: "tiny-fallback",
    name: "Tiny Random Qwen2 Fallback",
    arch: "qwen2",
    nLayer: 2,
    nEmbd: 224,
    nHead: 7,
    nHeadKv: 1,
    nFf: 608,
    nVocab: 32064,
    contextLength: 2048,
    tiedEmbeddings: true,
    attnBias: true,
    qkNorm: false,
  },
  "tiny-qwen3": {
    ...qwenCommon,
    id: "tiny-qwen3",
    name: "Tiny Random Qwen3",
    arch: "qwen3",
    nLayer: 2,
    nEmbd: 256,
    nHead: 8,
    nHeadKv: 2,
    headDim: 64,
    nFf: 768,
    nVocab: 32064,
    contextLength: 2048,
    tiedEmbeddings: true,
    attnBias: false,
    qkNorm: true,
  },
};

export function resolveSpec(spec: ModelSpec | string): ModelSpec {
  if (typeof spec !== "string") return spec;
  const found = modelSpecs[spec];
  if (!found) throw new Error(`unknown model spec "${spec}"; known: ${Object.keys(modelSpecs).join(", ")}`);
  return found;
}

export const headDimOf = (s: ModelSpec): number => s.headDim ?? s.nEmbd / s.nHead;

/** llama.cpp's use_more_bits(): the first and last eighth of the layers, and every third one between. */
export function useMoreBits(i: number, n: number): boolean {
  const eighth = Math.floor(n / 8);
  return i < eighth || i >= Math.floor((7 * n) / 8) || (i - eighth) % 3 === 2;
}

/**
 * Q4_K_M per-tensor types, mirroring llama_tensor_get_type() in llama.cpp's llama-quant.cpp:
 * - 1-D tensors (norms, biases) stay F32.
 * - The output matrix (token_embd when embeddings are tied) is Q6_K.
 * - attn_v and ffn_down are Q6_K on use_more_bits() layers, Q4_K elsewhere.
 * - Everything else (attn_q/k/output, ffn_gate/up, an untied token_embd) is Q4_K.
 * - k-quants need ne[0] % 256 == 0; otherwise llama.cpp falls back Q4_K -> Q5_0 and Q6_K -> Q8_0
 *   (the output matrix goes straight to Q8_0). For Qwen2.5-0.5B (n_embd 896) this hits every matrix
 *   except ffn_down (ne[0] = n_ff = 4864 = 19 * 256).
 */
export function q4kmType(role: "output" | "attn_v" | "ffn_down" | "other", layer: number, nLayer: number, ne0: number): GgmlTypeName {
  let type: GgmlTypeName = "Q4_K";
  if (role === "output") type = "Q6_K";
  else if ((role === "attn_v" || role === "ffn_down") && useMoreBits(layer, nLayer)) type = "Q6_K";
  if (ne0 % 256 !== 0) {
    type = type === "Q6_K" ? "Q8_0" : "Q5_0";
    if (ne0 % 32 !== 0) type = "F16";
  }
  return type;
}

/** All tensors of the model, in the order convert_hf_to_gguf writes them (token_embd first, then layers). */
export function specTensors(s: ModelSpec, options: { untiedOutput?: boolean } = {}): GgufTensor[] {
  const hd = headDimOf(s);
  const qDim = s.nHead * hd;
  const kvDim = s.nHeadKv * hd;
  const tied = s.tiedEmbeddings && !options.untiedOutput;
  const t: GgufTensor[] = [];
  const mat = (name: string, ne0: number, ne1: number, role: Parameters<typeof q4kmType>[0], layer = 0): void => {
    t.push({ name, dims: [ne0, ne1], type: q4kmType(role, layer, s.nLayer, ne0) });
  };
  const vec = (name: string, n: number, init: "random" | "ones"): void => {
    t.push({ name, dims: [n], type: "F32", init });
  };
  mat("token_embd.weight", s.nEmbd, s.nVocab, tied ? "output" : "other");
  for (let i = 0; i < s.nLayer; i++) {
    const p = `blk.${i}.`;
    vec(p + "attn_norm.weight", s.nEmbd, "ones");
    mat(p + "attn_q.weight", s.nEmbd, qDim, "other", i);
    mat(p + "attn_k.weight", s.nEmbd, kvDim, "other", i);
    mat(p + "attn_v.weight", s.nEmbd, kvDim, "attn_v", i);
    if (s.attnBias) {
      vec(p + "attn_q.bias", qDim, "random");
      vec(p + "attn_k.bias", kvDim, "random");
      vec(p + "attn_v.bias", kvDim, "random");
    }
    if (s.qkNorm) {
      vec(p + "attn_q_norm.weight", hd, "ones");
      vec(p + "attn_k_norm.weight", hd, "ones");
    }
    mat(p + "attn_output.weight", qDim, s.nEmbd, "other", i);
    vec(p + "ffn_norm.weight", s.nEmbd, "ones");
    mat(p + "ffn_gate.weight", s.nEmbd, s.nFf, "other", i);
    mat(p + "ffn_up.weight", s.nEmbd, s.nFf, "other", i);
    mat(p + "ffn_down.weight", s.nFf, s.nEmbd, "ffn_down", i);
  }
  vec("output_norm.weight", s.nEmbd, "ones");
  if (!tied) mat("output.weight", s.nEmbd, s.nVocab, "output");
  return t;
}
