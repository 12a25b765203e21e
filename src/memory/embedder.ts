// The Embedder port: a sentence-embedding model can be plugged in later; ranking uses it when present.
export interface Embedder {
  /** A short name, stored with each vector so vectors of another model are never compared. */
  readonly id: string;
  embed(texts: string[]): Promise<Float32Array[]>;
}

export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}
