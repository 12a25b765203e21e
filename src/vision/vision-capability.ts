// The camera as a companion uses it: opt-in (the camera switch), frames analysed in memory and dropped,
// gestures that mean something, presence that care can read. POST /api/v1/sensors/camera takes one
// frame (JPEG or PNG); the page and the V4L2 capture send them one after another.
import { GuimiError, InputError } from "../errors.js";
import { defineCapability } from "../kernel/capability.js";
import type { DataCategory } from "../kernel/data-category.js";
import type { CareSignal } from "../care/care-signal.js";
import type { MoodEstimate } from "../mood/mood-estimate.js";
import { ImageDecodeError } from "../perception/face/image-error.js";
import { faceMoodSignal } from "../perception/face/face-expressions.js";
import type { EmotionLabel } from "../perception/emotion-labels.js";
import { interpretFrame, newStreamState, type GestureMappings, type StreamState, type VisionAction } from "./gesture-meaning.js";
import type { VisionAnalyzer } from "./human-analyzer.js";
import type { VisionResult } from "./vision-result.js";
import {
  afterFrame,
  newWatch,
  nextFrameDelayMs,
  planFrame,
  shouldRead,
  TALK_HOLD_MS,
  TALK_MAX_MS,
  type FramePlan,
  type Surroundings,
  type Watch,
} from "./frame-rate.js";
import { motionLevel, motionSignature, type MotionSignature } from "./motion-gate.js";
import { decodeImage, type RgbImage } from "../perception/face/decode-image.js";
import type { CameraCapture } from "./ffmpeg-capture.js";
import { binaryBody, describeApiPaths } from "../kernel/openapi-paths.js";

/** The same limit as /sensors/face: a camera frame is never bigger. */
export const MAX_FRAME_BYTES = 8 * 1024 * 1024;

describeApiPaths({
  "/sensors/camera": {
    post: {
      summary:
        "One camera frame (JPEG/PNG; ?stream= names the camera): faces, hands, people; gestures acted on; never stored. Refused while the camera switch is off",
      requestBody: binaryBody(["image/jpeg", "image/png"], MAX_FRAME_BYTES),
      responses: {
        "200": { description: "{vision, actions, present, presentForMs, plan, nextFrameMs, acceptedOffer?, answer?}" },
        "403": { description: "the camera is off" },
      },
    },
  },
});
/** Presence reaches care at most this often: a signal a minute is plenty for "how long has she sat". */
export const ACTIVITY_EVERY_MS = 60_000;
/** An expression reaches care's rules at most this often unless it changes. */
export const FACE_SIGNAL_EVERY_MS = 60_000;
/** A face reading less sure than this moves neither the mood nor care. */
export const MIN_FACE_CONFIDENCE = 0.5;

export interface VisionDeps {
  settings: { get(): { sensors: { camera: boolean }; gestures: GestureMappings } };
  now: () => Date;
  observeMood(estimate: MoodEstimate): void;
  care: { signal(signal: CareSignal): Promise<unknown> };
  /**
   * What she could answer with 好 right now (Guimi's last message, an offer, still fresh), and her yes to
   * it, carried out exactly as saying 好 would (the root routes it through the same acceptance intents).
   */
  offers?: { pending(): { offer: unknown; at: Date } | null; yes(): Promise<{ text: string; source: string }> };
  /** Stops what Guimi is saying (the reply in flight and the speaker). */
  stopSpeaking(): void;
  /** Pauses music, a sleep sound or a meditation, where something plays. */
  pauseMedia?: () => unknown;

  /** Says a short greeting first (a wave, or she came back). */
  greet(kind: "wave" | "arrived"): void;
  /**
   * A device camera to read while the daemon runs and the switch is on: ffmpeg input arguments
   * (`v4l2Input("/dev/video0")`), or null when there is none. Asked at start and whenever the switch turns on.
   */
  captureInput?: () => string[] | null;
  /** Built on first use when absent (loading the models takes seconds). */
  analyzer?: () => Promise<VisionAnalyzer>;
}

export interface FrameOutcome {
  vision: Omit<VisionResult, "width" | "height">;
  actions: VisionAction[];
  present: boolean;
  presentForMs: number;
  /** What a thumbs-up said yes to, when something was on offer. */
  acceptedOffer?: unknown;
  /** Guimi's answer to that yes (what saying 好 would have got). */
  answer?: { text: string; source: string };
  /** What ran on this frame: the frame-rate policy's plan (models skipped when the scene was still). */
  plan: { mode: FramePlan["mode"]; why: FramePlan["why"]; ran: ("faces" | "hands" | "presence")[] };
  /** When to send the next frame, in ms (the page follows it). */
  nextFrameMs: number;
}

/** One camera's memory between frames: a few numbers, never an image (the motion grid is 16×12 means). */
interface CameraStream {
  meaning: StreamState;
  watch: Watch;
  signature: MotionSignature | null;
  people: number;
}

