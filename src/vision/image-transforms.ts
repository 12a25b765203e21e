// Transformed copies of a decoded frame, for tests and the benchmark: what a real camera does to a
// picture (mirrored front camera, dim room, her further away, tilted device, a low-resolution stream).
import type { RgbImage } from "../perception/face/decode-image.js";

export function mirror(image: RgbImage): RgbImage {
  const { width, height, data } = image;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = (y * width + x) * 3;
      const d = (y * width + (width - 1 - x)) * 3;
      out[d] = data[s]!;
      out[d + 1] = data[s + 1]!;
      out[d + 2] = data[s + 2]!;
    }
  }
  return { width, height, data: out };
}

/** Every channel times `factor` (0.5: half as bright). */
export function darken(image: RgbImage, factor: number): RgbImage {
  const out = new Uint8Array(image.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(image.data[i]! * factor);
  return { ...image, data: out };
}

/** Nearest-neighbour resize by `factor` (0.5: half the width and height). */
export function scale(image: RgbImage, factor: number): RgbImage {
  const width = Math.max(1, Math.round(image.width * factor));
  const height = Math.max(1, Math.round(image.height * factor));
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(image.height - 1, Math.floor(y / factor));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(image.width - 1, Math.floor(x / factor));
      const s = (sy * image.width + sx) * 3;
      const d = (y * width + x) * 3;
      out[d] = image.data[s]!;
      out[d + 1] = image.data[s + 1]!;
      out[d + 2] = image.data[s + 2]!;
    }
  }
  return { width, height, data: out };
}

/** Rotated by `degrees` about the centre, same size, corners filled with grey (nearest neighbour). */
export function rotate(image: RgbImage, degrees: number): RgbImage {
  const { width, height, data } = image;
  const out = new Uint8Array(data.length).fill(128);
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = width / 2;
  const cy = height / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Inverse mapping: where in the source this output pixel comes from.
      const sx = Math.round(cos * (x - cx) + sin * (y - cy) + cx);
      const sy = Math.round(-sin * (x - cx) + cos * (y - cy) + cy);
      if (sx < 0 || sy < 0 || sx >= width || sy >= height) continue;
      const s = (sy * width + sx) * 3;
      const d = (y * width + x) * 3;
      out[d] = data[s]!;
      out[d + 1] = data[s + 1]!;
      out[d + 2] = data[s + 2]!;
    }
  }
  return { width, height, data: out };
}
