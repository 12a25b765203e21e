// Minimal GGUF v3 writer: metadata key/values, tensor infos, aligned tensor data streamed to disk.
// Spec: llama.cpp docs/gguf.md (little-endian; strings are u64 length + UTF-8 bytes, no terminator).
import { open, rename, rm } from "node:fs/promises";
import { GgmlType, ggmlLayouts, ggmlTensorBytes, sanitizeF16Fields, XorShift128, type GgmlTypeName } from "./gguf-types.js";

const GGUF_MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
const GGUF_VERSION = 3;
export const GGUF_DEFAULT_ALIGNMENT = 32;

const ValueType = {
  UINT8: 0,
  INT8: 1,
  UINT16: 2,
  INT16: 3,
  UINT32: 4,
  INT32: 5,
  FLOAT32: 6,
  BOOL: 7,
  STRING: 8,
  ARRAY: 9,
  UINT64: 10,
  INT64: 11,
  FLOAT64: 12,
} as const;

/** Serializes metadata key/values as they are added; the result is the KV section of the header. */
export class GgufMetadata {
  private readonly parts: Buffer[] = [];
  private readonly keys = new Set<string>();

  get count(): number {
    return this.keys.size;
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  string(key: string, value: string): this {
    return this.add(key, ValueType.STRING, ggufString(value));
  }
  u32(key: string, value: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(value);
    return this.add(key, ValueType.UINT32, b);
  }
  i32(key: string, value: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32LE(value);
    return this.add(key, ValueType.INT32, b);
  }
  u64(key: string, value: number | bigint): this {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(value));
    return this.add(key, ValueType.UINT64, b);
  }
  f32(key: string, value: number): this {
    const b = Buffer.alloc(4);
    b.writeFloatLE(value);
    return this.add(key, ValueType.FLOAT32, b);
  }
  f64(key: string, value: number): this {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(value);
    return this.add(key, ValueType.FLOAT64, b);
  }
  bool(key: string, value: boolean): this {
    return this.add(key, ValueType.BOOL, Buffer.from([value ? 1 : 0]));
  }

  stringArray(key: string, values: readonly string[]): this {
    let total = 0;
    for (const v of values) total += 8 + Buffer.byteLength(v, "utf8");
    const b = Buffer.alloc(12 + total);
    b.writeUInt32LE(ValueType.STRING, 0);
    b.writeBigUInt64LE(BigInt(values.length), 4);
    let o = 12;
    for (const v of values) {
      const n = b.write(v, o + 8, "utf8");
      b.writeBigUInt64LE(BigInt(n), o);
      o += 8 + n;
    }
    return this.add(key, ValueType.ARRAY, b);
  }
  f32Array(key: string, values: ArrayLike<number>): this {
    const b = arrayHeader(ValueType.FLOAT32, values.length, 4);
    for (let i = 0; i < values.length; i++) b.writeFloatLE(values[i]!, 12 + 4 * i);
    return this.add(key, ValueType.ARRAY, b);
  }
  i32Array(key: string, values: ArrayLike<number>): this {
    const b = arrayHeader(ValueType.INT32, values.length, 4);
    for (let i = 0; i < values.length; i++) b.writeInt32LE(values[i]!, 12 + 4 * i);
    return this.add(key, ValueType.ARRAY, b);
  }

  /** The serialized KV section. */
  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }

  private add(key: string, type: number, value: Buffer): this {
    if (this.keys.has(key)) throw new Error(`duplicate GGUF metadata key ${key}`);
    this.keys.add(key);
    const t = Buffer.alloc(4);
    t.writeUInt32LE(type);
    this.parts.push(ggufString(key), t, value);
    return this;
  }
}

function ggufString(s: string): Buffer {
  const n = Buffer.byteLength(s, "utf8");
  const b = Buffer.alloc(8 + n);
  b.writeBigUInt64LE(BigInt(n));
  b.write(s, 8, "utf8");
  return b;
}

function arrayHeader(elemType: number, count: number, elemBytes: number): Buffer {
  const b = Buffer.alloc(12 + count * elemBytes);
  b.writeUInt32LE(elemType, 0);
  b.writeBigUInt64LE(BigInt(count), 4);
  return b;
}

export interface GgufTensor {
  name: string;
  /** ggml order: ne[0] (the contiguous row length) first. */
  dims: readonly number[];
  type: GgmlTypeName;
  /** How F32 tensors are filled: norm weights as ones, everything else small random values. */
  init?: "random" | "ones";
}

export interface GgufLayout {
  /** Header (magic, counts, KVs, tensor infos) padded to the alignment: the data section starts here. */
  header: Buffer;
  /** Offset of each tensor relative to the data section. */
  offsets: number[];
  tensorBytes: number[];
  totalBytes: number;
}

const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;

