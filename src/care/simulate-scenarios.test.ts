// Every scenario in scenarios/ runs through `runSimulateCommand` and must meet its expectations, plus
// invariants that hold for any timeline: nothing while the device is off, the daily budget, no offer
// of a song, sleep sounds or a lamp (the simulated device has none).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../testing/paths.js";
import { runSimulateCommand, type SimulationOutput } from "../cli/simulate-command.js";
import { checkScenario, scenarioExpectationSchema } from "./scenario-check.js";
import { parseTimeline } from "./simulation-timeline.js";
import { offerWords } from "./care-offers.js";

const dir = join(projectRoot, "src", "care", "scenarios");
const scenarios = readdirSync(dir)
  .filter((f) => f.endsWith(".jsonl"))
  .sort();

/** Windows in which the device was off, from the timeline itself. */
function offWindows(timeline: string): { from: number; to: number }[] {
  const windows: { from: number; to: number }[] = [];
  let offAt: number | null = null;
  for (const line of parseTimeline(timeline)) {
    if (line.type !== "device.power") continue;
    if (line.fields.state === "off" && offAt === null) offAt = line.at.getTime();
    if (line.fields.state === "on" && offAt !== null) {
      windows.push({ from: offAt, to: line.at.getTime() });
      offAt = null;
    }
  }
  if (offAt !== null) windows.push({ from: offAt, to: Infinity });
  return windows;
}

test("there are scenarios", () => assert.ok(scenarios.length >= 10, `found ${scenarios.length}`));

for (const file of scenarios) {
  test(`scenario ${file}`, async () => {
    const timeline = readFileSync(join(dir, file), "utf8");
    const expected = scenarioExpectationSchema.parse(JSON.parse(readFileSync(join(dir, file.replace(/\.jsonl$/, ".expected.json")), "utf8")));
    const outputs: SimulationOutput[] = [];
    let printed = "";
    const code = await runSimulateCommand({ input: timeline, output: (t) => (printed += t), json: true, onOutput: (o) => outputs.push(o) });
    assert.equal(code, 0, printed);
    // --json prints exactly the outputs, one JSON object per line.
    assert.deepEqual(
      printed.trim() === ""
        ? []
        : printed
            .trim()
            .split("\n")
            .map((l) => JSON.parse(l) as unknown),
      outputs,
    );
    const problems = checkScenario(outputs, expected);
    for (const w of offWindows(timeline)) {
      for (const o of outputs) {
        const at = Date.parse(o.at);
        if (at >= w.from && at < w.to) problems.push(`said while the device was off: ${o.at} ${o.rule}`);
      }
    }
    // The simulation's device can play nothing and switch nothing: no care may offer it.
    for (const o of outputs) if (o.kind === "care" && offerWords.test(o.text)) problems.push(`offers what the device cannot do: ${o.at} ${o.rule}: ${o.text}`);
    const log = outputs.map((o) => `  ${o.at} ${o.kind}:${o.rule} ${o.text}`).join("\n");
    assert.deepEqual(problems, [], `${file}\n${problems.join("\n")}\noutputs:\n${log}`);
  });
}
