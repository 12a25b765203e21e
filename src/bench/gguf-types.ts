// ggml tensor types as stored in GGUF files: ids, block layouts, and random-but-valid block filling.
// Layouts mirror ggml-common.h; only the byte sizes and the positions of the f16 fields matter here.

export const GgmlType = {
  F32: 0,
  F16: 1,
  Q4_0: 2,
  Q4_1: 3,
  Q5_0: 6,
  Q5_1: 7,
  Q8_0: 8,
  Q2_K: 10,
  Q3_K: 11,
  Q4_K: 12,
  Q5_K: 13,
  Q6_K: 14,
} as const;
export type GgmlTypeName = keyof typeof GgmlType;

export interface GgmlTypeLayout {
  /** Elements per block (along ne[0]). */
  blockSize: number;
  /** Bytes per block. */
  blockBytes: number;
  /** Byte offsets, inside a block, of the f16 scale fields (d, dmin) that must hold finite values. */
  f16Fields: readonly number[];
}

export const ggmlLayouts: Readonly<Record<GgmlTypeName, GgmlTypeLayout>> = {
  F32: { blockSize: 1, blockBytes: 4, f16Fields: [] },
  F16: { blockSize: 1, blockBytes: 2, f16Fields: [0] },
  Q4_0: { blockSize: 32, blockBytes: 2 + 16, f16Fields: [0] }, // d, qs[16]
  Q4_1: { blockSize: 32, blockBytes: 4 + 16, f16Fields: [0, 2] }, // d, m, qs[16]
  Q5_0: { blockSize: 32, blockBytes: 2 + 4 + 16, f16Fields: [0] }, // d, qh[4], qs[16]
  Q5_1: { blockSize: 32, blockBytes: 4 + 4 + 16, f16Fields: [0, 2] }, // d, m, qh[4], qs[16]
  Q8_0: { blockSize: 32, blockBytes: 2 + 32, f16Fields: [0] }, // d, qs[32]
  Q2_K: { blockSize: 256, blockBytes: 16 + 64 + 4, f16Fields: [80, 82] }, // scales[16], qs[64], d, dmin
  Q3_K: { blockSize: 256, blockBytes: 32 + 64 + 12 + 2, f16Fields: [108] }, // hmask[32], qs[64], scales[12], d
  Q4_K: { blockSize: 256, blockBytes: 4 + 12 + 128, f16Fields: [0, 2] }, // d, dmin, scales[12], qs[128]
  Q5_K: { blockSize: 256, blockBytes: 4 + 12 + 32 + 128, f16Fields: [0, 2] }, // d, dmin, scales[12], qh[32], qs[128]
  Q6_K: { blockSize: 256, blockBytes: 128 + 64 + 16 + 2, f16Fields: [208] }, // ql[128], qh[64], scales[16], d
};

/** Bytes of a tensor of this type; ne[0] must be a whole number of blocks. */
export function ggmlTensorBytes(type: GgmlTypeName, dims: readonly number[]): number {
  const { blockSize, blockBytes } = ggmlLayouts[type];
  const ne0 = dims[0] ?? 1;
  if (ne0 % blockSize !== 0) throw new Error(`${type}: ne[0]=${ne0} is not a multiple of the block size ${blockSize}`);
  let rows = 1;
  for (const d of dims.slice(1)) rows *= d;
  return (ne0 / blockSize) * blockBytes * rows;
}

/** Seeded xorshift128: fast, deterministic fill of large buffers (crypto RNG is not needed for weights). */
export class XorShift128 {
  private x: number;
  private y: number;
  private z: number;
  private w: number;

  constructor(seed: number) {
    // splitmix-like scrambling so that nearby seeds give unrelated streams; state must not be all zero.
    let s = (seed >>> 0) ^ 0x9e3779b9;
    const next = (): number => {
      s = (s + 0x6d2b79f5) >>> 0;
      let t = Math.imul(s ^ (s >>> 15), 1 | s);
      t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
      return (t ^ (t >>> 14)) >>> 0;
    };
    this.x = next() | 1;
    this.y = next();
    this.z = next();
    this.w = next();
  }

  /** Fills the whole Uint32Array with random words. */
  fill(words: Uint32Array): void {
    let { x, y, z, w } = this;
    for (let i = 0; i < words.length; i++) {
      const t = x ^ (x << 11);
      x = y;
      y = z;
      z = w;
      w = (w ^ (w >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
      words[i] = w;
    }
    this.x = x;
    this.y = y;
    this.z = z;
    this.w = w;
  }
}

/**
 * Makes every f16 scale field of `blocks` whole blocks in `buf` a small positive finite number,
 * keeping some of the random mantissa bits: exponent 2..3 gives values in [2^-13, 2^-11), so
 * dequantized weights stay well below 1 and activations cannot overflow, while random bytes
 * there could encode NaN/Inf.
 */
export function sanitizeF16Fields(type: GgmlTypeName, buf: Uint8Array, blocks: number): void {
  const { blockBytes, f16Fields } = ggmlLayouts[type];
  if (type === "F16") {
    // Plain f16 weights: keep the sign, magnitude in [2^-7, 2^-6).
    for (let o = 1; o < blocks * 2; o += 2) buf[o] = (buf[o]! & 0x83) | 0x20;
    return;
  }
  for (const field of f16Fields) {
    // Little-endian f16: the high byte holds sign, 5 exponent bits and 2 mantissa bits.
    for (let o = field + 1; o < blocks * blockBytes; o += blockBytes) buf[o] = (buf[o]! & 0x07) | 0x08;
  }
}
