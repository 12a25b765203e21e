import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTempDir } from "../../testing/paths.js";
import { decodeStoredModel, encodeModelFile, parseModelFile, type TextEmotionModelFile } from "./model-file.js";
import { mulberry32 } from "../../kernel/seeded-random.js";
import { createTextEmotionClassifier, defaultTextEmotionModelPath, loadTextEmotionClassifier } from "./text-emotion-classifier.js";

const shipped = readFileSync(defaultTextEmotionModelPath(), "utf8");
const good = (): TextEmotionModelFile => JSON.parse(shipped) as TextEmotionModelFile;

test("the shipped weights file parses", () => {
  const file = parseModelFile(shipped);
  assert.equal(file.format, "guimi-text-emotion");
  assert.ok(file.models.zh && file.models.en);
});

test("a bad weights file is a clear error naming the field, never a crash deeper in", () => {
  assert.throws(() => parseModelFile("{not json", "x.json"), /^Error: x\.json: not JSON/);
  assert.throws(() => parseModelFile("[]"), /\(root\)/);
  const cases: [string, (f: Record<string, unknown> & TextEmotionModelFile) => void, RegExp][] = [
    ["format", (f) => ((f as { format: string }).format = "other"), /format/],
    ["version", (f) => ((f as { version: number }).version = 9), /version/],
    ["labels", (f) => (f.labels = ["joy", "bliss" as never]), /labels\.1/],
    ["hashBits", (f) => (f.features.hashBits = 40), /features\.hashBits/],
    ["bias", (f) => (f.models.zh!.bias = ["x" as never]), /models\.zh\.bias\.0/],
    ["mlp", (f) => (f.models.en!.mlp = { w2: [] } as never), /models\.en\.mlp\.input/],
    ["levels", (f) => (f.models.zh!.levels = 300), /models\.zh\.levels/],
    ["codec", (f) => (f.models.zh!.codec = "zstd" as never), /models\.zh\.codec/],
  ];
  for (const [name, spoil, re] of cases) {
    const f = good() as Record<string, unknown> & TextEmotionModelFile;
    spoil(f);
    assert.throws(() => parseModelFile(JSON.stringify(f)), re, name);
  }
});

test("weights that do not decode to their declared size are refused with the language named", () => {
  const f = good();
  const small = encodeModelFile({ k: 7, dim: 4, weights: new Float32Array(28), bias: new Float32Array(7) }).stored;
  // Header says 2^18 rows, the stream holds 4.
  f.models.zh = { ...f.models.zh!, weights: small.weights };
  assert.throws(() => createTextEmotionClassifier(parseModelFile(JSON.stringify(f))), /models\.zh: weights (size 28 != \d+×7|do not inflate)/);
  const g = good();
  g.models.en = { ...g.models.en!, weights: "!!!not base64 deflate!!!" };
  assert.throws(() => createTextEmotionClassifier(parseModelFile(JSON.stringify(g))), /models\.en: weights/);
  const h = good();
  h.models.en = { ...h.models.en!, bias: [0, 0] };
  assert.throws(
    () => createTextEmotionClassifier(parseModelFile(JSON.stringify(h))),
    new RegExp(`models\\.en: bias has 2 entries, expected ${h.models.en!.k}$`),
  );
});

test("few-level storage: every codec round-trips, the error stays within the level spacing, outliers clip", () => {
  const rand = mulberry32(5);
  const k = 3;
  const dim = 1 << 12;
  // Laplace-like weights with many exact zeros (rows never hit) and one outlier per class.
  const weights = Float32Array.from({ length: dim * k }, (_, i) => (i % 5 === 0 ? 0 : Math.log(rand() + 1e-9) * (rand() < 0.5 ? -0.1 : 0.1)));
  for (let c = 0; c < k; c++) weights[c] = 50;
  const model = { k, dim, weights, bias: Float32Array.from([0.1, -0.2, 0.3]) };
  const err = (levels: number, opts: Parameters<typeof encodeModelFile>[1] = {}) => {
    const { stored, decoded } = encodeModelFile(model, { levels, ...opts });
    const again = decodeStoredModel(JSON.parse(JSON.stringify(stored)));
    assert.deepEqual(again.weights, decoded.weights);
    let sq = 0;
    for (let i = k; i < weights.length; i++) sq += (decoded.weights[i]! - weights[i]!) ** 2;
    for (let i = 0; i < weights.length; i++) if (weights[i] === 0) assert.equal(decoded.weights[i], 0);
    return { rms: Math.sqrt(sq / (weights.length - k)), stored, decoded };
  };
  const full = err(127);
  const few = err(15, { codec: "brotli" });
  const clipped = err(15, { codec: "brotli", clipRms: 8 });
  assert.equal(few.stored.codec, "brotli");
  assert.equal(few.stored.levels, 15);
  assert.ok(few.stored.weights.length < full.stored.weights.length, "fewer levels store smaller");
  // Without the clip the outlier sets the range and the ordinary weights lose their resolution.
  assert.ok(clipped.rms < few.rms / 2, `clipped ${clipped.rms} vs unclipped ${few.rms}`);
  let sq = 0;
  for (let i = k; i < weights.length; i++) sq += weights[i]! ** 2;
  const typical = Math.sqrt(sq / (weights.length - k));
  assert.ok(clipped.rms < typical / 4, `clipped rms error ${clipped.rms} vs weights' rms ${typical}`);
  assert.ok(clipped.decoded.weights[0]! < 50, "the outlier is clipped to the top level");
  assert.throws(() => encodeModelFile(model, { levels: 0 }), /levels must be an integer 1\.\.127/);
  assert.throws(() => decodeStoredModel({ ...clipped.stored, codec: "deflate" }), /do not inflate/);
});

test("loading a bad file names the path", () => {
  const { dir, cleanup } = makeTempDir();
  try {
    const path = join(dir, "text-emotion.json");
    writeFileSync(path, JSON.stringify({ format: "guimi-text-emotion", version: 3 }));
    assert.throws(
      () => loadTextEmotionClassifier(path),
      (e: Error) => e.message.startsWith(path) && /labels/.test(e.message),
    );
  } finally {
    cleanup();
  }
});
