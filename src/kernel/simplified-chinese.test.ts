import assert from "node:assert/strict";
import { test } from "node:test";
import { toSimplified } from "./simplified-chinese.js";

test("traditional Chinese (Hong Kong, Taiwan) is folded to simplified; simplified and Latin text are left as they are", () => {
  assert.equal(toSimplified("我想自殺"), "我想自杀");
  assert.equal(toSimplified("這個世界沒有我也一樣"), "这个世界没有我也一样");
  assert.equal(toSimplified("活著好累，我睡不著"), "活着好累，我睡不着");
  assert.equal(toSimplified("遺書已經寫好了"), "遗书已经写好了");
  // The simplified "么" stays (OpenCC's Taiwan table would make it "幺"), and so does 著 in 著名 and 显著.
  assert.equal(toSimplified("你在干什么？这本名著很著名，效果显著"), "你在干什么？这本名著很著名，效果显著");
  assert.equal(toSimplified("I want to die"), "I want to die");
  assert.equal(toSimplified(""), "");
});
