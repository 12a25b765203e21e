// In-process requests (Hono's app.request) have no socket: the edge guard refuses a request whose peer is
// unknown, so tests that call the API in-process say it comes from this device's own loopback.
import type { HttpBindings } from "@hono/node-server";

export const loopbackEnv = { incoming: { socket: { remoteAddress: "127.0.0.1" } } } as unknown as HttpBindings;
