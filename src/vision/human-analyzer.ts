// Camera perception with @vladmandic/human on TensorFlow.js's WASM backend: face expression, hand
// landmarks, body presence, from models shipped inside the npm package. Nothing loads until the first
// frame; the library loads once per process. Frames are decoded and analysed in memory, never stored.
import { createRequire } from "node:module";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import { decodeImage, type RgbImage } from "../perception/face/decode-image.js";
import { createFaceExpressionAnalyzer } from "../perception/face/face-expression-analyzer.js";
import type { FaceExpression } from "../perception/face/face-expressions.js";
import { countPeople, DEFAULT_THRESHOLDS, toFaces, toHands, type RawResult, type VisionResult, type VisionThresholds } from "./vision-result.js";

/** Which models read a frame: the frame-rate policy runs presence alone while nothing happens. */
export interface VisionParts {
  faces: boolean;
  hands: boolean;
  /** A second, hands-only pass on the frame padded to twice its size when the first finds no hand. */
  closeUps: boolean;
  bodies: boolean;
}

/** The port: one frame in, what it shows out; `parts` narrows what runs (within what the analyzer has). */
export interface VisionAnalyzer {
  analyze(imageBytes: Uint8Array, parts?: Partial<VisionParts>): Promise<VisionResult>;
  analyzeRgb(image: RgbImage, parts?: Partial<VisionParts>): Promise<VisionResult>;
}

export interface VisionOptions {
  /** Which parts run; presence alone (body) is the cheapest. All on by default. */
  faces?: boolean;
  hands?: boolean;
  bodies?: boolean;
  thresholds?: Partial<VisionThresholds>;
  /**
   * Reads expressions on a decoded frame. face-api by default: measured on ../shared/images/faces it
   * labels all four photos right, Human's emotion model calls the fearful face happy (see README.md).
   * Without it, Human's own face and emotion models are used.
   */
  faceReader?: ((image: RgbImage) => Promise<FaceExpression[]>) | "human" | "face-api";
}

interface Tensor {
  dispose(): void;
}
interface HumanTf {
  tensor3d(data: Uint8Array | Int32Array, shape: [number, number, number], dtype: "int32"): Tensor;
  pad(t: Tensor, paddings: [number, number][], value: number): Tensor;
  getBackend(): string;
}
interface HumanInstance {
  tf: HumanTf;
  load(): Promise<void>;
  warmup(): Promise<unknown>;
  detect(input: Tensor, config?: Record<string, unknown>): Promise<RawResult & { error?: string | null }>;
}

const require = createRequire(import.meta.url);
// The package exports neither package.json nor the WASM build: find its folder from the main entry (dist/).
const humanDir = dirname(dirname(require.resolve("@vladmandic/human")));
const modelDir = join(humanDir, "models");
const modelUrl = pathToFileURL(modelDir + "/").href;

/**
 * Human fetches its models by URL and Node's fetch has no file://. Only URLs under the package's own
 * models folder are served from disk; everything else goes to the real fetch untouched.
 */
function serveModelsFromDisk(): void {
  const marker = Symbol.for("guimi.vision.modelFetch");
  const g = globalThis as unknown as Record<symbol, boolean> & { fetch: typeof fetch };
  if (g[marker]) return;
  const realFetch = g.fetch;
  g.fetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(modelUrl)) {
      const path = fileURLToPath(url);
      if (!path.startsWith(modelDir + "/") || path.includes("..")) return new Response(null, { status: 404 });
      const body = await readFile(path);
      return new Response(body, { status: 200, headers: { "content-type": path.endsWith(".json") ? "application/json" : "application/octet-stream" } });
    }
    return realFetch(input, init);
  }) as typeof fetch;
  g[marker] = true;
}

function baseConfig(): Record<string, unknown> {
  const wasmDir = dirname(require.resolve("@tensorflow/tfjs-backend-wasm"));
  return {
    backend: "wasm",
    wasmPath: wasmDir.endsWith("/") ? wasmDir : `${wasmDir}/`,
    modelBasePath: modelUrl,
    debug: false,
    // Every frame is read on its own: no results carried over from a similar-looking previous frame.
    cacheSensitivity: 0,
    filter: { enabled: false },
    face: {
      enabled: true,
      detector: { rotation: false, maxDetected: 5, skipFrames: 0, minConfidence: 0.3 },
      mesh: { enabled: true },
      iris: { enabled: false },
      description: { enabled: false },
      emotion: { enabled: true, skipFrames: 0 },
      antispoof: { enabled: false },
      liveness: { enabled: false },
    },
    hand: { enabled: true, maxDetected: 2, skipFrames: 0, minConfidence: 0.3, landmarks: true },
    body: { enabled: true, maxDetected: 1, skipFrames: 0 },
    object: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
  };
}

