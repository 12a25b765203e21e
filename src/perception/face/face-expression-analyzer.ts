// Facial expression with face-api on TensorFlow.js's WASM backend. The camera is opt-in: nothing
// here loads until an analyzer is first used, and the models (shipped inside the npm package)
// load once per process. Frames are decoded and analysed in memory, never stored.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { decodeImage, type RgbImage } from "./decode-image.js";
import { faceExpression, type FaceApiExpression, type FaceExpression } from "./face-expressions.js";

type FaceApi = typeof import("@vladmandic/face-api/dist/face-api.node-wasm.js");

/** The parts of the bundled TensorFlow.js that face-api's typings leave out. */
interface TfBackendControl {
  setWasmPaths(prefix: string): void;
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
}

export interface FaceAnalysis {
  faces: FaceExpression[];
  width: number;
  height: number;
}

export interface FaceExpressionAnalyzer {
  analyze(imageBytes: Uint8Array): Promise<FaceAnalysis>;
  /** The same, on a frame already decoded (the camera's vision pass decodes once for every model). */
  analyzeImage(image: RgbImage): Promise<FaceAnalysis>;
}

export interface FaceAnalyzerOptions {
  /** "ssd" (SSD MobileNet v1: finds small and turned faces) or "tiny" (Tiny Face Detector: faster). */
  detector?: "ssd" | "tiny";
  /** Faces the detector is less sure of than this are left out. */
  minDetectionConfidence?: number;
}

const require = createRequire(import.meta.url);
let loaded: Promise<FaceApi> | undefined;

/** Loads TensorFlow.js (WASM) and the detector and expression models, once per process. */
export function loadFaceApi(): Promise<FaceApi> {
  loaded ??= (async () => {
    const faceapi: FaceApi = await import("@vladmandic/face-api/dist/face-api.node-wasm.js");
    // The .wasm binaries sit beside the backend's own entry point (dist/).
    const wasmDir = dirname(require.resolve("@tensorflow/tfjs-backend-wasm"));
    const modelDir = join(dirname(require.resolve("@vladmandic/face-api/package.json")), "model");
    const tf = faceapi.tf as unknown as TfBackendControl;
    tf.setWasmPaths(wasmDir.endsWith("/") ? wasmDir : `${wasmDir}/`);
    if (!(await tf.setBackend("wasm"))) throw new Error("TensorFlow.js WASM backend failed to initialise");
    await tf.ready();
    await Promise.all([
      faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir),
      faceapi.nets.tinyFaceDetector.loadFromDisk(modelDir),
      faceapi.nets.faceExpressionNet.loadFromDisk(modelDir),
    ]);
    return faceapi;
  })();
  // A failed load (missing package files) should be retried on the next call, not cached.
  loaded.catch(() => {
    loaded = undefined;
  });
  return loaded;
}

export function createFaceExpressionAnalyzer(options: FaceAnalyzerOptions = {}): FaceExpressionAnalyzer {
  const detector = options.detector ?? "ssd";
  const minConfidence = options.minDetectionConfidence ?? 0.5;
  return {
    analyze(imageBytes) {
      return this.analyzeImage(decodeImage(imageBytes));
    },
    async analyzeImage(image) {
      const faceapi = await loadFaceApi();
      const tensor = faceapi.tf.tensor3d(image.data, [image.height, image.width, 3], "int32");
      try {
        const detectorOptions =
          detector === "tiny"
            ? new faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: minConfidence })
            : new faceapi.SsdMobilenetv1Options({ minConfidence });
        const results = await faceapi.detectAllFaces(tensor as never, detectorOptions).withFaceExpressions();
        const faces = results.map((r) => {
          const box = r.detection.box;
          return faceExpression(
            r.expressions as unknown as Record<FaceApiExpression, number>,
            { x: Math.round(box.x), y: Math.round(box.y), width: Math.round(box.width), height: Math.round(box.height) },
            r.detection.score,
          );
        });
        // Left to right, so several faces read in a stable order.
        faces.sort((a, b) => a.box.x - b.box.x);
        return { faces, width: image.width, height: image.height };
      } finally {
        tensor.dispose();
      }
    },
  };
}
