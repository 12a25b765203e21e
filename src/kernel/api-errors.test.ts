// The one error family: every error leaves in the same shape, on HTTP, WebSocket, SSE and a refused upgrade.
import { test } from "node:test";
import assert from "node:assert/strict";
import { describeError, EdgeError, rawHttpError, sseErrorEvent, wsErrorFrame } from "./api-errors.js";
import { GuimiError, InputError } from "../errors.js";

test("codes map to statuses; unknown errors are a 500 that tells nothing of their insides", () => {
  assert.deepEqual(describeError(new InputError("text: too long")), { status: 400, body: { error: { code: "bad-input", message: "text: too long" } } });
  assert.equal(describeError(new EdgeError("no token", "unauthorized")).status, 401);
  assert.equal(describeError(new EdgeError("foreign origin", "forbidden")).status, 403);
  assert.equal(describeError(new GuimiError("camera off", "refused")).status, 403);
  assert.equal(describeError(new EdgeError("big", "too-large")).status, 413);
  assert.equal(describeError(new EdgeError("text/plain", "unsupported-media-type")).status, 415);
  assert.equal(describeError(new GuimiError("busy", "unavailable")).status, 503);
  const original = console.error;
  console.error = () => undefined;
  try {
    const internal = describeError(new TypeError("cannot read properties of undefined (reading 'secret')"));
    assert.equal(internal.status, 500);
    assert.equal(internal.body.error.code, "internal");
    assert.doesNotMatch(internal.body.error.message, /secret/);
  } finally {
    console.error = original;
  }
});

test("the same shape on the WebSocket, in SSE and on a refused upgrade", () => {
  const error = new EdgeError("origin: refused", "forbidden");
  assert.deepEqual(JSON.parse(wsErrorFrame(error)), { type: "error", error: { code: "forbidden", message: "origin: refused" } });
  const sse = sseErrorEvent(error);
  assert.equal(sse.event, "error");
  assert.deepEqual(JSON.parse(sse.data), { error: { code: "forbidden", message: "origin: refused" } });
  const raw = rawHttpError(error);
  assert.match(raw, /^HTTP\/1\.1 403 Forbidden\r\n/);
  const [head, body] = raw.split("\r\n\r\n");
  assert.match(head!, new RegExp(`Content-Length: ${Buffer.byteLength(body!)}`));
  assert.deepEqual(JSON.parse(body!), { error: { code: "forbidden", message: "origin: refused" } });
});
