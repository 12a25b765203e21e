#!/usr/bin/env node
// The `guimi` command. The TypeScript sources are compiled to dist/ by `npm install` (prepare) or `npm run build`.
import { main } from "../dist/src/cli/main.js";

// `guimi … | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`guimi: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
