import { test } from "node:test";
import assert from "node:assert/strict";
import { conversationContext } from "./conversation-context.js";

const now = new Date("2026-11-20T12:00:00Z");
const ago = (min: number) => new Date(now.getTime() - min * 60_000);

test("the last two messages of the sitting, newest first, hers marked self", () => {
  const ctx = conversationContext(
    [
      { role: "user", text: "早上好", at: ago(50) },
      { role: "user", text: "我被裁员了", at: ago(2) },
      { role: "assistant", text: "啊，怎么这么突然？", at: ago(1) },
    ],
    now,
  );
  assert.deepEqual(ctx, [
    { text: "啊，怎么这么突然？", self: false },
    { text: "我被裁员了", self: true },
  ]);
});

test("an earlier sitting, blank messages and bad dates are left out", () => {
  assert.deepEqual(conversationContext([{ role: "user", text: "我被裁员了", at: ago(45) }], now), []);
  assert.deepEqual(
    conversationContext(
      [
        { role: "user", text: "好累", at: ago(3) },
        { role: "assistant", text: "  ", at: ago(2) },
      ],
      now,
    ),
    [{ text: "好累", self: true }],
  );
  assert.deepEqual(conversationContext([{ role: "user", text: "好累", at: new Date("x") }], now), []);
  assert.deepEqual(conversationContext([{ role: "care", text: "记得喝水哦", at: ago(1) }], now, { maxTurns: 1, maxAgeMs: 60_000 }), [
    { text: "记得喝水哦", self: false },
  ]);
});
