// Runs the real models (face-api on TensorFlow.js WASM) on the shared example photos.
// Models load once for the whole file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTempDir, sharedPath } from "../../testing/paths.js";
import { decodeImage } from "./decode-image.js";
import { runFaceCommand } from "./face-command.js";
import { createFaceExpressionAnalyzer } from "./face-expression-analyzer.js";
import { encodePng } from "./png-fixture.js";

const face = (name: string) => sharedPath("images", "faces", name);
const skip = existsSync(face("happy.jpg")) ? false : `shared face images not found at ${face("")}`;
const analyzer = createFaceExpressionAnalyzer();
const read = (name: string) => new Uint8Array(readFileSync(face(name)));

function collect() {
  let text = "";
  return {
    write: (s: string) => (text += s),
    get text() {
      return text;
    },
  };
}

test("happy, surprised and fearful faces get their labels", { skip }, async () => {
  for (const [file, label] of [
    ["happy.jpg", "joy"],
    ["surprised.jpg", "surprise"],
    ["fearful.jpg", "fear"],
  ] as const) {
    const { faces, width, height } = await analyzer.analyze(read(file));
    assert.equal(faces.length, 1, `${file}: ${faces.length} faces`);
    const [only] = faces;
    assert.equal(only!.label, label, `${file}: ${JSON.stringify(only!.scores)}`);
    assert.ok(only!.scores[label] > 0.8);
    assert.ok(only!.confidence > 0.8);
    assert.ok(only!.box.width > 50 && only!.box.x >= 0 && only!.box.x + only!.box.width <= width + 2);
    assert.ok(only!.box.y + only!.box.height <= height + 2);
  }
});

test("a group photo yields several faces, left to right", { skip }, async () => {
  const { faces } = await analyzer.analyze(read("bbt1.jpg"));
  assert.ok(faces.length >= 3, `found ${faces.length} faces`);
  for (let i = 1; i < faces.length; i++) assert.ok(faces[i]!.box.x >= faces[i - 1]!.box.x);
});

test("a PNG of the same photo reads the same", { skip }, async () => {
  const rgb = decodeImage(read("happy.jpg"));
  const { faces } = await analyzer.analyze(encodePng(rgb.width, rgb.height, rgb.data, 2, { filters: [1, 4] }));
  assert.equal(faces[0]?.label, "joy");
});

test("an image without a face yields no faces", { skip }, async () => {
  const grey = new Uint8Array(64 * 48 * 3).fill(128);
  const { faces } = await analyzer.analyze(encodePng(64, 48, grey, 2));
  assert.deepEqual(faces, []);
});

test("runFaceCommand prints JSON faces and exits 0; bad input exits 2", { skip }, async () => {
  const out = collect();
  assert.equal(await runFaceCommand({ imagePath: face("surprised.jpg"), json: true, output: out, analyzer }), 0);
  const parsed = JSON.parse(out.text) as { faces: { label: string; scores: Record<string, number>; box: Record<string, number> }[] };
  assert.equal(parsed.faces.length, 1);
  assert.equal(parsed.faces[0]!.label, "surprise");
  assert.deepEqual(Object.keys(parsed.faces[0]!.box).sort(), ["height", "width", "x", "y"]);
  assert.equal(Object.keys(parsed.faces[0]!.scores).length, 7);

  const human = collect();
  assert.equal(await runFaceCommand({ imagePath: face("happy.jpg"), output: human, analyzer }), 0);
  assert.match(human.text, /开心 joy/);

  const temp = makeTempDir();
  try {
    const notImage = join(temp.dir, "note.jpg");
    writeFileSync(notImage, "just text");
    const err = collect();
    assert.equal(await runFaceCommand({ imagePath: notImage, output: collect(), errorOutput: err, analyzer }), 2);
    assert.match(err.text, /无法识别图片/);
    const json = collect();
    assert.equal(await runFaceCommand({ imagePath: join(temp.dir, "missing.png"), json: true, output: json, analyzer }), 2);
    assert.equal(JSON.parse(json.text).error.code, "bad-input");
  } finally {
    temp.cleanup();
  }
});
