// `guimi bench vision`: what the camera costs. First each model on its own (ms and CPU per 320-px
// frame: presence, hands, faces, all together, and the motion gate), then the frame-rate policy end to
// end through the capability on scripted scenes (a still scene at 1 frame/s, a hand moving at the fast
// rate, her talking in front of a still camera), as CPU % of one core.
import { readFileSync } from "node:fs";
import jpeg from "jpeg-js";
import { decodeImage, type RgbImage } from "../perception/face/decode-image.js";
import { createHumanVisionAnalyzer, type VisionAnalyzer, type VisionOptions } from "./human-analyzer.js";
import { scale } from "./image-transforms.js";
import { motionLevel, motionSignature } from "./motion-gate.js";
import { visionCapability } from "./vision-capability.js";
import { compareExpressionReaders, type ExpressionCase, type ReaderFigures } from "./expression-compare.js";

export interface VisionBenchPart {
  part: string;
  frames: number;
  p50Ms: number;
  p95Ms: number;
  /** Process CPU time per frame (all threads), from process.cpuUsage. */
  cpuMsPerFrame: number;
  /** cpuMsPerFrame × rate: the share of one core the camera takes at that rate. */
  cpuPercentOfOneCoreAt: Record<"1fps" | "2fps" | "4fps", number>;
}

export interface VisionBenchPolicy {
  scene: string;
  /** The rate the policy asked for (median of nextFrameMs over the scene). */
  requestedFps: number;
  /** What one core can sustain at this cost: min(requested, 1000 / CPU ms per frame). */
  sustainedFps: number;
  frames: number;
  /** Frames that reached any model (the rest stopped at the motion gate). */
  framesThroughModels: number;
  p50Ms: number;
  cpuMsPerFrame: number;
  /** cpuMsPerFrame × sustainedFps / 10. */
  cpuPercentOfOneCore: number;
}

const PARTS: [string, VisionOptions][] = [
  ["presence only (Human body, movenet-lightning)", { faces: false, hands: false, bodies: true }],
  ["hands (Human hand + finger pose, padded retry when none)", { faces: false, hands: true, bodies: false }],
  ["faces (face-api expression)", { faces: true, hands: false, bodies: false }],
  ["full (faces + hands + presence)", {}],
];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! * 10) / 10;
}
const round1 = (v: number) => Math.round(v * 10) / 10;

/** ±amplitude per pixel from a fixed-seed generator: a webcam's sensor noise, so no two frames are equal. */
function withNoise(image: RgbImage, amplitude: number, seed: number): RgbImage {
  let s = seed;
  const out = new Uint8Array(image.data.length);
  for (let i = 0; i < out.length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    out[i] = Math.max(0, Math.min(255, image.data[i]! + ((s % (2 * amplitude + 1)) - amplitude)));
  }
  return { ...image, data: out };
}

/** The JPEG the page or ffmpeg would send (quality 70), so the policy runs include decoding. */
function toJpeg(image: RgbImage): Uint8Array {
  const rgba = new Uint8Array(image.width * image.height * 4);
  for (let i = 0, j = 0; i < image.data.length; i += 3, j += 4) {
    rgba[j] = image.data[i]!;
    rgba[j + 1] = image.data[i + 1]!;
    rgba[j + 2] = image.data[i + 2]!;
    rgba[j + 3] = 255;
  }
  return new Uint8Array(jpeg.encode({ data: rgba, width: image.width, height: image.height }, 70).data);
}

async function benchPart(part: string, analyzer: VisionAnalyzer, frames: RgbImage[], rounds: number): Promise<VisionBenchPart> {
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
  const cpuMsPerFrame = round1((cpu.user + cpu.system) / 1000 / times.length);
  const pct = (fps: number) => round1((cpuMsPerFrame * fps) / 10);
  return {
    part,
    frames: times.length,
    p50Ms: percentile(times, 0.5),
    p95Ms: percentile(times, 0.95),
    cpuMsPerFrame,
    cpuPercentOfOneCoreAt: { "1fps": pct(1), "2fps": pct(2), "4fps": pct(4) },
  };
}

function benchMotionGate(jpegs: Uint8Array[], rounds: number): VisionBenchPart {
  const times: number[] = [];
  let previous = null;
  const cpuStart = process.cpuUsage();
  for (let r = 0; r < rounds * 10; r++) {
    for (const bytes of jpegs) {
      const t = performance.now();
      const signature = motionSignature(decodeImage(bytes));
      motionLevel(previous, signature);
      previous = signature;
      times.push(performance.now() - t);
    }
  }
  const cpu = process.cpuUsage(cpuStart);
  const cpuMsPerFrame = round1((cpu.user + cpu.system) / 1000 / times.length);
  const pct = (fps: number) => round1((cpuMsPerFrame * fps) / 10);
  return {
    part: "motion gate (JPEG decode + 16×12 grid, no model)",
    frames: times.length,
    p50Ms: percentile(times, 0.5),
    p95Ms: percentile(times, 0.95),
    cpuMsPerFrame,
    cpuPercentOfOneCoreAt: { "1fps": pct(1), "2fps": pct(2), "4fps": pct(4) },
  };
}

