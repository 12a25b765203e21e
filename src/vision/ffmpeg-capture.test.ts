// The capture adapter with real ffmpeg on a looped photo (no camera on a build box): frames come as
// 320-px JPEGs, split in memory, and stop the moment it is stopped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { sharedPath } from "../testing/paths.js";
import { decodeImage } from "../perception/face/decode-image.js";
import { createJpegSplitter, FRAME_WIDTH, startFfmpegCapture, v4l2Input } from "./ffmpeg-capture.js";

const hasFfmpeg = spawnSync("ffmpeg", ["-version"]).status === 0;

test("JPEGs split across and within chunks come out whole; a runaway frame is dropped", () => {
  const frames: number[][] = [];
  const split = createJpegSplitter((j) => frames.push([...j]), 16);
  split(Buffer.from([0x00, 0xff, 0xd8, 1, 2]));
  split(Buffer.from([3, 0xff, 0xd9, 0xff, 0xd8, 9, 0xff, 0xd9, 0xff]));
  assert.deepEqual(frames, [
    [0xff, 0xd8, 1, 2, 3, 0xff, 0xd9],
    [0xff, 0xd8, 9, 0xff, 0xd9],
  ]);
  split(Buffer.from([0xd8, ...new Array(20).fill(7)]));
  split(Buffer.from([0xff, 0xd9, 0xff, 0xd8, 5, 0xff, 0xd9]));
  assert.deepEqual(frames.at(-1), [0xff, 0xd8, 5, 0xff, 0xd9]);
  assert.equal(frames.length, 3);
});

test("ffmpeg capture of a looped photo yields 320-px JPEG frames and stops on stop()", {
  skip: hasFfmpeg ? false : "ffmpeg not installed",
  timeout: 30_000,
}, async () => {
  assert.deepEqual(v4l2Input("/dev/video0"), ["-f", "v4l2", "-i", "/dev/video0"]);
  const frames: Uint8Array[] = [];
  let exited = false;
  const capture = await new Promise<ReturnType<typeof startFfmpegCapture>>((resolve, reject) => {
    const c = startFfmpegCapture({
      input: ["-re", "-loop", "1", "-i", sharedPath("images", "faces", "happy.jpg")],
      onFrame: (jpeg) => {
        frames.push(jpeg);
        if (frames.length === 3) resolve(c);
      },
      onExit: (code, tail) => {
        exited = true;
        if (frames.length < 3) reject(new Error(`ffmpeg exited ${code}: ${tail}`));
      },
    });
  });
  capture.stop();
  const image = decodeImage(frames[0]!);
  assert.equal(image.width, FRAME_WIDTH);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(capture.running, false);
  assert.ok(exited, "ffmpeg is gone");
  const count = frames.length;
  await new Promise((r) => setTimeout(r, 600));
  assert.equal(frames.length, count, "no frame after stop");
});
