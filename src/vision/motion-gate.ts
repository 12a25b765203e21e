// The cheapest look at a frame: did anything move since the last one? A 16×12 grid of mean brightness
// is compared with the previous frame's, before any model runs. Pure: frames in, numbers out. The grid
// (192 numbers, too coarse to show anyone) is the only thing of a frame kept until the next one.
import type { RgbImage } from "../perception/face/decode-image.js";

export const GRID_COLUMNS = 16;
export const GRID_ROWS = 12;
/** A cell changed when its mean brightness moved by more than this (0–255), after the global shift. */
export const CELL_CHANGE = 12;
/** Share of changed cells from which the scene "stirs": worth a presence check (someone shifting in her seat). */
export const STIR_SHARE = 0.02;
/** Share of changed cells from which something is happening: the full pipeline looks (a hand raised, someone coming in). */
export const MOVE_SHARE = 0.08;

export type MotionSignature = Float32Array;
export type MotionLevel = "still" | "stir" | "move";

/** Mean brightness (Rec. 601 luma) per grid cell; every 2nd pixel both ways is enough for a mean. */
export function motionSignature(image: RgbImage): MotionSignature {
  const { width, height, data } = image;
  const sums = new Float32Array(GRID_COLUMNS * GRID_ROWS);
  const counts = new Uint32Array(GRID_COLUMNS * GRID_ROWS);
  for (let y = 0; y < height; y += 2) {
    const row = Math.min(GRID_ROWS - 1, Math.floor((y * GRID_ROWS) / height)) * GRID_COLUMNS;
    for (let x = 0; x < width; x += 2) {
      const cell = row + Math.min(GRID_COLUMNS - 1, Math.floor((x * GRID_COLUMNS) / width));
      const i = (y * width + x) * 3;
      sums[cell]! += 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
      counts[cell]!++;
    }
  }
  for (let c = 0; c < sums.length; c++) sums[c] = counts[c]! > 0 ? sums[c]! / counts[c]! : 0;
  return sums;
}

/**
 * The share (0–1) of cells that changed between two signatures. The median difference is taken off
 * first: a camera's auto-exposure brightening the whole picture is not motion.
 */
export function motionShare(previous: MotionSignature, current: MotionSignature): number {
  if (previous.length !== current.length) return 1;
  const diffs = Array.from(current, (v, i) => v - previous[i]!);
  const sorted = [...diffs].sort((a, b) => a - b);
  const shift = sorted[Math.floor(sorted.length / 2)]!;
  let changed = 0;
  for (const d of diffs) if (Math.abs(d - shift) > CELL_CHANGE) changed++;
  return changed / diffs.length;
}

/** A first frame (nothing to compare with) counts as movement: everything in it is new. */
export function motionLevel(previous: MotionSignature | null, current: MotionSignature): MotionLevel {
  if (!previous) return "move";
  const share = motionShare(previous, current);
  return share >= MOVE_SHARE ? "move" : share >= STIR_SHARE ? "stir" : "still";
}
