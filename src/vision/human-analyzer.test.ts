// The real models (Human's hand and body models, face-api's expressions, TensorFlow.js WASM) on the
// shared photos and on transformed copies made here: mirrored, darker, half size, tilted.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { sharedPath } from "../testing/paths.js";
import { decodeImage, type RgbImage } from "../perception/face/decode-image.js";
import { encodePng } from "../perception/face/png-fixture.js";
import { createHumanVisionAnalyzer } from "./human-analyzer.js";
import { darken, mirror, rotate, scale } from "./image-transforms.js";
import { runVisionCommand } from "./vision-command.js";

const image = (dir: string, name: string) => sharedPath("images", dir, name);
const skip = existsSync(image("hands", "fist.jpg")) && existsSync(image("faces", "happy.jpg")) ? false : "shared images not found";
const analyzer = createHumanVisionAnalyzer();
const decoded = (dir: string, name: string) => decodeImage(new Uint8Array(readFileSync(image(dir, name))));

type Transform = [string, (i: RgbImage) => RgbImage];
const original: Transform = ["original", (i) => i];
const mirrored: Transform = ["mirrored", mirror];
const darker: Transform = ["darker", (i) => darken(i, 0.5)];
const half: Transform = ["half size", (i) => scale(i, 0.5)];
const tilted: Transform = ["tilted -15°", (i) => rotate(i, -15)];

test("hands: a fist and a raised index finger (point) read as such, close-ups included, in copies too", { skip, timeout: 300_000 }, async () => {
  const cases: [string, string, Transform[]][] = [
    ["fist.jpg", "fist", [original, mirrored, darker, half, tilted]],
    ["index-up.jpg", "point", [original, mirrored, half]],
  ];
  for (const [file, gesture, transforms] of cases) {
    const photo = decoded("hands", file);
    for (const [name, transform] of transforms) {
      const result = await analyzer.analyzeRgb(transform(photo));
      assert.equal(result.hands.length, 1, `${file} ${name}: ${JSON.stringify(result.hands)}`);
      assert.equal(result.hands[0]!.gesture, gesture, `${file} ${name}`);
      const { box } = result.hands[0]!;
      assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= result.width && box.y + box.height <= result.height, `${file} ${name}: box inside the frame`);
      assert.equal(result.faces.length, 0, `${file} ${name}: a hand is not a face`);
    }
  }
});

test("handedness: the shared photos show a right hand (palm to the camera); their mirrored copies a left one", { skip, timeout: 300_000 }, async () => {
  const halfMirrored: Transform = ["half size, mirrored", (i) => mirror(scale(i, 0.5))];
  for (const file of ["fist.jpg", "index-up.jpg"]) {
    const photo = decoded("hands", file);
    for (const [name, transform] of [original, half, mirrored, halfMirrored]) {
      const result = await analyzer.analyzeRgb(transform(photo), { faces: false, bodies: false });
      const expected = name.includes("mirrored") ? "left" : "right";
      assert.deepEqual(
        result.hands.map((h) => h.handedness),
        [expected],
        `${file} ${name}`,
      );
    }
  }
  // The half curl: named right as it is; its mirror is too close to call, and is not called right.
  const curl = decoded("hands", "half-curl.jpg");
  assert.deepEqual(
    (await analyzer.analyzeRgb(curl, { faces: false, bodies: false })).hands.map((h) => h.handedness),
    ["right"],
  );
  for (const hand of (await analyzer.analyzeRgb(mirror(curl), { faces: false, bodies: false })).hands) assert.notEqual(hand.handedness, "right");
});

test("hands: a half-curled index finger is not a point, nor any gesture that acts", { skip, timeout: 120_000 }, async () => {
  for (const [name, transform] of [original, mirrored]) {
    const result = await analyzer.analyzeRgb(transform(decoded("hands", "half-curl.jpg")));
    assert.ok(result.hands.length >= 1, name);
    for (const hand of result.hands) assert.ok(!["point", "open-palm", "thumbs-up"].includes(hand.gesture), `${name}: ${hand.gesture}`);
  }
});

test("faces: expressions on the unified labels, with someone present; mirrored, half size and tilted too", { skip, timeout: 300_000 }, async () => {
  const cases: [string, string, Transform[]][] = [
    ["happy.jpg", "joy", [original, mirrored, darker, half, tilted]],
    ["fearful.jpg", "fear", [original, mirrored, half]],
    ["surprised.jpg", "surprise", [original, darker, tilted]],
  ];
  for (const [file, label, transforms] of cases) {
    const photo = decoded("faces", file);
    for (const [name, transform] of transforms) {
      const result = await analyzer.analyzeRgb(transform(photo));
      assert.equal(result.faces.length, 1, `${file} ${name}`);
      assert.equal(result.faces[0]!.label, label, `${file} ${name}: ${JSON.stringify(result.faces[0]!.scores)}`);
      assert.ok(result.people >= 1, `${file} ${name}: someone is there`);
    }
  }
});

test("a group photo: several faces and people; nobody in a photo of a hand on a wall", { skip, timeout: 120_000 }, async () => {
  const group = await analyzer.analyze(new Uint8Array(readFileSync(image("faces", "bbt1.jpg"))));
  assert.ok(group.faces.length >= 3, `${group.faces.length} faces`);
  assert.ok(group.people >= 3);
  const wall = await analyzer.analyze(new Uint8Array(readFileSync(image("hands", "fist.jpg"))));
  assert.equal(wall.people, 0);
});

test("guimi vision --json prints faces, hands and people; a PNG reads like the JPEG; bad files exit 2", { skip, timeout: 120_000 }, async () => {
  let text = "";
  const output = { write: (s: string) => (text += s) };
  assert.equal(await runVisionCommand({ imagePath: image("hands", "index-up.jpg"), json: true, output, analyzer }), 0);
  const parsed = JSON.parse(text) as { faces: unknown[]; hands: { gesture: string; box: object; handedness: string }[]; people: number };
  assert.deepEqual(Object.keys(parsed), ["faces", "hands", "people"]);
  assert.equal(parsed.hands[0]?.gesture, "point");
  assert.deepEqual(Object.keys(parsed.hands[0]!).slice(0, 3), ["gesture", "box", "handedness"]);
  const rgb = decoded("faces", "happy.jpg");
  const png = await analyzer.analyze(encodePng(rgb.width, rgb.height, rgb.data, 2));
  assert.equal(png.faces[0]?.label, "joy");
  text = "";
  let errors = "";
  assert.equal(await runVisionCommand({ imagePath: "/nonexistent.jpg", output, errorOutput: { write: (s: string) => (errors += s) }, analyzer }), 2);
  assert.match(errors, /cannot read image/);
  assert.equal(await runVisionCommand({ imagePath: image("hands", "LICENSE-fingerpose"), json: true, output, analyzer }), 2);
  assert.match(text, /bad-input/);
});