let loaded: Promise<HumanInstance> | undefined;

/** Loads Human (WASM) and its models, once per process; a failed load is retried on the next call. */
export function loadHuman(): Promise<HumanInstance> {
  loaded ??= (async () => {
    serveModelsFromDisk();
    const module = (await import(pathToFileURL(join(humanDir, "dist", "human.node-wasm.js")).href)) as Record<string, unknown> & {
      default?: Record<string, unknown>;
    };
    const Human = (module.Human ?? module.default?.Human ?? module.default) as new (config: Record<string, unknown>) => HumanInstance;
    const human = new Human(baseConfig());
    await human.load();
    if (human.tf.getBackend() !== "wasm") throw new Error(`Human loaded on the ${human.tf.getBackend()} backend, not WASM`);
    return human;
  })();
  loaded.catch(() => {
    loaded = undefined;
  });
  return loaded;
}

/** Grey around a close-up: Human's hand detector misses a hand that fills the frame. */
const PAD_VALUE = 128;

export function createHumanVisionAnalyzer(options: VisionOptions = {}): VisionAnalyzer {
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const wantFaces = options.faces ?? true;
  let faceReader = options.faceReader ?? "face-api";
  if (faceReader === "face-api") {
    const faceApi = createFaceExpressionAnalyzer();
    faceReader = async (image: RgbImage) => (await faceApi.analyzeImage(image)).faces;
  }
  const readFaces = wantFaces && faceReader !== "human" ? faceReader : null;
  const parts = { face: { enabled: wantFaces && faceReader === "human" }, hand: { enabled: options.hands ?? true }, body: { enabled: options.bodies ?? true } };
  // One frame at a time through the one model set: WASM runs on one thread anyway.
  let queue: Promise<unknown> = Promise.resolve();

  async function analyzeRgb(image: RgbImage, only: Partial<VisionParts> = {}): Promise<VisionResult> {
    const human = await loadHuman();
    const frame = { width: image.width, height: image.height };
    const want = {
      faces: wantFaces && (only.faces ?? true),
      hands: parts.hand.enabled && (only.hands ?? true),
      bodies: parts.body.enabled && (only.bodies ?? true),
    };
    const config = { face: { enabled: want.faces && faceReader === "human" }, hand: { enabled: want.hands }, body: { enabled: want.bodies } };
    const tensor = human.tf.tensor3d(image.data, [image.height, image.width, 3], "int32");
    try {
      const needHuman = config.face.enabled || config.hand.enabled || config.body.enabled;
      const raw = needHuman ? await human.detect(tensor, config) : { face: [], hand: [], body: [], error: null };
      if (raw.error) throw new Error(`vision: ${raw.error}`);
      const faces = !want.faces ? [] : readFaces ? await readFaces(image) : toFaces(raw.face, thresholds);
      let hands = want.hands ? toHands(raw.hand, frame, thresholds) : [];
      if (want.hands && (only.closeUps ?? true) && hands.length === 0) {
        // Second pass for close-ups: the frame in the middle of a canvas twice its size, hands only.
        const padY = Math.round(image.height / 2);
        const padX = Math.round(image.width / 2);
        const padded = human.tf.pad(
          tensor,
          [
            [padY, padY],
            [padX, padX],
            [0, 0],
          ],
          PAD_VALUE,
        );
        try {
          const again = await human.detect(padded, { face: { enabled: false }, body: { enabled: false }, hand: { enabled: true } });
          hands = toHands(again.hand, frame, thresholds, { x: padX, y: padY });
        } finally {
          padded.dispose();
        }
      }
      return { faces, hands, people: countPeople(faces, want.bodies ? raw.body : [], thresholds), width: image.width, height: image.height };
    } finally {
      tensor.dispose();
    }
  }

  return {
    analyzeRgb(image, only) {
      const run = queue.then(() => analyzeRgb(image, only));
      queue = run.catch(() => undefined);
      return run;
    },
    analyze(imageBytes, only) {
      return this.analyzeRgb(decodeImage(imageBytes), only);
    },
  };
}
