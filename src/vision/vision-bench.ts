// `guimi bench vision`: milliseconds per camera frame for faces, hands and presence, on frames the
// size the live camera sends (320 px wide), and what that costs in CPU at 1, 2 and 5 frames a second.
import { readFileSync } from "node:fs";
import { decodeImage, type RgbImage } from "../perception/face/decode-image.js";
import { createHumanVisionAnalyzer, type VisionOptions } from "./human-analyzer.js";
import { scale } from "./image-transforms.js";

export interface VisionBenchPart {
  part: string;
  frames: number;
  p50Ms: number;
  p95Ms: number;
  /** Process CPU time per frame (all threads), from process.cpuUsage. */
  cpuMsPerFrame: number;
  /** cpuMsPerFrame × rate: the share of one core the camera takes at that rate. */
  cpuPercentOfOneCoreAt: Record<"1fps" | "2fps" | "5fps", number>;
}

const PARTS: [string, VisionOptions][] = [
  ["faces (face-api expression)", { faces: true, hands: false, bodies: false }],
  ["hands (Human hand + finger pose, padded retry when none)", { faces: false, hands: true, bodies: false }],
  ["presence (Human body)", { faces: false, hands: false, bodies: true }],
  ["all (one live frame)", {}],
];

function percentile(sorted: number[], p: number): number {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! * 10) / 10;
}

export async function benchVision(options: {
  imagePaths: string[];
  rounds?: number;
  log?: { write(s: string): unknown };
}): Promise<{ frameWidth: number; parts: VisionBenchPart[] }> {
  const rounds = options.rounds ?? 5;
  const frames: RgbImage[] = options.imagePaths.map((p) => {
    const image = decodeImage(new Uint8Array(readFileSync(p)));
    return scale(image, 320 / image.width);
  });
  const parts: VisionBenchPart[] = [];
  for (const [part, config] of PARTS) {
    const analyzer = createHumanVisionAnalyzer(config);
    await analyzer.analyzeRgb(frames[0]!); // models load and warm up outside the timing
    const times: number[] = [];
    const cpuStart = process.cpuUsage();
    for (let r = 0; r < rounds; r++) {
      for (const frame of frames) {
        const t = performance.now();
        await analyzer.analyzeRgb(frame);
        times.push(performance.now() - t);
      }
    }
    const cpu = process.cpuUsage(cpuStart);
    const cpuMsPerFrame = Math.round(((cpu.user + cpu.system) / 1000 / times.length) * 10) / 10;
    times.sort((a, b) => a - b);
    const pct = (fps: number) => Math.round(cpuMsPerFrame * fps) / 10;
    const result = {
      part,
      frames: times.length,
      p50Ms: percentile(times, 0.5),
      p95Ms: percentile(times, 0.95),
      cpuMsPerFrame,
      cpuPercentOfOneCoreAt: { "1fps": pct(1), "2fps": pct(2), "5fps": pct(5) },
    };
    options.log?.write(`vision: ${JSON.stringify(result)}\n`);
    parts.push(result);
  }
  return { frameWidth: 320, parts };
}
