// The small router type the server provides to capabilities: Hono on web-standard types, plus the two
// boundary readers every route uses. Capabilities import this, never `server/`.
import type { Context, Hono } from "hono";
import type { HttpBindings } from "@hono/node-server";
import type { z } from "zod";
import { formatZodError, InputError } from "../errors.js";

/** Who is asking, as the edge guard decided: this device's own screen or CLI (loopback), or a paired device. */
export type ApiClient = { kind: "local" } | { kind: "device"; device: { id: string; name: string } };

export type ApiEnv = { Bindings: HttpBindings; Variables: { client?: ApiClient } };
export type ApiRouter = Hono<ApiEnv>;

/** Parses a JSON body against a schema; a bad body is an InputError naming the field. */
export async function readJson<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new InputError("body: expected a JSON object");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new InputError(formatZodError(parsed.error));
  return parsed.data;
}

export function readQuery<T>(c: Context, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw new InputError(formatZodError(parsed.error));
  return parsed.data;
}
