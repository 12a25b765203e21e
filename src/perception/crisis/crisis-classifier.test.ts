import { test } from "node:test";
import assert from "node:assert/strict";
import { crisisFeatures, DEFAULT_CRISIS_FEATURES } from "./crisis-features.js";
import {
  createCrisisClassifier,
  decodeBinaryModel,
  encodeBinaryModel,
  loadCrisisClassifier,
  logit,
  scorerLogit,
  sigmoid,
  type CrisisModelFile,
} from "./crisis-classifier.js";
import { mlpScores, type MlpModel } from "../text-emotion/mlp-model.js";
import { encodeMlp } from "../text-emotion/model-file.js";
import { mulberry32 } from "../../kernel/seeded-random.js";

// A small feature space so the test builds its own weights.
const features = { ...DEFAULT_CRISIS_FEATURES, hashBits: 10 };
const dim = 1 << features.hashBits;
const rand = mulberry32(3);
const linear = { dim, weights: Float32Array.from({ length: dim }, () => rand() - 0.5), bias: -0.2 };
const mlp: MlpModel = {
  dim: 1 << 8,
  hidden: 4,
  k: 2,
  w1: Float32Array.from({ length: (1 << 8) * 4 }, () => rand() - 0.5),
  b1: Float32Array.from([0.1, 0, -0.1, 0.2]),
  w2: Float32Array.from({ length: 8 }, () => rand() * 2 - 1),
  b2: Float32Array.from([0.3, -0.3]),
};
const thresholds = { possible: 0.5, high: 0.99, ambiguous: 0.3 };
const base: CrisisModelFile = {
  format: "guimi-crisis-classifier",
  version: 1,
  features,
  thresholds: { zh: thresholds, en: thresholds },
  model: encodeBinaryModel(linear),
};

test("a v2 file mixes the linear and MLP logits by the share of the text's script", () => {
  const stored = encodeMlp(mlp);
  const share = { zh: 0, en: 0.75 };
  const clf = createCrisisClassifier({ ...base, version: 2, mlp: { share, model: stored.stored } });
  const plain = createCrisisClassifier(base);
  // Chinese text: share 0, the linear model alone, as in a v1 file.
  assert.equal(clf.score("我今天很累"), plain.score("我今天很累"));
  // English text: three quarters of the MLP's logit difference, a quarter of the linear logit.
  const text = "i can't do this anymore";
  const x = crisisFeatures(text, features);
  const storedLinear = decodeBinaryModel(base.model);
  const expected = sigmoid(0.25 * logit(storedLinear, x) + 0.75 * (mlpScores(stored.decoded, x)[1]! - mlpScores(stored.decoded, x)[0]!));
  assert.ok(Math.abs(clf.score(text) - expected) < 1e-9, `${clf.score(text)} vs ${expected}`);
  assert.equal(sigmoid(scorerLogit({ linear: storedLinear, mlp: stored.decoded, share }, x, "en")), clf.score(text));
  assert.notEqual(clf.score(text), plain.score(text));
  for (const t of ["", "   ", "a", "😀"]) assert.ok(clf.score(t) >= 0 && clf.score(t) <= 1);
});

test("a crisis model file with a malformed MLP part is refused", () => {
  const stored = encodeMlp({ ...mlp, k: 3, w2: new Float32Array(12), b2: new Float32Array(3) }).stored;
  assert.throws(() => createCrisisClassifier({ ...base, version: 2, mlp: { share: { zh: 0.5, en: 0.5 }, model: stored } }), /two classes/);
  assert.throws(() => createCrisisClassifier({ ...base, version: 3 as never }), /unsupported/);
  assert.throws(() => createCrisisClassifier({ ...base, features: { ...features, concepts: "2" as never } }), /features\.concepts/);
});

test("the committed weights load and score within 0..1", () => {
  const clf = loadCrisisClassifier();
  for (const t of ["我不想活了", "今天天气真好", "i want to end it all", "see you tomorrow"]) {
    const s = clf.score(t);
    assert.ok(s >= 0 && s <= 1, `${t}: ${s}`);
  }
});
