// `guimi vision <image> [--json]`: faces, hands and people in one image file, in memory. Returns the
// exit code (0 ok, 2 bad input, 1 failure), like `guimi face`.
import { readFile, stat } from "node:fs/promises";
import { EMOTION_NAMES } from "../perception/emotion-labels.js";
import { ImageDecodeError } from "../perception/face/image-error.js";
import { createHumanVisionAnalyzer, type VisionAnalyzer } from "./human-analyzer.js";
import { MAX_FRAME_BYTES } from "./vision-capability.js";
import type { Gesture } from "./vision-result.js";

export interface VisionCommandOptions {
  imagePath: string;
  json?: boolean;
  output?: { write(text: string): unknown };
  errorOutput?: { write(text: string): unknown };
  analyzer?: VisionAnalyzer;
}

const GESTURE_NAMES: Record<Gesture, { zh: string; en: string }> = {
  "open-palm": { zh: "张开手掌", en: "open palm" },
  "thumbs-up": { zh: "点赞", en: "thumbs up" },
  victory: { zh: "比耶", en: "victory" },
  point: { zh: "食指指向", en: "point" },
  fist: { zh: "握拳", en: "fist" },
  unknown: { zh: "看不出手势", en: "no known gesture" },
};

export async function runVisionCommand(options: VisionCommandOptions): Promise<number> {
  const output = options.output ?? process.stdout;
  const errorOutput = options.errorOutput ?? process.stderr;
  const fail = (code: number, zh: string, en: string, detail: string) => {
    if (options.json) output.write(JSON.stringify({ error: { code: code === 2 ? "bad-input" : "failure", message: `${en}: ${detail}` } }) + "\n");
    else errorOutput.write(`${zh}：${detail}\n${en}: ${detail}\n`);
    return code;
  };
  let bytes: Uint8Array;
  try {
    const info = await stat(options.imagePath);
    if (!info.isFile()) return fail(2, "不是图片文件", "not an image file", options.imagePath);
    if (info.size > MAX_FRAME_BYTES) return fail(2, "图片文件太大", "image file too large", `${info.size} bytes (limit ${MAX_FRAME_BYTES})`);
    bytes = new Uint8Array(await readFile(options.imagePath));
  } catch (error) {
    return fail(2, "无法读取图片", "cannot read image", `${options.imagePath} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    const result = await (options.analyzer ?? createHumanVisionAnalyzer()).analyze(bytes);
    if (options.json) {
      output.write(
        JSON.stringify({
          faces: result.faces.map((f) => ({ label: f.label, scores: f.scores, box: f.box, confidence: f.confidence })),
          hands: result.hands.map((h) => ({ gesture: h.gesture, box: h.box, handedness: h.handedness, confidence: h.confidence })),
          people: result.people,
        }) + "\n",
      );
      return 0;
    }
    output.write(`人数 / people: ${result.people}\n`);
    for (const face of result.faces) {
      const name = EMOTION_NAMES[face.label];
      output.write(
        `  脸 face: ${name.zh} ${name.en}  ${Math.round(face.scores[face.label] * 100)}%  (x=${face.box.x} y=${face.box.y} ${face.box.width}×${face.box.height})\n`,
      );
    }
    for (const hand of result.hands) {
      const name = GESTURE_NAMES[hand.gesture];
      output.write(`  手 hand: ${name.zh} ${name.en}  (x=${hand.box.x} y=${hand.box.y} ${hand.box.width}×${hand.box.height})\n`);
    }
    if (result.faces.length === 0 && result.hands.length === 0) output.write("没有找到人脸或手。\nNo face or hand found.\n");
    return 0;
  } catch (error) {
    if (error instanceof ImageDecodeError) return fail(2, "无法识别图片", "cannot decode image", error.message);
    return fail(1, "画面分析失败", "vision failed", error instanceof Error ? error.message : String(error));
  }
}
