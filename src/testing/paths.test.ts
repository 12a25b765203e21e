import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { projectRoot, tinyModelPath } from "./paths.js";

test("project root holds package.json and the shared tiny model exists", () => {
  assert.ok(existsSync(join(projectRoot, "package.json")));
  assert.ok(existsSync(tinyModelPath), `missing ${tinyModelPath}`);
});
