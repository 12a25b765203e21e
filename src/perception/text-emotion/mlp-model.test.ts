import { test } from "node:test";
import assert from "node:assert/strict";
import { scorerLogits, scorerOf } from "./ensemble.js";
import type { SparseVector } from "./features.js";
import { mergeMlps, mlpScores, type MlpModel } from "./mlp-model.js";
import { decodeStoredMlp, encodeMlp } from "./model-file.js";

// 4 input rows, 3 hidden units, 2 classes: small enough to work out by hand.
const model: MlpModel = {
  dim: 4,
  hidden: 3,
  k: 2,
  w1: Float32Array.from([1, 0, -1, /* row 1 */ 0, 2, 0, /* row 2 */ -1, 1, 1, /* row 3 */ 0.5, 0.5, 0.5]),
  b1: Float32Array.from([0, -0.5, 0.25]),
  w2: Float32Array.from([1, -1, /* h1 */ 2, 0, /* h2 */ 0, 3]),
  b2: Float32Array.from([0.1, -0.1]),
};
const x = (idx: number[], val: number[]): SparseVector => ({ idx: Int32Array.from(idx), val: Float32Array.from(val) });

test("MLP forward pass: sparse rows summed, ReLU, output layer", () => {
  // pre = 0.5·row0 + 0.5·row2 + b1 = (0, 0.5, 0) + (0, -0.5, 0.25) = (0, 0, 0.25) → h = (0, 0, 0.25)
  const z = mlpScores(model, x([0, 2], [0.5, 0.5]));
  assert.ok(Math.abs(z[0]! - 0.1) < 1e-6, `z0 ${z[0]}`);
  assert.ok(Math.abs(z[1]! - (-0.1 + 0.75)) < 1e-6, `z1 ${z[1]}`);
  // pre = row1 + b1 = (0, 1.5, 0.25) → z = (2·1.5 + 0.1, 3·0.25 − 0.1)
  const z2 = mlpScores(model, x([1], [1]));
  assert.ok(Math.abs(z2[0]! - 3.1) < 1e-6 && Math.abs(z2[1]! - 0.65) < 1e-6, `${z2[0]} ${z2[1]}`);
  // No active feature: only the biases, through the ReLU.
  const z3 = mlpScores(model, x([], []));
  assert.ok(Math.abs(z3[0]! - 0.1) < 1e-6 && Math.abs(z3[1]! - 0.65) < 1e-6);
});

test("indices beyond the MLP's rows fold onto fewer hash bits", () => {
  // 6 & 3 = 2 and 13 & 3 = 1: the same hashes taken with two bits.
  assert.deepEqual(mlpScores(model, x([6, 13], [0.5, 0.5])), mlpScores(model, x([2, 1], [0.5, 0.5])));
});

test("an ensemble's logits are the sum of its parts", () => {
  const linear = { k: 2, dim: 4, weights: Float32Array.from([1, 0, 0, 1, 2, 2, -1, 1]), bias: Float32Array.from([0.5, 0]) };
  const v = x([1, 3], [0.6, 0.8]);
  const both = scorerLogits(scorerOf(linear, model), v);
  const lin = scorerLogits(scorerOf(linear, undefined), v);
  const mlp = scorerLogits(scorerOf(undefined, model), v);
  for (let c = 0; c < 2; c++) assert.ok(Math.abs(both[c]! - lin[c]! - mlp[c]!) < 1e-6);
  assert.throws(() => scorerOf(undefined, undefined), /linear part, an MLP part, or both/);
  assert.throws(() => scorerOf({ ...linear, k: 3 }, model), /3 classes but the MLP has 2/);
});

test("int8 storage of the MLP keeps its outputs close", () => {
  const { stored, decoded } = encodeMlp(model);
  const again = decodeStoredMlp(JSON.parse(JSON.stringify(stored)));
  assert.deepEqual(again.w1, decoded.w1);
  for (const v of [x([0, 2], [0.5, 0.5]), x([1], [1]), x([3], [1])]) {
    const a = mlpScores(model, v);
    const b = mlpScores(again, v);
    for (let c = 0; c < 2; c++) assert.ok(Math.abs(a[c]! - b[c]!) < 0.05, `${a[c]} vs ${b[c]}`);
  }
  assert.throws(() => decodeStoredMlp({ ...stored, w2: [1, 2] }), /mlp\.w2 has 2 weights, expected 3×2/);
  assert.throws(() => decodeStoredMlp({ ...stored, input: { ...stored.input, dim: 3, weights: stored.input.weights } }), /inflate|power of two/);
});

test("linear rows fold the same way, so a language can keep fewer rows than the hashed space", () => {
  const linear = { k: 2, dim: 4, weights: Float32Array.from([1, 0, 0, 1, 2, 2, -1, 1]), bias: Float32Array.from([0, 0]) };
  const lin = scorerOf(linear, undefined);
  assert.deepEqual(scorerLogits(lin, x([7, 9], [0.6, 0.8])), scorerLogits(lin, x([3, 1], [0.6, 0.8])));
});

test("bagged MLPs merged into one give the mean of their logits", () => {
  const other: MlpModel = {
    dim: 4,
    hidden: 2,
    k: 2,
    w1: Float32Array.from([0.5, -1, 1, 1, 0, 2, -2, 0.5]),
    b1: Float32Array.from([0.2, 0]),
    w2: Float32Array.from([-1, 2, 0.5, 0.5]),
    b2: Float32Array.from([1, -1]),
  };
  const merged = mergeMlps([model, other]);
  assert.equal(merged.hidden, 5);
  for (const v of [x([0, 2], [0.5, 0.5]), x([1, 3], [0.6, 0.8]), x([], [])]) {
    const a = mlpScores(model, v);
    const b = mlpScores(other, v);
    const m = mlpScores(merged, v);
    for (let c = 0; c < 2; c++) assert.ok(Math.abs(m[c]! - (a[c]! + b[c]!) / 2) < 1e-6, `class ${c}: ${m[c]} vs ${(a[c]! + b[c]!) / 2}`);
  }
  assert.throws(() => mergeMlps([model, { ...other, k: 3 }]), /differ/);
});
