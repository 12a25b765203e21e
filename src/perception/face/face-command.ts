// `guimi face <image> [--json]`: facial expressions in one image file. The CLI module wires the
// arguments; this does the work and returns the exit code (0 ok, 2 bad input, 1 failure).
import { readFile, stat } from "node:fs/promises";
import { EMOTION_NAMES } from "../emotion-labels.js";
import { createFaceExpressionAnalyzer, type FaceAnalyzerOptions, type FaceExpressionAnalyzer } from "./face-expression-analyzer.js";
import { ImageDecodeError } from "./image-error.js";

export interface FaceCommandOptions extends FaceAnalyzerOptions {
  imagePath: string;
  json?: boolean;
  /** Where results go; process.stdout by default. */
  output?: { write(text: string): unknown };
  /** Where errors go; process.stderr by default. */
  errorOutput?: { write(text: string): unknown };
  /** An analyzer to reuse (the daemon's, or a test's); a new one otherwise. */
  analyzer?: FaceExpressionAnalyzer;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;
/** The same limit as the HTTP sensor route: a face photo is never bigger. */
export const MAX_IMAGE_FILE_BYTES = 8 * 1024 * 1024;

export async function runFaceCommand(options: FaceCommandOptions): Promise<number> {
  const output = options.output ?? process.stdout;
  const errorOutput = options.errorOutput ?? process.stderr;
  const fail = (code: number, zh: string, en: string, detail: string) => {
    if (options.json) output.write(JSON.stringify({ error: { code: code === EXIT_BAD_INPUT ? "bad-input" : "failure", message: `${en}: ${detail}` } }) + "\n");
    else errorOutput.write(`${zh}：${detail}\n${en}: ${detail}\n`);
    return code;
  };

  let bytes: Uint8Array;
  try {
    const info = await stat(options.imagePath);
    if (!info.isFile()) return fail(EXIT_BAD_INPUT, "不是图片文件", "not an image file", options.imagePath);
    if (info.size > MAX_IMAGE_FILE_BYTES)
      return fail(EXIT_BAD_INPUT, "图片文件太大", "image file too large", `${info.size} bytes (limit ${MAX_IMAGE_FILE_BYTES})`);
    bytes = new Uint8Array(await readFile(options.imagePath));
  } catch (error) {
    return fail(EXIT_BAD_INPUT, "无法读取图片", "cannot read image", `${options.imagePath} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }

  try {
    const analyzer = options.analyzer ?? createFaceExpressionAnalyzer(options);
    const { faces } = await analyzer.analyze(bytes);
    if (options.json) {
      output.write(JSON.stringify({ faces: faces.map((f) => ({ label: f.label, scores: f.scores, box: f.box, confidence: f.confidence })) }) + "\n");
      return EXIT_OK;
    }
    if (faces.length === 0) {
      output.write("没有找到人脸。\nNo face found.\n");
      return EXIT_OK;
    }
    output.write(`找到 ${faces.length} 张脸 / ${faces.length} face${faces.length > 1 ? "s" : ""}:\n`);
    for (const face of faces) {
      const name = EMOTION_NAMES[face.label];
      const { x, y, width, height } = face.box;
      output.write(`  ${name.zh} ${name.en}  ${Math.round(face.scores[face.label] * 100)}%  (x=${x} y=${y} ${width}×${height})\n`);
    }
    return EXIT_OK;
  } catch (error) {
    if (error instanceof ImageDecodeError) return fail(EXIT_BAD_INPUT, "无法识别图片", "cannot decode image", error.message);
    return fail(EXIT_FAILURE, "人脸分析失败", "face analysis failed", error instanceof Error ? error.message : String(error));
  }
}
