// Chinese phrases into the wenetspeech keyword model's tokens. The first expectations are sherpa-onnx's own
// examples of its text2token ("ppinyin"), so the split follows the tokens the model was trained on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { namePhrase, spellKeyword, splitSyllable, wakePhrases } from "./keyword-spelling.js";
import { DEFAULT_KEYWORDS } from "./wake-word.js";

test("phrases are spelled as sherpa-onnx's text2token spells them (its documented examples)", () => {
  assert.equal(spellKeyword("小爱同学"), "x iǎo ài t óng x ué @小爱同学");
  assert.equal(spellKeyword("你好问问"), "n ǐ h ǎo w èn w èn @你好问问");
  assert.equal(spellKeyword("小艺小艺"), "x iǎo y ì x iǎo y ì @小艺小艺");
  // The built-in default is what the conversion gives.
  assert.equal(spellKeyword("小蜜小蜜"), DEFAULT_KEYWORDS[0]);
});

test("names: zero-initial syllables, y and w as initials, ü only where it is written, many-reading characters", () => {
  assert.equal(spellKeyword("小蜜"), "x iǎo m ì @小蜜");
  assert.equal(spellKeyword("小爱"), "x iǎo ài @小爱");
  assert.equal(spellKeyword("阿宝"), "ā b ǎo @阿宝");
  assert.equal(spellKeyword("欧阳"), "ōu y áng @欧阳");
  assert.equal(spellKeyword("绿绿"), "l ǜ l ǜ @绿绿");
  assert.equal(spellKeyword("女儿"), "n ǚ ér @女儿");
  // After j, q, x and y the ü is written u, and so is the model's token (x ué, never x üé).
  assert.equal(spellKeyword("雪儿"), "x uě ér @雪儿");
  assert.equal(spellKeyword("小鱼"), "x iǎo y ú @小鱼");
  assert.equal(spellKeyword("军哥"), "j ūn g ē @军哥");
  assert.equal(spellKeyword("王伟"), "w áng w ěi @王伟");
  assert.equal(spellKeyword("乐乐"), "l è l è @乐乐");
  assert.equal(spellKeyword("长长"), "ch áng ch áng @长长");
  // Spaces she typed are dropped; the phrase reported is the one she wrote.
  assert.equal(spellKeyword(" 小 蜜 "), "x iǎo m ì @小蜜");
});

test("a syllable without a vowel after its first letters stays one token", () => {
  assert.deepEqual(splitSyllable("zhāng"), ["zh", "āng"]);
  assert.deepEqual(splitSyllable("ér"), ["ér"]);
  assert.deepEqual(splitSyllable("ǹg"), ["ǹg"]);
  assert.deepEqual(splitSyllable("m\u0300"), ["m\u0300"]);
});

test("only Chinese characters can be spelled: English, digits and punctuation say so in both languages", () => {
  for (const phrase of ["Mimi", "小蜜2", "小蜜！", ""]) assert.throws(() => spellKeyword(phrase), /only knows Chinese.*只认汉字/);
});

test("the persona's name makes the first phrase: two characters said twice, longer names once", () => {
  assert.equal(namePhrase("小蜜"), "小蜜小蜜");
  assert.equal(namePhrase("阿宝"), "阿宝阿宝");
  assert.equal(namePhrase("欧阳娜娜"), "欧阳娜娜");
  assert.equal(namePhrase("Mimi"), null);
  assert.deepEqual(wakePhrases("小蜜", []), ["小蜜小蜜"]);
  assert.deepEqual(wakePhrases("阿宝", ["小蜜小蜜", "阿宝阿宝", "阿 宝"]), ["阿宝阿宝", "小蜜小蜜", "阿宝"]);
  assert.deepEqual(wakePhrases("Mimi", ["米米"]), ["米米"]);
});