/**
 * One scene through the real capability (real models, the policy deciding), on a scripted clock that
 * advances by the delay the policy asks for, as the page and the device capture do.
 */
async function benchScene(
  scene: string,
  analyzer: VisionAnalyzer,
  frameAt: (i: number) => Uint8Array,
  count: number,
  options: { talking?: boolean } = {},
): Promise<VisionBenchPolicy> {
  let clock = Date.parse("2026-12-01T15:00:00Z");
  const vision = visionCapability.create({
    settings: { get: () => ({ sensors: { camera: true }, gestures: { openPalmStop: false, thumbsUpYes: false, waveGreet: false } }) },
    now: () => new Date(clock),
    observeMood: () => undefined,
    care: { signal: async () => undefined },
    stopSpeaking: () => undefined,
    greet: () => undefined,
    analyzer: async () => analyzer,
  });
  // The first frame (everything new) and 20 s of settling are not the scene.
  for (let i = 0; i < 20; i++) {
    await vision.handleFrame(frameAt(0), "bench");
    clock += 1000;
  }
  const times: number[] = [];
  const delays: number[] = [];
  let throughModels = 0;
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    if (options.talking) vision.noteTalking(true);
    const t = performance.now();
    const outcome = await vision.handleFrame(frameAt(i), "bench");
    times.push(performance.now() - t);
    if (outcome.plan.ran.length > 0) throughModels++;
    delays.push(outcome.nextFrameMs);
    clock += outcome.nextFrameMs;
  }
  const cpu = process.cpuUsage(cpuStart);
  const cpuMsPerFrame = round1((cpu.user + cpu.system) / 1000 / count);
  const requestedFps = round1(1000 / percentile(delays, 0.5));
  // From CPU time, not wall time: on a shared box the wall clock counts other processes' turns too.
  const sustainedFps = round1(Math.min(requestedFps, 1000 / Math.max(cpuMsPerFrame, 1)));
  return {
    scene,
    requestedFps,
    sustainedFps,
    frames: count,
    framesThroughModels: throughModels,
    p50Ms: percentile(times, 0.5),
    cpuMsPerFrame,
    cpuPercentOfOneCore: round1((cpuMsPerFrame * sustainedFps) / 10),
  };
}

export async function benchVision(options: {
  imagePaths: { face: string; otherFace: string; hand: string; otherHand: string };
  /** Photos with the expression they show: face-api and Human's emotion model both read them. */
  expressionCases?: readonly ExpressionCase[];
  rounds?: number;
  log?: { write(s: string): unknown };
}): Promise<{ frameWidth: number; parts: VisionBenchPart[]; policy: VisionBenchPolicy[]; expressions?: ReaderFigures[] }> {
  const rounds = options.rounds ?? 3;
  const load = (path: string) => {
    const image = decodeImage(new Uint8Array(readFileSync(path)));
    return scale(image, 320 / image.width);
  };
  const face = load(options.imagePaths.face);
  const hands = [load(options.imagePaths.hand), load(options.imagePaths.otherHand)];
  const frames = [face, load(options.imagePaths.otherFace), ...hands];
  const parts: VisionBenchPart[] = [];
  const log = (value: unknown) => options.log?.write(`vision: ${JSON.stringify(value)}\n`);
  const gate = benchMotionGate(
    frames.map((f, i) => toJpeg(withNoise(f, 6, i + 1))),
    rounds,
  );
  log(gate);
  parts.push(gate);
  for (const [part, config] of PARTS) {
    const result = await benchPart(part, createHumanVisionAnalyzer(config), frames, rounds);
    log(result);
    parts.push(result);
  }

  // The scenes. Noisy JPEGs of a still photo: a camera on a desk with her sitting still in front of it.
  const analyzer = createHumanVisionAnalyzer();
  const stillFrames = Array.from({ length: 8 }, (_, i) => toJpeg(withNoise(face, 6, 100 + i)));
  const handFrames = hands.map((h, i) => toJpeg(withNoise(h, 6, 200 + i)));
  const policy: VisionBenchPolicy[] = [];
  for (const [scene, frameAt, count, talking] of [
    ["idle: she sits still in view (1 fps; presence every 10 s, expression every 15 s)", (i: number) => stillFrames[i % stillFrames.length]!, 60, false],
    ["talking: still scene while she or Guimi talks (watching for a palm)", (i: number) => stillFrames[i % stillFrames.length]!, 12 * rounds, true],
    ["hand moving: a hand in view, changing every frame (the fast rate)", (i: number) => handFrames[i % handFrames.length]!, 12 * rounds, false],
  ] as const) {
    const result = await benchScene(scene, analyzer, frameAt, count, { talking });
    log(result);
    policy.push(result);
  }
  if (!options.expressionCases) return { frameWidth: 320, parts, policy };
  const expressions = await compareExpressionReaders(options.expressionCases);
  for (const e of expressions)
    log({ reader: e.reader, correct: e.correct, labelled: e.labelled, facesFound: e.facesFound, copies: e.copies, cpuMsPerImage: e.cpuMsPerImage });
  return { frameWidth: 320, parts, policy, expressions };
}