/** How the care rules' face patterns read the unified labels (they match sad/angry/fear/disgust). */
const CARE_EXPRESSION: Record<EmotionLabel, string> = {
  sadness: "sad",
  anger: "angry",
  fear: "fear",
  disgust: "disgust",
  joy: "happy",
  surprise: "surprised",
  neutral: "neutral",
};

/** For 我的数据: the camera keeps nothing, and says so. */
const cameraCategory: DataCategory = {
  id: "camera-frames",
  title: { zh: "摄像头画面", en: "Camera frames" },
  description: {
    zh: "摄像头只在你打开开关时工作；画面只在内存里分析表情、手势和是否有人，分析完立刻丢弃，从不保存。",
    en: "The camera works only while you switch it on; frames are read in memory for expression, gestures and presence, then dropped. No frame is ever stored.",
  },
  count: () => 0,
  list: () => [],
  eraseAll: () => 0,
  exportAll: () => [],
};

export const visionCapability = defineCapability<VisionDeps, ReturnType<typeof createVision>>({
  name: "vision",
  create: (deps) => createVision(deps),
});

export type Vision = ReturnType<typeof createVision>;

function createVision(deps: VisionDeps) {
  let analyzer: Promise<VisionAnalyzer> | null = null;
  const getAnalyzer = () => {
    analyzer ??= deps.analyzer ? deps.analyzer() : import("./human-analyzer.js").then((m) => m.createHumanVisionAnalyzer());
    analyzer.catch(() => (analyzer = null));
    return analyzer;
  };
  const streams = new Map<string, CameraStream>();
  let lastActivity = -Infinity;
  let lastFace: { at: number; expression: string } | null = null;
  let frames = 0;
  let modelRuns = 0;
  let lastFrameAt: Date | null = null;
  let talkingUntil: number | null = null;
  const surroundings = (): Surroundings => ({ talkingUntil, offerAt: deps.offers?.pending()?.at.getTime() ?? null });
  const streamFor = (name: string): CameraStream => streams.get(name) ?? { meaning: newStreamState(), watch: newWatch(), signature: null, people: 0 };

  async function handleFrame(bytes: Uint8Array, streamName = "default"): Promise<FrameOutcome> {
    if (!deps.settings.get().sensors.camera) throw new GuimiError("the camera is off; turn it on in settings (我的数据 → 传感器) first", "refused");
    if (bytes.byteLength === 0) throw new InputError("body: expected a JPEG or PNG image");
    if (bytes.byteLength > MAX_FRAME_BYTES) throw new InputError(`body: image larger than ${MAX_FRAME_BYTES} bytes`);
    let image: RgbImage;
    try {
      image = decodeImage(bytes);
    } catch (error) {
      if (error instanceof ImageDecodeError) throw new InputError(`body: ${error.message}`);
      throw error;
    }
    const stream = streamFor(streamName);
    const t = deps.now().getTime();
    // The motion gate first: a still scene runs no model at all, or only the cheap presence check.
    const signature = motionSignature(image);
    const motion = motionLevel(stream.signature, signature);
    const plan = planFrame(stream.watch, surroundings(), motion, t);
    const ran = [...(plan.faces ? ["faces" as const] : []), ...(plan.hands ? ["hands" as const] : []), ...(plan.bodies ? ["presence" as const] : [])];
    let result: VisionResult;
    if (ran.length === 0) result = { faces: [], hands: [], people: stream.people, width: image.width, height: image.height };
    else {
      modelRuns++;
      result = await (await getAnalyzer()).analyzeRgb(image, { faces: plan.faces, hands: plan.hands, closeUps: plan.closeUps, bodies: plan.bodies });
    }
    // The switch may have gone off while the frame was read: then nothing of it is used.
    if (!deps.settings.get().sensors.camera) throw new GuimiError("the camera was turned off", "refused");
    const at = deps.now();
    frames++;
    lastFrameAt = at;
    const settings = deps.settings.get();
    const meaning = interpretFrame(stream.meaning, result, at, settings.gestures);
    const watch = afterFrame(stream.watch, plan, { hands: result.hands.length, people: result.people }, motion, t);
    streams.set(streamName, { meaning: meaning.state, watch, signature, people: plan.bodies || plan.faces ? result.people : stream.people });

    const mood = faceMoodSignal(result.faces);
    if (mood && mood.confidence >= MIN_FACE_CONFIDENCE) {
      deps.observeMood({ modality: "face", at, ...mood });
      const nearest = [...result.faces].sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)[0]!;
      const expression = CARE_EXPRESSION[nearest.label] ?? nearest.label;
      if (!lastFace || lastFace.expression !== expression || at.getTime() - lastFace.at >= FACE_SIGNAL_EVERY_MS) {
        lastFace = { at: at.getTime(), expression };
        await deps.care.signal({ type: "face", at, expression });
      }
    }
    if (meaning.present && (meaning.arrived || at.getTime() - lastActivity >= ACTIVITY_EVERY_MS)) {
      lastActivity = at.getTime();
      // Someone at the desk, facing the screen: the care rules read it as sitting at work.
      await deps.care.signal({ type: "activity", at, kind: "work", source: "camera" });
    }

    const outcome: FrameOutcome = {
      vision: { faces: result.faces, hands: result.hands, people: result.people },
      actions: meaning.actions,
      present: meaning.present,
      presentForMs: meaning.presentForMs,
      plan: { mode: plan.mode, why: plan.why, ran },
      nextFrameMs: nextFrameDelayMs(watch, surroundings(), at.getTime()),
    };
    for (const action of meaning.actions) {
      if (action === "stop") {
        deps.stopSpeaking();
        await Promise.resolve(deps.pauseMedia?.()).catch(() => undefined);
      } else if (action === "greet") deps.greet("wave");
      else if (action === "yes") {
        const pending = deps.offers?.pending() ?? null;
        await deps.care.signal({ type: "ack", at });
        if (pending && deps.offers) {
          outcome.acceptedOffer = pending.offer;
          outcome.answer = await deps.offers.yes();
        }
      }
    }
    if (meaning.returned && !meaning.actions.includes("greet")) deps.greet("arrived");
    return outcome;
  }

  // The device camera: capture runs at the fast rate, the controller reads ~1 frame/s unless a hand is up.
  let started = false;
  let capture: CameraCapture | null = null;
  let reading = false;
  let lastReadAt: number | null = null;
  let captureError: string | null = null;
  async function startCapture(): Promise<void> {
    const input = deps.captureInput?.() ?? null;
    if (!started || capture || !input || !deps.settings.get().sensors.camera) return;
    const { startFfmpegCapture } = await import("./ffmpeg-capture.js");
    if (capture || !deps.settings.get().sensors.camera) return;
    capture = startFfmpegCapture({
      input,
      onFrame: (jpeg) => {
        const t = deps.now().getTime();
        if (reading || !shouldRead(lastReadAt, streamFor("device").watch, surroundings(), t)) return;
        reading = true;
        lastReadAt = t;
        handleFrame(jpeg, "device")
          .catch((error: unknown) => (captureError = error instanceof Error ? error.message : String(error)))
          .finally(() => (reading = false));
      },
      onExit: (code, tail) => {
        capture = null;
        if (code !== 0 && code !== null) captureError = `ffmpeg exited ${code}: ${tail.trim().split("\n").at(-1) ?? ""}`;
      },
    });
  }
  function stopCapture(): void {
    capture?.stop();
    capture = null;
  }

  return {
    name: "vision",
    handleFrame,
    /**
     * The camera switch changed. Off: capture stops at once and per-stream state (a hand's track) is
     * dropped, so nothing of the last frames is kept. On: the device camera starts again if there is one.
     */
    cameraSwitched(on: boolean): void {
      if (on) {
        void startCapture();
        return;
      }
      stopCapture();
      streams.clear();
      lastFace = null;
      lastReadAt = null;
    },
    /**
     * She or Guimi is talking (true), or just stopped (false): gestures are likelier now (a palm to stop
     * it, a thumbs-up in reply), so the camera looks closely until a little after.
     */
    noteTalking(talking: boolean): void {
      const t = deps.now().getTime();
      talkingUntil = t + (talking ? TALK_MAX_MS : TALK_HOLD_MS);
    },
    start: async () => {
      started = true;
      await startCapture();
    },
    stop: () => {
      started = false;
      stopCapture();
    },
    close: () => {
      started = false;
      stopCapture();
    },
    dataCategories: [cameraCategory],
    status: () => ({
      camera: deps.settings.get().sensors.camera,
      engine: "@vladmandic/human (hands, presence) + face-api (expression), TensorFlow.js WASM",
      framesThisRun: frames,
      // Frames the motion gate let through to a model; the rest cost a decode and a 16×12 comparison.
      framesReadByModels: modelRuns,
      lastFrameAt: lastFrameAt?.toISOString() ?? null,
      deviceCamera: capture ? "capturing" : deps.captureInput?.() ? "idle" : "none",
      ...(captureError ? { lastError: captureError } : {}),
      stored: 0,
    }),
    routes: (api: import("../kernel/http.js").ApiRouter) => {
      api.post("/sensors/camera", async (c) => {
        if (!deps.settings.get().sensors.camera) throw new GuimiError("the camera is off; turn it on in settings (我的数据 → 传感器) first", "refused");
        const body = await c.req.arrayBuffer();
        const stream = c.req.query("stream");
        if (stream !== undefined && !/^[a-z0-9-]{1,32}$/.test(stream)) throw new InputError("stream: expected 1-32 of a-z, 0-9, -");
        return c.json(await handleFrame(new Uint8Array(body), stream ?? "default"));
      });
    },
  };
}