/** Computes the exact file layout without touching the disk. */
export function layoutGguf(metadata: GgufMetadata, tensors: readonly GgufTensor[], alignment = GGUF_DEFAULT_ALIGNMENT): GgufLayout {
  const offsets: number[] = [];
  const tensorBytes: number[] = [];
  const infos: Buffer[] = [];
  let offset = 0;
  for (const t of tensors) {
    const bytes = ggmlTensorBytes(t.type, t.dims);
    offsets.push(offset);
    tensorBytes.push(bytes);
    const info = Buffer.alloc(4 + 8 * t.dims.length + 4 + 8);
    info.writeUInt32LE(t.dims.length, 0);
    t.dims.forEach((d, i) => info.writeBigUInt64LE(BigInt(d), 4 + 8 * i));
    info.writeUInt32LE(GgmlType[t.type], 4 + 8 * t.dims.length);
    info.writeBigUInt64LE(BigInt(offset), 8 + 8 * t.dims.length);
    infos.push(ggufString(t.name), info);
    offset = alignUp(offset + bytes, alignment);
  }
  const fixed = Buffer.alloc(24);
  fixed.writeUInt32LE(GGUF_MAGIC, 0);
  fixed.writeUInt32LE(GGUF_VERSION, 4);
  fixed.writeBigUInt64LE(BigInt(tensors.length), 8);
  fixed.writeBigUInt64LE(BigInt(metadata.count), 16);
  const raw = Buffer.concat([fixed, metadata.bytes(), ...infos]);
  const header = Buffer.alloc(alignUp(raw.length, alignment));
  raw.copy(header);
  // The last tensor is not padded after its data.
  const last = tensors.length - 1;
  const dataBytes = last < 0 ? 0 : offsets[last]! + tensorBytes[last]!;
  return { header, offsets, tensorBytes, totalBytes: header.length + dataBytes };
}

export interface WriteGgufOptions {
  seed?: number;
  alignment?: number;
  onProgress?: (fraction: number) => void;
}

const CHUNK_BYTES = 8 << 20;

/**
 * Writes a GGUF with random tensor data, streaming it chunk by chunk (files are hundreds of MB).
 * Writes to `<path>.partial` and renames at the end, so a crash never leaves a truncated file at `path`.
 */
export async function writeRandomGgufFile(
  path: string,
  metadata: GgufMetadata,
  tensors: readonly GgufTensor[],
  options: WriteGgufOptions = {},
): Promise<number> {
  const alignment = options.alignment ?? GGUF_DEFAULT_ALIGNMENT;
  if (alignment !== GGUF_DEFAULT_ALIGNMENT && !metadata.has("general.alignment")) {
    throw new Error("a non-default alignment must also be declared as general.alignment");
  }
  const layout = layoutGguf(metadata, tensors, alignment);
  const seed = options.seed ?? 0x5eed;
  const partial = path + ".partial";
  const handle = await open(partial, "w");
  const arena = new ArrayBuffer(CHUNK_BYTES + 4);
  const bytes = new Uint8Array(arena);
  const words = new Uint32Array(arena);
  let written = 0;
  try {
    const write = async (b: Uint8Array): Promise<void> => {
      let o = 0;
      while (o < b.length) {
        const { bytesWritten } = await handle.write(b, o, b.length - o);
        o += bytesWritten;
      }
      written += b.length;
    };
    await write(layout.header);
    const dataStart = layout.header.length;
    for (let i = 0; i < tensors.length; i++) {
      const t = tensors[i]!;
      const pad = dataStart + layout.offsets[i]! - written;
      if (pad > 0) await write(new Uint8Array(pad));
      const rng = new XorShift128((Math.imul(seed, 0x01000193) ^ i) >>> 0);
      const { blockBytes } = ggmlLayouts[t.type];
      const blocksPerChunk = Math.floor(CHUNK_BYTES / blockBytes);
      let blocksLeft = layout.tensorBytes[i]! / blockBytes;
      while (blocksLeft > 0) {
        const n = Math.min(blocksLeft, blocksPerChunk);
        const len = n * blockBytes;
        const w = words.subarray(0, Math.ceil(len / 4));
        rng.fill(w);
        if (t.type === "F32") fillF32(new Float32Array(arena, 0, n), t.init ?? "random");
        else sanitizeF16Fields(t.type, bytes, n);
        await write(bytes.subarray(0, len));
        blocksLeft -= n;
        options.onProgress?.((written - dataStart) / (layout.totalBytes - dataStart));
      }
    }
    if (written !== layout.totalBytes) throw new Error(`GGUF writer bug: wrote ${written} bytes, expected ${layout.totalBytes}`);
    await handle.close();
  } catch (err) {
    await handle.close().catch(() => {});
    await rm(partial, { force: true });
    throw err;
  }
  await rename(partial, path);
  return written;
}

/** F32 tensors are norms and biases: ones for norms, small values (|x| < 0.02) otherwise. */
function fillF32(values: Float32Array, init: "random" | "ones"): void {
  if (init === "ones") {
    values.fill(1);
    return;
  }
  const asWords = new Uint32Array(values.buffer, values.byteOffset, values.length);
  for (let i = 0; i < values.length; i++) values[i] = (asWords[i]! / 4294967296 - 0.5) * 0.04;
}
