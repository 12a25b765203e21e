// Tool calling for a conversation turn: the registry's tools (zod schemas) as the model sees them, and
// how a call runs — validated with the tool's own schema, bounded in rounds and time, and never thrown
// into the turn: a bad or unknown call comes back as an error the model reads and answers around.
import { z } from "zod";
import type { Tool } from "../kernel/capability.js";
import type { JsonSchema, ToolOutcome, ToolSpec, TurnTools } from "./language-model.js";

type Raw = Record<string, unknown>;

const range = (raw: Raw): string | undefined => {
  const min = raw.minimum ?? raw.exclusiveMinimum;
  const max = raw.maximum ?? raw.exclusiveMaximum;
  if (min === undefined && max === undefined) return undefined;
  return `${min ?? "…"}–${max ?? "…"}`;
};

const withDescription = <T extends JsonSchema>(schema: T, raw: Raw, extra?: string): T => {
  const text = [typeof raw.description === "string" ? raw.description : undefined, extra].filter(Boolean).join("; ");
  return text ? { ...schema, description: text } : schema;
};

/**
 * A JSON Schema (as zod writes it) in the subset a generation grammar can follow. Keywords a grammar
 * cannot enforce (number ranges, patterns, formats) become words in the description; the tool's zod
 * schema still checks them when it runs. Returns null for what the subset cannot say at all.
 */
export function grammarSchema(raw: unknown): JsonSchema | null {
  if (!raw || typeof raw !== "object") return null;
  const s = raw as Raw;
  if (Array.isArray(s.enum)) return withDescription({ enum: s.enum as (string | number | boolean | null)[] }, s);
  if (s.const !== undefined) return withDescription({ const: s.const as string | number | boolean | null }, s);
  const union = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(union)) {
    const options = union.map(grammarSchema);
    if (options.some((o) => o === null)) return null;
    return withDescription({ oneOf: options as JsonSchema[] }, s);
  }
  if (Array.isArray(s.type)) return grammarSchema({ ...s, type: undefined, anyOf: s.type.map((type) => ({ ...s, type })) });
  switch (s.type) {
    case "string": {
      const schema: JsonSchema = { type: "string" };
      if (typeof s.minLength === "number") schema.minLength = s.minLength;
      if (typeof s.maxLength === "number") schema.maxLength = s.maxLength;
      return withDescription(schema, s, typeof s.format === "string" ? `format ${s.format}` : undefined);
    }
    case "number":
    case "integer":
      return withDescription({ type: s.type }, s, range(s));
    case "boolean":
    case "null":
      return withDescription({ type: s.type }, s);
    case "array": {
      const items = grammarSchema(s.items ?? {});
      if (!items) return null;
      const schema: JsonSchema = { type: "array", items };
      if (typeof s.minItems === "number") schema.minItems = s.minItems;
      if (typeof s.maxItems === "number") schema.maxItems = s.maxItems;
      return withDescription(schema, s);
    }
    case "object": {
      const properties: Record<string, JsonSchema> = {};
      for (const [key, value] of Object.entries((s.properties as Raw | undefined) ?? {})) {
        const property = grammarSchema(value);
        if (!property) return null;
        properties[key] = property;
      }
      const schema: JsonSchema & { type: "object" } = { type: "object", properties, additionalProperties: false };
      if (Array.isArray(s.required) && s.required.length > 0) schema.required = s.required as string[];
      return withDescription(schema, s);
    }
    default:
      return null;
  }
}

/** How the model sees one tool; null when its input cannot be said as a grammar (then it is not offered). */
export function toolSpec(tool: Tool): ToolSpec | null {
  let raw: unknown;
  try {
    raw = z.toJSONSchema(tool.input, { io: "input", unrepresentable: "any" });
  } catch {
    return null;
  }
  const parameters = grammarSchema(raw);
  if (!parameters || !("type" in parameters) || parameters.type !== "object") return null;
  return { name: tool.name, description: tool.description, parameters };
}

export interface TurnToolsOptions {
  /** Rounds of calls before the model must answer in words (default 3). */
  maxRounds?: number;
  /** Milliseconds all calls of one turn may take together (default 15 s); later calls are refused. */
  budgetMs?: number;
  choice?: "auto" | "required";
  /** Milliseconds since some origin, for the budget (performance.now by default). */
  clock?: () => number;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 300);

/** The tools of one turn, ready for an adapter. Each call is checked against its tool's zod schema first. */
export function createTurnTools(tools: readonly Tool[], options: TurnToolsOptions = {}): TurnTools | null {
  const clock = options.clock ?? (() => performance.now());
  const budgetMs = options.budgetMs ?? 15_000;
  const offered = new Map<string, { tool: Tool; spec: ToolSpec }>();
  for (const tool of tools) {
    const spec = toolSpec(tool);
    if (spec) offered.set(tool.name, { tool, spec });
  }
  if (offered.size === 0) return null;
  let started: number | null = null;
  return {
    specs: [...offered.values()].map((o) => o.spec),
    maxRounds: options.maxRounds ?? 3,
    ...(options.choice ? { choice: options.choice } : {}),
    async call(name, args): Promise<ToolOutcome> {
      started ??= clock();
      const entry = offered.get(name);
      if (!entry) return { ok: false, error: `there is no tool named "${String(name).slice(0, 60)}"; the tools are: ${[...offered.keys()].join(", ")}` };
      const parsed = entry.tool.input.safeParse(args ?? {});
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "arguments"}: ${i.message}`).join("; ");
        return { ok: false, error: `bad arguments for ${name}: ${issues}` };
      }
      const left = budgetMs - (clock() - started);
      if (left <= 0) return { ok: false, error: "no time left for actions in this turn; answer her in words now" };
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        const result = await Promise.race([
          Promise.resolve().then(() => entry.tool.run(parsed.data)),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`${name} took longer than ${Math.round(left)} ms`)), left);
          }),
        ]);
        return { ok: true, result: result ?? null };
      } catch (error) {
        return { ok: false, error: errorText(error) };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** The outcome as the model reads it: the result, or {"error": …}. */
export function outcomeForModel(outcome: ToolOutcome): unknown {
  return outcome.ok ? outcome.result : { error: outcome.error };
}

const ACTION_ZH =
  /(?:帮我|请你?|麻烦你?|能不能|可以|给我)|(?:^|[把将])[^，。？！]{0,12}(?:打开|关掉|关上|关了|调到|调成|调暗|调亮|设成|设置|开一下)|(?:提醒我|记一下|记住|查一下|找一下|播放|放一首|暂停|别打扰|免打扰)/u;
const ACTION_EN =
  /\b(?:turn (?:on|off)|switch (?:on|off)|set|dim|brighten|play|pause|resume|remind me|find|look up|search|list|show me|open|close|start|stop|mute|do not disturb|don't disturb)\b|^(?:please|can you|could you|would you)\b/i;

/**
 * Whether a turn looks like a request for an action, so tools are offered only then: offering them
 * changes what the model evaluates before its first word, and chats that need none should not pay.
 */
export function looksLikeActionRequest(text: string): boolean {
  const t = text.trim();
  if (t.length === 0 || t.length > 300) return false;
  return ACTION_ZH.test(t) || ACTION_EN.test(t);
}
