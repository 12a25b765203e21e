import assert from "node:assert/strict";
import { test } from "node:test";
import { countHan, countLatinLetters, detectLanguage, HAN_CHARS, hanRuns, hasHan, isHanChar, scriptLang } from "./lang.js";

test("detectLanguage: the script that carries the message wins, the fallback when none does", () => {
  assert.equal(detectLanguage("今天好累啊"), "zh");
  assert.equal(detectLanguage("I'm so tired today"), "en");
  assert.equal(detectLanguage("播放 Jay Chou 的晴天"), "zh");
  assert.equal(detectLanguage("play 晴天 by Jay Chou please"), "en");
  assert.equal(detectLanguage("123 !!", "en"), "en");
  assert.equal(detectLanguage("🙂"), "zh");
});

test("one Han check: any Chinese character (extension A and compatibility ideographs too), nothing else", () => {
  assert.equal(hasHan("hello 你"), true);
  assert.equal(hasHan("㐀"), true);
  assert.equal(hasHan("\uf900"), true);
  assert.equal(hasHan("hello，。！"), false);
  assert.equal(hasHan("こんにちは"), false);
  assert.equal(scriptLang("Call 妈妈"), "zh");
  assert.equal(scriptLang("Call mum"), "en");
});

test("counting and cutting: Han characters, Latin letters, runs with their index, single characters", () => {
  assert.equal(countHan("我想听 Jay 的歌"), 5);
  assert.equal(countLatinLetters("我想听 Jay 的歌"), 3);
  assert.deepEqual(
    hanRuns("听Jay的晴天").map((m) => [m[0], m.index]),
    [
      ["听", 0],
      ["的晴天", 4],
    ],
  );
  assert.equal(isHanChar("猫"), true);
  assert.equal(isHanChar("猫咪"), false);
  assert.equal(isHanChar("a"), false);
  assert.equal(new RegExp(`^[${HAN_CHARS}]+$`, "u").test("晴天"), true);
});
