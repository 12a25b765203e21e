// Extraction through a LanguageModel: schema-constrained JSON, validated with zod at this edge, then
// turned into candidates with the same date resolution and provenance as the rules.
import { z } from "zod";
import type { JsonSchema, LanguageModel } from "../conversation/language-model.js";
import { resolveDates } from "./date-resolution.js";
import { sourceOf } from "./rule-extraction.js";
import type { ConversationMessage, MemoryCandidate } from "./memory-types.js";

export const extractionSchema: JsonSchema = {
  type: "object",
  properties: {
    memories: {
      type: "array",
      maxItems: 12,
      items: {
        type: "object",
        properties: {
          message: { type: "integer", description: "number of the message it comes from" },
          kind: { enum: ["fact", "preference", "person", "event", "feeling"] },
          text: { type: "string", description: "short statement in the speaker's language" },
          entities: { type: "array", items: { type: "string" }, maxItems: 6 },
          when: { type: "string", description: "date words as said (e.g. 下周三, last Saturday), or empty" },
          subject: { type: "string", description: "slot a later statement replaces: residence, job, name, relation:<who>; or empty" },
          importance: { type: "number", description: "0..1" },
        },
        required: ["message", "kind", "text", "entities", "when", "subject", "importance"],
        additionalProperties: false,
      },
    },
  },
  required: ["memories"],
  additionalProperties: false,
};

const extractionResult = z.object({
  memories: z.array(
    z.object({
      message: z.number().int(),
      kind: z.enum(["fact", "preference", "person", "event", "feeling"]),
      text: z.string().min(1).max(300),
      entities: z.array(z.string()).default([]),
      when: z.string().default(""),
      subject: z.string().default(""),
      importance: z.number().min(0).max(1).default(0.5),
    }),
  ),
});

const system =
  "你从对话中提取值得长期记住的信息：人物与关系、喜好、计划与事件（带日期）、感受、事实。只提取说话人关于自己生活的内容，不要编造。" +
  " Extract what is worth remembering long-term about the speakers (people, preferences, events with dates, feelings, facts). Never invent.";

/** Asks the model for memories from some messages; returns [] when the model fails or answers nonsense. */
export async function extractWithModel(
  model: LanguageModel,
  messages: readonly ConversationMessage[],
  now: Date,
  options: { tzOffsetMinutes?: number; signal?: AbortSignal } = {},
): Promise<MemoryCandidate[]> {
  const userMessages = messages.filter((m) => m.role === "user" && m.text.trim());
  if (userMessages.length === 0) return [];
  const prompt = userMessages.map((m, i) => `[${i + 1}] ${m.speaker}: ${m.text}`).join("\n");
  let raw: unknown;
  try {
    raw = await model.generateJson({ system, prompt, schema: extractionSchema, maxTokens: 800, ...(options.signal ? { signal: options.signal } : {}) });
  } catch {
    return [];
  }
  const parsed = extractionResult.safeParse(raw);
  if (!parsed.success) return [];
  const out: MemoryCandidate[] = [];
  for (const item of parsed.data.memories) {
    const message = userMessages[item.message - 1];
    if (!message) continue;
    const source = sourceOf(message, now);
    const when = item.when.trim() ? resolveDates(item.when, new Date(source.at), options.tzOffsetMinutes ?? 0)[0] : undefined;
    out.push({
      kind: item.kind,
      text: item.text.trim(),
      entities: [...new Set([message.speaker, ...item.entities].filter((e) => e))],
      subject: item.subject.trim() || null,
      speaker: message.speaker || null,
      eventAt: when ? when.date.toISOString() : null,
      importance: item.importance,
      sources: [source],
    });
  }
  return out;
}
