// Tool calling's own rules: zod schemas become grammar-safe JSON schemas, a call is checked against its
// tool's schema before it runs, and every failure (unknown tool, bad arguments, a tool that throws, the
// time budget spent) comes back as an error for the model, never as an exception in the turn.
import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import type { Tool } from "../kernel/capability.js";
import { createTurnTools, grammarSchema, looksLikeActionRequest, toolSpec } from "./tool-calling.js";
import { careSettingsPatchSchema } from "../care/care-routes.js";

const tools: Tool[] = [
  {
    name: "home_set_brightness",
    description: "Set a light's brightness in percent.",
    input: z.object({ name: z.string().trim().min(1).max(100), percent: z.number().int().min(1).max(100) }).strict(),
    run: (input) => ({ set: (input as { name: string }).name }),
  },
  { name: "explodes", description: "Always fails.", input: z.object({}).strict(), run: () => Promise.reject(new Error("Home Assistant said no")) },
  { name: "slow", description: "Takes its time.", input: z.object({}).strict(), run: () => new Promise((resolve) => setTimeout(() => resolve("late"), 200)) },
];

test("a zod schema becomes a JSON schema a grammar can follow; ranges move into the description", () => {
  const spec = toolSpec(tools[0]!);
  assert.deepEqual(spec?.parameters, {
    type: "object",
    properties: { name: { type: "string", minLength: 1, maxLength: 100 }, percent: { type: "integer", description: "1–100" } },
    required: ["name", "percent"],
    additionalProperties: false,
  });
  assert.deepEqual(grammarSchema({ type: "string", enum: ["zh", "en"] }), { enum: ["zh", "en"] });
  assert.deepEqual(grammarSchema({ type: ["string", "null"] }), { oneOf: [{ type: "string" }, { type: "null" }] });
  assert.equal(grammarSchema({ type: "object", properties: { x: { not: {} } } }), null, "what a grammar cannot say is not offered");
  // The real care settings patch (nested, optional, nullable) converts too.
  const care = toolSpec({ name: "care", description: "", input: careSettingsPatchSchema, run: () => null });
  assert.equal(care?.parameters.type, "object");
});

test("calls are validated with the tool's schema; unknown tools, bad arguments and failures are errors for the model", async () => {
  const turn = createTurnTools(tools)!;
  assert.equal(turn.maxRounds, 3);
  assert.deepEqual(await turn.call("home_set_brightness", { name: " Lamp ", percent: 40 }), { ok: true, result: { set: "Lamp" } });
  const bad = await turn.call("home_set_brightness", { name: "Lamp", percent: 400 });
  assert.equal(bad.ok, false);
  assert.match(!bad.ok ? bad.error : "", /percent/);
  const extra = await turn.call("home_set_brightness", { name: "Lamp", percent: 4, colour: "red" });
  assert.equal(extra.ok, false);
  const missing = await turn.call("home_set_brightness", "not an object");
  assert.equal(missing.ok, false);
  const unknown = await turn.call("rm_rf", {});
  assert.match(!unknown.ok ? unknown.error : "", /no tool named "rm_rf".*home_set_brightness/);
  assert.deepEqual(await turn.call("explodes", {}), { ok: false, error: "Home Assistant said no" });
});

test("the time budget bounds a turn's calls: a slow call is cut off, later calls are refused", async () => {
  let now = 0;
  const turn = createTurnTools(tools, { budgetMs: 50, clock: () => now })!;
  const slow = await turn.call("slow", {});
  assert.match(!slow.ok ? slow.error : "", /longer than 50 ms/);
  now = 60;
  const after = await turn.call("home_set_brightness", { name: "Lamp", percent: 10 });
  assert.match(!after.ok ? after.error : "", /no time left/);
  assert.equal(createTurnTools([]), null, "no tools, nothing offered");
});

test("tools are offered for requests for an action, not for chat", () => {
  for (const text of [
    "帮我把客厅弄暗一点",
    "能不能放首歌",
    "提醒我明天交报告",
    "can you make the living room cozy",
    "please set the lamp to 30 percent",
    "Turn off everything",
  ])
    assert.ok(looksLikeActionRequest(text), text);
  for (const text of ["今天好累啊", "我们组长又骂我了", "I had a long day", "what do you think about cats?", ""])
    assert.ok(!looksLikeActionRequest(text), text);
});
