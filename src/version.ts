import { readFileSync } from "node:fs";
import { projectPath } from "./project-path.js";

/** The package version, read once from package.json. */
export const VERSION: string = (JSON.parse(readFileSync(projectPath("package.json"), "utf8")) as { version: string }).version;
