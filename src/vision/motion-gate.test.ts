// The motion gate on real photos: the same frame with sensor noise or brighter exposure is still; a hand
// moved into the picture, or another picture, moves.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { sharedPath } from "../testing/paths.js";
import { decodeImage, type RgbImage } from "../perception/face/decode-image.js";
import { GRID_COLUMNS, GRID_ROWS, motionLevel, motionShare, motionSignature } from "./motion-gate.js";
import { scale } from "./image-transforms.js";

const skip = existsSync(sharedPath("images", "faces", "happy.jpg")) ? false : "shared images not found";
const photo = (dir: string, name: string) => {
  const image = decodeImage(new Uint8Array(readFileSync(sharedPath("images", dir, name))));
  return scale(image, 320 / image.width);
};

/** ±amplitude per pixel from a fixed-seed generator: what a webcam's sensor adds to every frame. */
function noisy(image: RgbImage, amplitude: number, seed: number): RgbImage {
  let s = seed;
  const out = new Uint8Array(image.data.length);
  for (let i = 0; i < out.length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    out[i] = Math.max(0, Math.min(255, image.data[i]! + ((s % (2 * amplitude + 1)) - amplitude)));
  }
  return { ...image, data: out };
}

function brighter(image: RgbImage, add: number): RgbImage {
  return { ...image, data: image.data.map((v) => Math.min(255, v + add)) };
}

/** `patch` pasted onto `image` at (x, y): a hand coming into view. */
function paste(image: RgbImage, patch: RgbImage, x0: number, y0: number): RgbImage {
  const data = new Uint8Array(image.data);
  for (let y = 0; y < patch.height && y0 + y < image.height; y++)
    for (let x = 0; x < patch.width && x0 + x < image.width; x++)
      for (let c = 0; c < 3; c++) data[((y0 + y) * image.width + x0 + x) * 3 + c] = patch.data[(y * patch.width + x) * 3 + c]!;
  return { ...image, data };
}

test("the signature is a 16×12 grid of mean brightness", () => {
  const grey = { width: 64, height: 48, data: new Uint8Array(64 * 48 * 3).fill(100) };
  const signature = motionSignature(grey);
  assert.equal(signature.length, GRID_COLUMNS * GRID_ROWS);
  assert.ok(signature.every((v) => Math.abs(v - 100) < 0.01));
  assert.equal(motionLevel(null, signature), "move", "a first frame is all new");
});

test("noise and a global exposure change are still; a hand coming in or another scene moves", { skip }, () => {
  const face = photo("faces", "happy.jpg");
  const base = motionSignature(face);
  assert.equal(motionLevel(base, motionSignature(noisy(face, 8, 1))), "still");
  assert.equal(motionLevel(motionSignature(noisy(face, 8, 2)), motionSignature(noisy(face, 8, 3))), "still");
  assert.equal(motionLevel(base, motionSignature(brighter(face, 20))), "still");
  const hand = scale(photo("hands", "fist.jpg"), 0.4);
  const withHand = paste(face, hand, 20, 40);
  assert.ok(motionShare(base, motionSignature(withHand)) >= 0.08, `${motionShare(base, motionSignature(withHand))}`);
  assert.equal(motionLevel(base, motionSignature(withHand)), "move");
  assert.equal(motionLevel(base, motionSignature(photo("faces", "fearful.jpg"))), "move");
  // A small thing moving (a cup, a shoulder) stirs: worth a presence check, not the full pipeline.
  const small = paste(face, scale(hand, 0.3), 150, 100);
  assert.equal(motionLevel(base, motionSignature(small)), "stir", `${motionShare(base, motionSignature(small))}`);
});
