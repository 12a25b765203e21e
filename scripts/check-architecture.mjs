#!/usr/bin/env node
// Architecture rules, checked in `npm test` over src/ (tests excluded: integration tests may build the app):
// 1. capabilities and the kernel never import the edges (app/, server/, cli/, bench/);
// 2. no import cycles between folders;
// 3. one language kernel: `"zh" | "en"` and Han-character ranges are spelled only in kernel/lang.ts (Lang, hasHan,
//    scriptLang, countHan, hanRuns, HAN_CHARS…), so every module agrees on what Chinese text is.
// Prints every violation and exits 1 when there is one.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(dirname(new URL(import.meta.url).pathname), "..", "src");
const edges = new Set(["app", "server", "cli", "bench", "web-e2e"]);

function files(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) files(full, out);
    else if (name.endsWith(".ts") && !name.endsWith(".test.ts") && !name.endsWith(".contract.ts")) out.push(full);
  }
  return out;
}

const ownLanguageRules = new Set(["kernel/lang.ts"]);
const ownLanguage = [
  [/"zh"\s*\|\s*"en"|"en"\s*\|\s*"zh"/, 'spells "zh" | "en" (use Lang from kernel/lang.ts)'],
  [/\\u4e00|\\u3400|\\u9fa5|\\u9fff|\\p\{Script=Han\}|\\p\{sc=Han\}|\[一-龥\]/, "spells a Han range (use hasHan/countHan/HAN_CHARS from kernel/lang.ts)"],
];

const folderOf = (file) => relative(root, file).split("/")[0].replace(/\.ts$/, "");
const graph = new Map();
const problems = [];
for (const file of files(root)) {
  const from = folderOf(file);
  const source = readFileSync(file, "utf8");
  const path = relative(root, file);
  if (!ownLanguageRules.has(path)) for (const [pattern, why] of ownLanguage) if (pattern.test(source)) problems.push(`${path} ${why}`);
  for (const match of source.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"/gms)) {
    const target = resolve(dirname(file), match[1]);
    if (!target.startsWith(root)) continue;
    const to = folderOf(target);
    if (to === from) continue;
    if (!graph.has(from)) graph.set(from, new Map());
    const edgesFrom = graph.get(from);
    if (!edgesFrom.has(to)) edgesFrom.set(to, relative(root, file));
    if (!edges.has(from) && edges.has(to)) problems.push(`${relative(root, file)} imports ${to}/ (a capability must not import the edges)`);
  }
}

// Folder-level cycles, by depth-first search.
const state = new Map();
const stack = [];
function visit(node) {
  state.set(node, "open");
  stack.push(node);
  for (const [next, via] of graph.get(node) ?? []) {
    if (state.get(next) === "open") {
      const cycle = [...stack.slice(stack.indexOf(next)), next];
      problems.push(`import cycle between folders: ${cycle.join(" → ")} (e.g. ${via})`);
    } else if (!state.has(next)) visit(next);
  }
  stack.pop();
  state.set(node, "done");
}
for (const node of graph.keys()) if (!state.has(node)) visit(node);

if (problems.length > 0) {
  console.error(`architecture: ${problems.length} problem(s)\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`architecture: ${graph.size} folders, no edge imports from capabilities, no folder cycles, one Lang`);
