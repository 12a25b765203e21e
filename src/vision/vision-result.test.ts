import { test } from "node:test";
import assert from "node:assert/strict";
import { classifyHand, countPeople, handednessFromKeypoints, toFaces, toHands, type Finger, type FingerPose } from "./vision-result.js";

const pose = (thumb: string, rest: [string, string, string, string], thumbDirection = "diagonalUpRight"): Record<Finger, FingerPose> => {
  const [index, middle, ring, pinky] = rest as FingerPose["curl"][];
  return {
    thumb: { curl: thumb as FingerPose["curl"], direction: thumbDirection },
    index: { curl: index!, direction: "verticalUp" },
    middle: { curl: middle!, direction: "verticalUp" },
    ring: { curl: ring!, direction: "verticalUp" },
    pinky: { curl: pinky!, direction: "verticalUp" },
  };
};

test("finger poses read as the gestures that mean something", () => {
  assert.equal(classifyHand(pose("none", ["none", "none", "none", "none"])), "open-palm");
  assert.equal(classifyHand(pose("none", ["full", "full", "full", "full"], "verticalUp")), "thumbs-up");
  // A fist's tucked thumb points sideways: not a thumbs-up.
  assert.equal(classifyHand(pose("none", ["full", "full", "full", "full"], "diagonalUpRight")), "fist");
  assert.equal(classifyHand(pose("full", ["none", "none", "full", "half"])), "victory");
  assert.equal(classifyHand(pose("half", ["none", "full", "full", "full"])), "point");
  assert.equal(classifyHand(pose("half", ["half", "full", "full", "full"])), "unknown");
  assert.equal(classifyHand(undefined), "unknown");
  assert.equal(classifyHand({ thumb: { curl: "none", direction: "verticalUp" } }), "unknown");
});

test("faces the detector's box is unsure of are dropped; emotions map onto the unified labels", () => {
  const faces = toFaces([
    { score: 0.98, boxScore: 0.51, box: [63, 195, 332, 332], emotion: [{ score: 0.6, emotion: "sad" }] },
    {
      score: 0.95,
      boxScore: 0.9,
      box: [10, 20, 100, 120],
      emotion: [
        { score: 0.7, emotion: "sad" },
        { score: 0.3, emotion: "neutral" },
      ],
    },
  ]);
  assert.equal(faces.length, 1);
  assert.equal(faces[0]!.label, "sadness");
  assert.equal(faces[0]!.scores.sadness, 0.7);
  assert.deepEqual(faces[0]!.box, { x: 10, y: 20, width: 100, height: 120 });
});

test("hands found on a padded canvas come back in the frame's coordinates, clipped to it", () => {
  const hands = toHands(
    [
      { score: 0.8, box: [150, 120, 60, 90], label: "point", landmarks: pose("half", ["none", "full", "full", "full"]) },
      { score: 0.2, box: [0, 0, 10, 10], label: "fist" },
    ],
    { width: 200, height: 160 },
    undefined,
    { x: 100, y: 80 },
  );
  assert.deepEqual(hands, [{ gesture: "point", box: { x: 50, y: 40, width: 60, height: 90 }, handedness: "unknown", confidence: 0.8 }]);
  const clipped = toHands([{ score: 0.9, box: [90, 70, 300, 300], label: "open" }], { width: 200, height: 160 }, undefined, { x: 100, y: 80 });
  assert.deepEqual(clipped[0]!.box, { x: 0, y: 0, width: 200, height: 160 });
});

test("people: the larger of faces and sure, non-empty bodies", () => {
  assert.equal(countPeople([], [{ score: 0.32, box: [252, 276, 0, 0] }]), 0);
  assert.equal(countPeople([], [{ score: 0.7, box: [0, 0, 100, 200] }]), 1);
  const faces = toFaces(
    [1, 2, 3].map((i) => ({
      score: 0.9,
      boxScore: 0.9,
      box: [i * 100, 0, 50, 50] as [number, number, number, number],
      emotion: [{ score: 1, emotion: "happy" }],
    })),
  );
  assert.equal(countPeople(faces, [{ score: 0.7, box: [0, 0, 100, 200] }]), 3);
});

test("handedness from the landmarks: thumb side of the palm axis, the same turned, flipped in a mirror", () => {
  // A right hand, palm to the camera, fingers up: wrist at the bottom, thumb on the image's right.
  const right: number[][] = Array.from({ length: 21 }, () => [100, 100]);
  right[0] = [100, 200];
  right[1] = [130, 185];
  right[2] = [150, 165];
  right[9] = [100, 110];
  right[13] = [80, 115];
  right[17] = [62, 125];
  assert.equal(handednessFromKeypoints(right), "right");
  const mirrored = right.map(([x, y]) => [320 - x!, y!]);
  assert.equal(handednessFromKeypoints(mirrored), "left");
  // Turned 90° (fingers pointing left) and upside down: still the same hand.
  const turn = (points: number[][], degrees: number) =>
    points.map(([x, y]) => {
      const a = (degrees * Math.PI) / 180;
      return [Math.cos(a) * x! - Math.sin(a) * y!, Math.sin(a) * x! + Math.cos(a) * y!];
    });
  assert.equal(handednessFromKeypoints(turn(right, 90)), "right");
  assert.equal(handednessFromKeypoints(turn(right, 180)), "right");
  assert.equal(handednessFromKeypoints(turn(mirrored, -90)), "left");
  // A hand seen edge on (thumb and pinky on the axis) is not guessed; nor are missing points.
  const edge = right.map(([, y]) => [100, y!]);
  assert.equal(handednessFromKeypoints(edge), "unknown");
  assert.equal(handednessFromKeypoints(right.slice(0, 10)), "unknown");
  assert.equal(handednessFromKeypoints(undefined), "unknown");
  const raw = { score: 0.9, box: [0, 0, 50, 50] as [number, number, number, number], label: "hand", keypoints: right };
  assert.equal(toHands([raw], { width: 320, height: 240 })[0]?.handedness, "right");
});
