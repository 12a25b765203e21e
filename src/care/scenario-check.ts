// Checks a simulation's outputs against a scenario's expectations: what must come (by rule, kind and
// time window) and windows where nothing (or nothing of a kind) may come.
import { z } from "zod";

/** One thing Guimi said during a simulation. */
export interface SimulationOutput {
  at: string;
  kind: "care" | "reminder" | "reply";
  rule: string;
  reason: string;
  text: string;
  lang: string;
}

const window = { from: z.string().datetime({ offset: true }), to: z.string().datetime({ offset: true }) };

export const scenarioExpectationSchema = z
  .object({
    description: z.string().optional(),
    required: z
      .array(
        z
          .object({
            ...window,
            rule: z.string().optional(),
            kind: z.enum(["care", "reminder", "reply"]).optional(),
            min: z.number().int().min(0).optional(),
            max: z.number().int().min(0).optional(),
            textIncludes: z.string().optional(),
            note: z.string().optional(),
          })
          .strict(),
      )
      .default([]),
    forbidden: z
      .array(z.object({ ...window, rule: z.string().optional(), kind: z.enum(["care", "reminder", "reply"]).optional(), note: z.string().optional() }).strict())
      .default([]),
    /** At most this many care messages on any local day. */
    maxCarePerDay: z.number().int().min(0).optional(),
  })
  .strict();

export type ScenarioExpectation = z.infer<typeof scenarioExpectationSchema>;

const matches = (o: SimulationOutput, f: { rule?: string | undefined; kind?: string | undefined; from: string; to: string }) =>
  (!f.rule || o.rule === f.rule) && (!f.kind || o.kind === f.kind) && Date.parse(o.at) >= Date.parse(f.from) && Date.parse(o.at) <= Date.parse(f.to);

const describe = (f: { rule?: string | undefined; kind?: string | undefined; from: string; to: string; note?: string | undefined }) =>
  `${f.kind ?? "any"}${f.rule ? `:${f.rule}` : ""} in ${f.from} … ${f.to}${f.note ? ` (${f.note})` : ""}`;

/** Problems found; empty when the outputs meet every expectation. */
export function checkScenario(outputs: readonly SimulationOutput[], expected: ScenarioExpectation): string[] {
  const problems: string[] = [];
  for (const r of expected.required) {
    const found = outputs.filter((o) => matches(o, r) && (!r.textIncludes || o.text.includes(r.textIncludes)));
    const min = r.min ?? 1;
    if (found.length < min) problems.push(`missing: ${describe(r)} (wanted ≥ ${min}, got ${found.length})`);
    if (r.max !== undefined && found.length > r.max)
      problems.push(`too many: ${describe(r)} (wanted ≤ ${r.max}, got ${found.length}: ${found.map((o) => o.at).join(", ")})`);
  }
  for (const f of expected.forbidden) {
    for (const o of outputs.filter((o) => matches(o, f))) problems.push(`forbidden: ${describe(f)} — got ${o.kind}:${o.rule} at ${o.at}: ${o.text}`);
  }
  if (expected.maxCarePerDay !== undefined) {
    const perDay = new Map<string, number>();
    for (const o of outputs) if (o.kind === "care") perDay.set(o.at.slice(0, 10), (perDay.get(o.at.slice(0, 10)) ?? 0) + 1);
    for (const [day, n] of perDay) if (n > expected.maxCarePerDay) problems.push(`budget: ${n} care messages on ${day} (max ${expected.maxCarePerDay})`);
  }
  return problems;
}
