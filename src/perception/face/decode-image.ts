// JPEG (jpeg-js) and PNG (zlib) decoding to packed RGB, in memory: camera frames never touch disk.
import { inflateSync } from "node:zlib";
import jpeg from "jpeg-js";
import { ImageDecodeError } from "./image-error.js";

export interface RgbImage {
  width: number;
  height: number;
  /** width × height × 3 bytes, row-major RGB. */
  data: Uint8Array;
}

/** Frames larger than this are refused rather than risking the device's memory. */
export const MAX_IMAGE_PIXELS = 40_000_000;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function decodeImage(bytes: Uint8Array): RgbImage {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return decodeJpeg(bytes);
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return decodePng(bytes);
  throw new ImageDecodeError("unsupported-image", "not a JPEG or PNG image");
}

function decodeJpeg(bytes: Uint8Array): RgbImage {
  try {
    const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: MAX_IMAGE_PIXELS / 1e6, maxMemoryUsageInMB: 512 });
    return { width: image.width, height: image.height, data: image.data };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = /maxResolutionInMP|maxMemoryUsageInMB/.test(message) ? "image-too-large" : "invalid-image";
    throw new ImageDecodeError(code, `cannot decode JPEG: ${message}`, { cause: error });
  }
}

/** Non-interlaced 8-bit PNG in grey, grey+alpha, RGB, RGBA or palette colour (alpha dropped). */
function decodePng(bytes: Uint8Array): RgbImage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let width = 0;
  let height = 0;
  let colorType = -1;
  let palette: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  while (offset + 8 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (body.length < length) throw new ImageDecodeError("invalid-image", "PNG is truncated");
    if (type === "IHDR") {
      width = view.getUint32(offset + 8);
      height = view.getUint32(offset + 12);
      const bitDepth = body[8];
      colorType = body[9]!;
      const interlace = body[12];
      if (bitDepth !== 8) throw new ImageDecodeError("unsupported-image", `PNG bit depth ${bitDepth} is not supported (8 only)`);
      if (interlace !== 0) throw new ImageDecodeError("unsupported-image", "interlaced PNG is not supported");
      if (![0, 2, 3, 4, 6].includes(colorType)) throw new ImageDecodeError("invalid-image", `PNG colour type ${colorType} is invalid`);
      if (width === 0 || height === 0) throw new ImageDecodeError("invalid-image", "PNG has no pixels");
      if (width * height > MAX_IMAGE_PIXELS) throw new ImageDecodeError("image-too-large", `PNG of ${width}×${height} is too large`);
    } else if (type === "PLTE") {
      palette = body;
    } else if (type === "IDAT") {
      idat.push(body);
    } else if (type === "IEND") {
      break;
    }
    offset += 12 + length;
  }
  if (colorType < 0) throw new ImageDecodeError("invalid-image", "PNG has no IHDR chunk");
  if (colorType === 3 && !palette) throw new ImageDecodeError("invalid-image", "palette PNG without PLTE chunk");
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType as 0 | 2 | 3 | 4 | 6];
  let raw: Uint8Array;
  try {
    raw = new Uint8Array(inflateSync(Buffer.concat(idat)));
  } catch (error) {
    throw new ImageDecodeError("invalid-image", "PNG image data is corrupt", { cause: error });
  }
  const stride = width * channels;
  if (raw.length < height * (stride + 1)) throw new ImageDecodeError("invalid-image", "PNG image data is truncated");

  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = pixels.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : undefined;
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? out[i - channels]! : 0;
      const b = prev ? prev[i]! : 0;
      const c = prev && i >= channels ? prev[i - channels]! : 0;
      let predictor: number;
      switch (filter) {
        case 0:
          predictor = 0;
          break;
        case 1:
          predictor = a;
          break;
        case 2:
          predictor = b;
          break;
        case 3:
          predictor = (a + b) >> 1;
          break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default:
          throw new ImageDecodeError("invalid-image", `PNG row filter ${filter} is invalid`);
      }
      out[i] = (line[i]! + predictor) & 0xff;
    }
  }

  const rgb = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    const src = p * channels;
    if (colorType === 3) {
      const index = pixels[src]! * 3;
      rgb[p * 3] = palette![index] ?? 0;
      rgb[p * 3 + 1] = palette![index + 1] ?? 0;
      rgb[p * 3 + 2] = palette![index + 2] ?? 0;
    } else if (channels <= 2) {
      rgb[p * 3] = rgb[p * 3 + 1] = rgb[p * 3 + 2] = pixels[src]!;
    } else {
      rgb[p * 3] = pixels[src]!;
      rgb[p * 3 + 1] = pixels[src + 1]!;
      rgb[p * 3 + 2] = pixels[src + 2]!;
    }
  }
  return { width, height, data: rgb };
}
