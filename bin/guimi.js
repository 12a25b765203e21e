#!/usr/bin/env node
// The `guimi` command. The TypeScript sources are compiled to dist/ by `npm install` (prepare) or `npm run build`.
import { main } from "../dist/src/cli/main.js";

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => {
    console.error(`guimi: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
