// Frames from a device camera on a headless box: ffmpeg reads V4L2, scales to 320 px wide and writes
// JPEGs to a pipe; frames are split in memory and handed on, never written anywhere.
import { spawn, type ChildProcess } from "node:child_process";

/** Capture runs at the fast rate; the frame-rate controller drops what it does not need. */
export const CAPTURE_FPS = 4;
export const FRAME_WIDTH = 320;
/** A 320-px JPEG is ~20 KB; anything past this is not one frame. */
export const MAX_CAPTURED_FRAME_BYTES = 2 * 1024 * 1024;

export interface CameraCapture {
  stop(): void;
  readonly running: boolean;
}

export interface CaptureOptions {
  /** ffmpeg's input arguments; V4L2 on `device` by default. Tests pass a looped image or lavfi. */
  input?: string[];
  device?: string;
  fps?: number;
  onFrame(jpeg: Uint8Array): void;
  onExit?(code: number | null, stderrTail: string): void;
  ffmpegPath?: string;
}

export function v4l2Input(device: string): string[] {
  return ["-f", "v4l2", "-i", device];
}

/** Splits a concatenation of JPEGs (SOI FFD8 … EOI FFD9) into frames; ffmpeg's mjpeg has no thumbnails. */
export function createJpegSplitter(onFrame: (jpeg: Uint8Array) => void, maxBytes = MAX_CAPTURED_FRAME_BYTES) {
  let buffer: Buffer = Buffer.alloc(0);
  return (chunk: Buffer) => {
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    for (;;) {
      const start = buffer.indexOf(Buffer.from([0xff, 0xd8]));
      if (start < 0) {
        buffer = Buffer.alloc(0);
        return;
      }
      const end = buffer.indexOf(Buffer.from([0xff, 0xd9]), start + 2);
      if (end < 0) {
        buffer = buffer.subarray(start);
        // A runaway frame is dropped rather than grown without bound.
        if (buffer.length > maxBytes) buffer = Buffer.alloc(0);
        return;
      }
      onFrame(new Uint8Array(buffer.subarray(start, end + 2)));
      buffer = buffer.subarray(end + 2);
    }
  };
}

export function startFfmpegCapture(options: CaptureOptions): CameraCapture {
  const fps = options.fps ?? CAPTURE_FPS;
  const input = options.input ?? v4l2Input(options.device ?? "/dev/video0");
  const args = [
    "-hide_banner",
    "-loglevel",
    "error",
    "-nostdin",
    ...input,
    "-vf",
    `fps=${fps},scale=${FRAME_WIDTH}:-2`,
    "-f",
    "image2pipe",
    "-vcodec",
    "mjpeg",
    "-q:v",
    "5",
    "-",
  ];
  const child: ChildProcess = spawn(options.ffmpegPath ?? "ffmpeg", args, { stdio: ["ignore", "pipe", "pipe"] });
  let running = true;
  let stderr = "";
  child.stdout!.on(
    "data",
    createJpegSplitter((jpeg) => running && options.onFrame(jpeg)),
  );
  child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  child.on("error", (error) => {
    running = false;
    options.onExit?.(null, String(error));
  });
  child.on("exit", (code) => {
    running = false;
    options.onExit?.(code, stderr);
  });
  return {
    get running() {
      return running;
    },
    stop() {
      if (!running) return;
      running = false;
      child.kill("SIGTERM");
    },
  };
}
