// What one camera frame shows, in Guimi's terms: faces with the unified emotion labels, hands with a
// gesture, and how many people are there. Pure: Human's raw results in, plain data out.
import { faceExpression, type FaceApiExpression, type FaceBox, type FaceExpression } from "../perception/face/face-expressions.js";

export const GESTURES = ["open-palm", "thumbs-up", "victory", "point", "fist", "unknown"] as const;
export type Gesture = (typeof GESTURES)[number];

export interface HandReading {
  gesture: Gesture;
  box: FaceBox;
  handedness: "left" | "right" | "unknown";
  /** How sure the hand detector is that this is a hand. */
  confidence: number;
}

export interface VisionResult {
  faces: FaceExpression[];
  hands: HandReading[];
  /** People in view (faces or bodies, whichever shows more): presence only, never who. */
  people: number;
  width: number;
  height: number;
}

/** The parts of Human's result this module reads (its own typings are wider). */
export type Curl = "none" | "half" | "full";
export interface FingerPose {
  curl: Curl;
  direction: string;
}
export type Finger = "thumb" | "index" | "middle" | "ring" | "pinky";
export interface RawFace {
  score: number;
  boxScore: number;
  box: [number, number, number, number];
  emotion?: { score: number; emotion: string }[];
}
export interface RawHand {
  score: number;
  box: [number, number, number, number];
  label: string;
  landmarks?: Partial<Record<Finger, FingerPose>>;
  /** 21 points, MediaPipe's order: 0 wrist, 1–4 thumb, 5–8 index, 9–12 middle, 13–16 ring, 17–20 pinky. */
  keypoints?: readonly (readonly number[])[];
}
export interface RawBody {
  score: number;
  box: [number, number, number, number];
}
export interface RawResult {
  face: RawFace[];
  hand: RawHand[];
  body: RawBody[];
}

/** Thresholds on Human's scores; a face the detector box is unsure of is usually a hand or a pattern. */
export interface VisionThresholds {
  minFaceBoxScore: number;
  minHandScore: number;
  minBodyScore: number;
}

export const DEFAULT_THRESHOLDS: VisionThresholds = { minFaceBoxScore: 0.6, minHandScore: 0.5, minBodyScore: 0.5 };

/** Human's emotion names → face-api's, so both read onto the unified labels the same way. */
const EMOTION_NAMES: Record<string, FaceApiExpression> = {
  neutral: "neutral",
  happy: "happy",
  sad: "sad",
  angry: "angry",
  fear: "fearful",
  disgust: "disgusted",
  surprise: "surprised",
};

/**
 * Finger-pose rules (curl of each finger, as fingerpose describes them). A thumbs-up needs the thumb
 * straight and pointing up, with the four fingers fully curled; a tucked thumb (a fist) points sideways.
 */
export function classifyHand(landmarks: Partial<Record<Finger, FingerPose>> | undefined): Gesture {
  if (!landmarks) return "unknown";
  const curl = (f: Finger) => landmarks[f]?.curl;
  const fingers = ["index", "middle", "ring", "pinky"] as const;
  const straight = (f: Finger) => curl(f) === "none";
  const curled = (f: Finger) => curl(f) === "full" || curl(f) === "half";
  if (fingers.some((f) => curl(f) === undefined)) return "unknown";
  if (straight("thumb") && landmarks.thumb?.direction === "verticalUp" && fingers.every((f) => curl(f) === "full")) return "thumbs-up";
  if (fingers.every(straight)) return "open-palm";
  if (straight("index") && straight("middle") && curled("ring") && curled("pinky")) return "victory";
  if (straight("index") && curled("middle") && curled("ring") && curled("pinky")) return "point";
  if (fingers.every((f) => curl(f) === "full")) return "fist";
  return "unknown";
}

