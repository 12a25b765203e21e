// face-api against Human's own emotion model, on the shared face photos and copies of them made here
// (mirrored, darker, half size, tilted both ways): which reads her expression better. Part of
// `guimi bench vision`; the figures are in src/vision/README.md.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { decodeImage, type RgbImage } from "../perception/face/decode-image.js";
import type { EmotionLabel } from "../perception/emotion-labels.js";
import { createHumanVisionAnalyzer } from "./human-analyzer.js";
import { darken, mirror, rotate, scale } from "./image-transforms.js";

export interface ExpressionCase {
  path: string;
  /** The expression the photo shows; null for a group photo, counted for faces only. */
  label: EmotionLabel | null;
  /** Faces in the photo (at least). */
  faces: number;
}

export interface ReaderFigures {
  reader: "face-api" | "human";
  /** Copies where the biggest face got the photo's label, out of those with a label. */
  correct: number;
  labelled: number;
  /** Copies where at least the photo's number of faces was found, out of all. */
  facesFound: number;
  copies: number;
  /** Process CPU time per copy read (detector and expression, on the photo's own size). */
  cpuMsPerImage: number;
  /** Per photo and copy: the label read (or "none"). */
  readings: Record<string, string>;
}

export const TRANSFORMS: [string, (i: RgbImage) => RgbImage][] = [
  ["original", (i) => i],
  ["mirrored", mirror],
  ["darker ×0.5", (i) => darken(i, 0.5)],
  ["half size", (i) => scale(i, 0.5)],
  ["tilted -15°", (i) => rotate(i, -15)],
  ["tilted +15°", (i) => rotate(i, 15)],
];

export async function compareExpressionReaders(cases: readonly ExpressionCase[]): Promise<ReaderFigures[]> {
  const figures: ReaderFigures[] = [];
  for (const reader of ["face-api", "human"] as const) {
    const analyzer = createHumanVisionAnalyzer({ faceReader: reader, hands: false, bodies: false });
    const result: ReaderFigures = { reader, correct: 0, labelled: 0, facesFound: 0, copies: 0, cpuMsPerImage: 0, readings: {} };
    await analyzer.analyzeRgb(decodeImage(new Uint8Array(readFileSync(cases[0]!.path))), { hands: false, bodies: false }); // load outside the timing
    let cpuMs = 0;
    for (const c of cases) {
      const photo = decodeImage(new Uint8Array(readFileSync(c.path)));
      for (const [name, transform] of TRANSFORMS) {
        const copy = transform(photo);
        const cpu = process.cpuUsage();
        const { faces } = await analyzer.analyzeRgb(copy, { hands: false, bodies: false });
        const used = process.cpuUsage(cpu);
        cpuMs += (used.user + used.system) / 1000;
        const biggest = [...faces].sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)[0];
        result.copies++;
        if (faces.length >= c.faces) result.facesFound++;
        if (c.label) {
          result.labelled++;
          if (biggest?.label === c.label) result.correct++;
        }
        result.readings[`${basename(c.path)} ${name}`] = c.label ? (biggest?.label ?? "none") : `${faces.length} faces`;
      }
    }
    result.cpuMsPerImage = Math.round(cpuMs / Math.max(1, result.copies));
    figures.push(result);
  }
  return figures;
}
