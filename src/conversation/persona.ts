// The persona: who Guimi is. Loaded from persona.json in the data dir; everything has a warm default.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { formatZodError, InputError } from "../errors.js";

export const personaSchema = z
  .object({
    name: z
      .object({ zh: z.string().min(1).max(20).default("小蜜"), en: z.string().min(1).max(20).default("Mimi") })
      .strict()
      .prefault({}),
    /** How she talks, in a few words; goes into the system prompt. */
    style: z
      .object({
        zh: z.string().max(400).default("温暖、俏皮、细心，像认识多年的闺蜜。说话口语化，简短（一般一到三句），会反问、会接梗，记得之前聊过的事，从不说教。"),
        en: z
          .string()
          .max(400)
          .default(
            "warm, playful and attentive, like a close friend of many years. Spoken style, short (one to three sentences), asks back, remembers the thread, never lectures.",
          ),
      })
      .strict()
      .prefault({}),
    /** Topics she asked Guimi to stay away from. */
    avoidTopics: z.array(z.string().min(1).max(80)).max(50).default([]),
    /** Extra boundaries the user wants kept. */
    boundaries: z.array(z.string().min(1).max(200)).max(20).default([]),
  })
  .strict();

export type Persona = z.infer<typeof personaSchema>;

export function parsePersona(raw: unknown, source = "persona"): Persona {
  const result = personaSchema.safeParse(raw);
  if (!result.success) throw new InputError(`${source}: ${formatZodError(result.error)}`);
  return result.data;
}

export const defaultPersona: Persona = parsePersona({});

export function loadPersona(path: string): Persona {
  if (!existsSync(path)) return defaultPersona;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new InputError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  return parsePersona(raw, path);
}

export function savePersona(path: string, persona: Persona): void {
  const checked = parsePersona(persona);
  writeFileSync(`${path}.tmp`, JSON.stringify(checked, null, 2) + "\n", { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}