function box(b: readonly number[], offset = { x: 0, y: 0 }, bounds?: { width: number; height: number }): FaceBox {
  let x = Math.round(b[0]! - offset.x);
  let y = Math.round(b[1]! - offset.y);
  let x2 = Math.round(b[0]! + b[2]! - offset.x);
  let y2 = Math.round(b[1]! + b[3]! - offset.y);
  if (bounds) {
    x = Math.max(0, x);
    y = Math.max(0, y);
    x2 = Math.min(bounds.width, x2);
    y2 = Math.min(bounds.height, y2);
  }
  return { x, y, width: Math.max(0, x2 - x), height: Math.max(0, y2 - y) };
}

export function toFaces(raw: readonly RawFace[], t: VisionThresholds = DEFAULT_THRESHOLDS): FaceExpression[] {
  const faces: FaceExpression[] = [];
  for (const f of raw) {
    if (!(f.boxScore >= t.minFaceBoxScore) || !f.emotion?.length) continue;
    const expressions: Partial<Record<FaceApiExpression, number>> = {};
    for (const e of f.emotion) {
      const name = EMOTION_NAMES[e.emotion];
      if (name) expressions[name] = (expressions[name] ?? 0) + e.score;
    }
    faces.push(faceExpression(expressions, box(f.box), f.score));
  }
  return faces.sort((a, b) => a.box.x - b.box.x);
}

/** How far (in palm lengths) the thumb side must sit from the pinky side before a side is named. */
export const HANDEDNESS_MARGIN = 0.12;

/**
 * Left or right hand from the landmarks' geometry: which side of the wrist→middle-knuckle axis the
 * thumb's base (points 1, 2) lies on, against the ring and pinky knuckles (13, 17). Rotation does not
 * change it, a mirror flips it. Human's hand models give no handedness (the landmark model's own
 * handedness output is not read by Human, and measured on crops made here it did not flip with a
 * mirror), so this assumes what a hand shown to a device does: the palm faces the camera, frames not
 * mirrored (the page and V4L2 send the camera's own view). Too close to call: "unknown".
 */
export function handednessFromKeypoints(keypoints: readonly (readonly number[])[] | undefined): HandReading["handedness"] {
  if (!keypoints || keypoints.length < 21) return "unknown";
  const point = (i: number) => keypoints[i]!;
  const [wx, wy] = point(0) as [number, number];
  const ax = point(9)[0]! - wx;
  const ay = point(9)[1]! - wy;
  const palm = Math.hypot(ax, ay);
  if (!(palm >= 1)) return "unknown";
  // Signed distance from the axis; positive to the image's right when the fingers point up (y grows down).
  const side = (i: number) => (ax * (point(i)[1]! - wy) - ay * (point(i)[0]! - wx)) / palm;
  const thumb = (side(1) + side(2)) / 2;
  const pinky = (side(13) + side(17)) / 2;
  const apart = (thumb - pinky) / palm;
  if (!Number.isFinite(apart) || Math.abs(apart) < HANDEDNESS_MARGIN) return "unknown";
  // Palm towards the camera: a right hand's thumb is on the image's right.
  return apart > 0 ? "right" : "left";
}

/** Hands from a pass that may have run on a padded canvas: `offset` is where the frame sits on it. */
export function toHands(
  raw: readonly RawHand[],
  frame: { width: number; height: number },
  t: VisionThresholds = DEFAULT_THRESHOLDS,
  offset = { x: 0, y: 0 },
): HandReading[] {
  return raw
    .filter((h) => h.score >= t.minHandScore)
    .map((h) => ({
      gesture: classifyHand(h.landmarks),
      box: box(h.box, offset, frame),
      handedness: handednessFromKeypoints(h.keypoints),
      confidence: Math.round(h.score * 1000) / 1000,
    }))
    .filter((h) => h.box.width > 0 && h.box.height > 0)
    .sort((a, b) => a.box.x - b.box.x);
}

export function countPeople(faces: readonly FaceExpression[], bodies: readonly RawBody[], t: VisionThresholds = DEFAULT_THRESHOLDS): number {
  const bodyCount = bodies.filter((b) => b.score >= t.minBodyScore && b.box[2] > 0 && b.box[3] > 0).length;
  return Math.max(faces.length, bodyCount);
}
