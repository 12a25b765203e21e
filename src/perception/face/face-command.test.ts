// `guimi face` on hostile files: a decompression bomb and an oversized file are bad input (exit 2),
// refused before any decoding or model loading.
import { test } from "node:test";
import assert from "node:assert/strict";
import { truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTempDir } from "../../testing/paths.js";
import { EXIT_BAD_INPUT, MAX_IMAGE_FILE_BYTES, runFaceCommand } from "./face-command.js";
import { zeroBombPng } from "./png-fixture.js";

test("guimi face: a 6000×6000 PNG bomb and a file over the size limit exit 2 with the reason", async () => {
  const { dir, cleanup } = makeTempDir();
  try {
    const bomb = join(dir, "bomb.png");
    writeFileSync(bomb, await zeroBombPng(6000, 6000));
    let errors = "";
    const errorOutput = { write: (s: string) => (errors += s) };
    assert.equal(await runFaceCommand({ imagePath: bomb, errorOutput, output: { write: () => true } }), EXIT_BAD_INPUT);
    assert.match(errors, /6000×6000 is too large/);

    const huge = join(dir, "huge.jpg");
    writeFileSync(huge, "");
    truncateSync(huge, MAX_IMAGE_FILE_BYTES + 1); // sparse: no real disk used
    errors = "";
    assert.equal(await runFaceCommand({ imagePath: huge, errorOutput, output: { write: () => true } }), EXIT_BAD_INPUT);
    assert.match(errors, /too large/);
  } finally {
    cleanup();
  }
});
