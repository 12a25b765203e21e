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

/**
 * Frames larger than this are refused from their header, before any decoding: a 140 KB PNG of zeros
 * can claim 6000×6000 and would inflate to 100+ MB. 16 MP covers a phone photo (4032×3024).
 */
export const MAX_IMAGE_PIXELS = 4096 * 4096;
/** Longest side accepted (a 1×16M strip is not a face photo either). */
export const MAX_IMAGE_SIDE = 8192;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

function isPng(bytes: Uint8Array): boolean {
  return PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

/** The size an image claims in its header (PNG IHDR, JPEG SOFn), read without decoding; null if not found. */
export function readImageSize(bytes: Uint8Array): { width: number; height: number } | null {
  if (isPng(bytes)) {
    // IHDR must be the first chunk: length(4) "IHDR"(4) width(4) height(4).
    if (bytes.length < 24 || String.fromCharCode(...bytes.subarray(12, 16)) !== "IHDR") return null;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (isJpeg(bytes)) {
    let offset = 2;
    while (offset + 4 <= bytes.length) {
      if (bytes[offset] !== 0xff) return null;
      const marker = bytes[offset + 1]!;
      if (marker === 0xff) {
        offset++; // fill byte
        continue;
      }
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        offset += 2;
        continue;
      }
      const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
      // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC): precision(1) height(2) width(2).
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        if (offset + 9 > bytes.length) return null;
        return { height: (bytes[offset + 5]! << 8) | bytes[offset + 6]!, width: (bytes[offset + 7]! << 8) | bytes[offset + 8]! };
      }
      if (marker === 0xda || marker === 0xd9 || length < 2) return null; // scan data before any frame header
      offset += 2 + length;
    }
  }
  return null;
}

function checkSize(kind: string, width: number, height: number): void {
  if (width === 0 || height === 0) throw new ImageDecodeError("invalid-image", `${kind} has no pixels`);
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
    throw new ImageDecodeError(
      "image-too-large",
      `${kind} of ${width}×${height} is too large (at most ${MAX_IMAGE_PIXELS / 1_048_576} MP, ${MAX_IMAGE_SIDE} px a side) / 图片太大`,
    );
  }
}

export function decodeImage(bytes: Uint8Array): RgbImage {
  if (isJpeg(bytes)) return decodeJpeg(bytes);
  if (isPng(bytes)) return decodePng(bytes);
  throw new ImageDecodeError("unsupported-image", "not a JPEG or PNG image");
}

function decodeJpeg(bytes: Uint8Array): RgbImage {
  const size = readImageSize(bytes);
  if (!size) throw new ImageDecodeError("invalid-image", "cannot decode JPEG: no frame header (SOF) before the image data");
  checkSize("JPEG", size.width, size.height);
  try {
    // jpeg-js keeps its own limits as a second net (its memory estimate includes the coefficient buffers).
    const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: MAX_IMAGE_PIXELS / 1e6 + 1, maxMemoryUsageInMB: 256 });
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
  const claimed = readImageSize(bytes);
  if (!claimed) throw new ImageDecodeError("invalid-image", "PNG must start with its IHDR chunk");
  checkSize("PNG", claimed.width, claimed.height);
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
      checkSize("PNG", width, height);
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
  const stride = width * channels;
  let raw: Uint8Array;
  try {
    // Never inflate past what the header's size needs: the output is bounded whatever the stream says.
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: height * (stride + 1) });
  } catch (error) {
    const tooMuch = (error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE";
    throw new ImageDecodeError("invalid-image", tooMuch ? "PNG image data is larger than its size says" : "PNG image data is corrupt", { cause: error });
  }
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
