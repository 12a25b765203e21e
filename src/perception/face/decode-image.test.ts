import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { sharedPath } from "../../testing/paths.js";
import { decodeImage, MAX_IMAGE_PIXELS, readImageSize } from "./decode-image.js";
import { ImageDecodeError } from "./image-error.js";
import { encodePng, zeroBombPng } from "./png-fixture.js";

const happyJpg = sharedPath("images", "faces", "happy.jpg");

function gradient(width: number, height: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    rgb[p * 3] = (p * 7) & 0xff;
    rgb[p * 3 + 1] = (p * 13 + 50) & 0xff;
    rgb[p * 3 + 2] = (255 - p * 3) & 0xff;
  }
  return rgb;
}

test("PNG: RGB with every row filter decodes to the exact pixels", () => {
  const rgb = gradient(9, 10);
  const image = decodeImage(encodePng(9, 10, rgb, 2, { filters: [0, 1, 2, 3, 4] }));
  assert.equal(image.width, 9);
  assert.equal(image.height, 10);
  assert.deepEqual(image.data, rgb);
});

test("PNG: RGBA, grey, grey+alpha and palette images become RGB", () => {
  const rgb = gradient(4, 3);
  const rgba = new Uint8Array(4 * 3 * 4);
  for (let p = 0; p < 12; p++) rgba.set([rgb[p * 3]!, rgb[p * 3 + 1]!, rgb[p * 3 + 2]!, 128], p * 4);
  assert.deepEqual(decodeImage(encodePng(4, 3, rgba, 6, { filters: [4, 1] })).data, rgb);

  const grey = Uint8Array.from({ length: 12 }, (_, i) => i * 20);
  const greyRgb = decodeImage(encodePng(4, 3, grey, 0)).data;
  assert.deepEqual([...greyRgb.subarray(15, 18)], [100, 100, 100]);
  const greyAlpha = Uint8Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? i * 10 : 255));
  assert.deepEqual([...decodeImage(encodePng(4, 3, greyAlpha, 4)).data.subarray(3, 6)], [20, 20, 20]);

  const palette = new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255]);
  const indices = Uint8Array.from({ length: 12 }, (_, i) => i % 3);
  const paletted = decodeImage(encodePng(4, 3, indices, 3, { palette })).data;
  assert.deepEqual([...paletted.subarray(0, 9)], [255, 0, 0, 0, 255, 0, 0, 0, 255]);
});

test("unknown, corrupt and unsupported images are rejected with a code", () => {
  const code = (bytes: Uint8Array, expected: string) =>
    assert.throws(
      () => decodeImage(bytes),
      (e: unknown) => e instanceof ImageDecodeError && e.reason === expected,
    );
  code(new TextEncoder().encode("hello, not an image"), "unsupported-image");
  code(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3]), "invalid-image");
  const png = encodePng(4, 3, gradient(4, 3), 2);
  code(png.subarray(0, 40), "invalid-image");
  const sixteenBit = png.slice();
  sixteenBit[8 + 8 + 8] = 16; // IHDR bit depth
  code(sixteenBit, "unsupported-image");
});

test("JPEG decodes to RGB with the right size", { skip: existsSync(happyJpg) ? false : `missing ${happyJpg}` }, () => {
  assert.deepEqual(readImageSize(new Uint8Array(readFileSync(happyJpg))), { width: 500, height: 282 });
  const image = decodeImage(new Uint8Array(readFileSync(happyJpg)));
  assert.equal(image.width, 500);
  assert.equal(image.height, 282);
  assert.equal(image.data.length, 500 * 282 * 3);
});

test("a PNG decompression bomb (6000×6000 of zeros in ~100 KB) is refused from its header, before inflating", async () => {
  const bomb = await zeroBombPng(6000, 6000);
  assert.ok(bomb.length < 200_000, `bomb is ${bomb.length} bytes`);
  assert.deepEqual(readImageSize(bomb), { width: 6000, height: 6000 });
  const before = process.memoryUsage().rss;
  assert.throws(
    () => decodeImage(bomb),
    (e: unknown) => e instanceof ImageDecodeError && e.reason === "image-too-large" && /6000×6000/.test(e.message),
  );
  // Nothing near the 108 MB the stream would inflate to was allocated.
  assert.ok(process.memoryUsage().rss - before < 50_000_000);
});

test("a PNG whose data inflates past what its header says is refused without inflating it all", async () => {
  const liar = await zeroBombPng(64, 64, 64_000_000);
  assert.throws(
    () => decodeImage(liar),
    (e: unknown) => e instanceof ImageDecodeError && e.reason === "invalid-image" && /larger than its size/.test(e.message),
  );
});

test("JPEG: the frame header's size is read and an oversized frame refused before decoding", () => {
  // SOI, then a baseline SOF0 claiming 5000×5000 with 3 components, no scan data.
  const sof = [0xff, 0xc0, 0x00, 0x11, 0x08, 0x13, 0x88, 0x13, 0x88, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  const huge = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0, 0, ...sof, 0xff, 0xd9]);
  assert.deepEqual(readImageSize(huge), { width: 5000, height: 5000 });
  assert.ok(5000 * 5000 > MAX_IMAGE_PIXELS);
  assert.throws(
    () => decodeImage(huge),
    (e: unknown) => e instanceof ImageDecodeError && e.reason === "image-too-large",
  );
});
