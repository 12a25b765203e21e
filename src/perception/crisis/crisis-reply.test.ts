import { test } from "node:test";
import assert from "node:assert/strict";
import { crisisReply } from "./crisis-reply.js";

test("zh reply carries the China helplines, a safety question and a promise to stay", () => {
  for (let seed = 0; seed < 6; seed++) {
    const r = crisisReply({ lang: "zh", locale: "zh-CN", seed });
    assert.match(r.text, /400-161-9995/);
    assert.match(r.text, /010-82951332/);
    assert.match(r.text, /安全吗/);
    assert.match(r.text, /陪着你/);
  }
});

test("en reply for the US gives 988 and asks about safety", () => {
  const r = crisisReply({ lang: "en", locale: "en-US", seed: 3 });
  assert.match(r.text, /988/);
  assert.match(r.text, /safe right now/);
  assert.match(r.text, /(staying right here|not going anywhere)/);
});

test("same seed same text, different seeds vary", () => {
  assert.equal(crisisReply({ lang: "zh", seed: 5 }).text, crisisReply({ lang: "zh", seed: 5 }).text);
  const texts = new Set(Array.from({ length: 12 }, (_, seed) => crisisReply({ lang: "en", seed }).text));
  assert.ok(texts.size > 1);
});

test("helplines are configurable and unknown regions still get real numbers", () => {
  const custom = crisisReply({ lang: "en", locale: "en-GB", helplines: [{ name: "Samaritans", phone: "116 123", hours: "24/7" }] });
  assert.match(custom.text, /116 123/);
  assert.match(custom.text, /999/);
  const unknown = crisisReply({ lang: "en", locale: "en-ZZ" });
  assert.match(unknown.text, /988/);
  const zhTw = crisisReply({ lang: "zh" });
  assert.match(zhTw.text, /400-161-9995/);
});
