import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTempDir } from "../../testing/paths.js";
import { encodeModelFile, parseModelFile, type TextEmotionModelFile } from "./model-file.js";
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
  assert.throws(() => createTextEmotionClassifier(parseModelFile(JSON.stringify(h))), /models\.en: bias has 2 entries, expected 7/);
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
