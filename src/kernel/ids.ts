// The ids the edges take, parsed strictly in one place. A row id is written the one way the database
// writes it: "0x1", "1e0", " 1", "01", "+1", "-1" or "1.0" are not message 1, they are bad input.
import { z } from "zod";
import { formatZodError, InputError } from "../errors.js";

/** A SQLite rowid as text: a positive decimal integer without sign, leading zeros or spaces. */
export const rowIdSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,15}$/, { message: "expected a positive whole number such as 42 (digits only, no sign, leading zero, space, hex or exponent)" })
  .transform(Number)
  .refine(Number.isSafeInteger, { message: "too large" });

/** A conversation id: 1–64 letters, digits, '.', '_', ':' or '-'. */
export const conversationIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, { message: "use 1–64 letters, digits, '.', '_', ':' or '-'" });

/** A generated token id (reminders "3f9a2c1e", memories "mem_…", "note-2"): letters, digits, '_' or '-'. */
export const tokenIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { message: "use 1–64 letters, digits, '_' or '-'" });

/** Parses one id from a path or query; a bad one is an InputError naming `field`. */
export function parseId<T>(schema: z.ZodType<T, string>, value: string | undefined, field = "id"): T {
  const parsed = schema.safeParse(value ?? "");
  if (!parsed.success) throw new InputError(formatZodError(parsed.error).replace(/^\(root\)/, field));
  return parsed.data;
}
