// OpenAPI descriptions of the routes capabilities mount, kept beside those routes; the server's
// document (server/openapi.ts) reads them from here.
import { z } from "zod";

export type Operation = Record<string, unknown>;
const described: Record<string, Record<string, Operation>> = {};

/** Capabilities that mount routes also describe them here, so the document stays complete. */
export function describeApiPaths(paths: Record<string, Record<string, Operation>>): void {
  for (const [path, operations] of Object.entries(paths)) described[path] = { ...described[path], ...operations };
}

export function describedApiPaths(): Record<string, Record<string, Operation>> {
  return described;
}

export function jsonBody(schema: z.ZodType): Operation {
  return { required: true, content: { "application/json": { schema: z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) } } };
}

/** A body of raw bytes (audio, an image, a calendar file); the edge guard accepts only these types, up to maxBytes. */
export function binaryBody(types: readonly string[], maxBytes: number): Operation {
  return {
    required: true,
    "x-max-bytes": maxBytes,
    content: Object.fromEntries(types.map((type) => [type, { schema: { type: "string", format: "binary" } }])),
  };
}
