import { test } from "node:test";
import assert from "node:assert/strict";
import { ClauseChunker, heardText, joinPieces } from "./clause-chunker.js";

function chunk(deltas: string[]): string[] {
  const c = new ClauseChunker();
  return [...deltas.flatMap((d) => c.push(d)), ...c.flush()];
}

test("the first piece ends at the first clause; later ones at sentences", () => {
  const deltas = [..."好呀，我记下啦，十分钟后提醒你起来活动一下。要不要顺便喝点水？"];
  const pieces = chunk(deltas);
  assert.equal(pieces[0], "好呀，");
  assert.deepEqual(pieces.slice(1), ["我记下啦，十分钟后提醒你起来活动一下。", "要不要顺便喝点水？"]);
  assert.equal(joinPieces(pieces), deltas.join(""));
});

test("English clauses wait for the space after a mark, so numbers and abbreviations stay whole", () => {
  const text = "Sure, I set it for 3.5 minutes from now. Remember to stretch, OK? Done";
  const pieces = chunk(text.match(/.{1,3}/gs)!);
  assert.deepEqual(pieces, ["Sure,", "I set it for 3.5 minutes from now.", "Remember to stretch, OK?", "Done"]);
  assert.equal(joinPieces(pieces), text);
});

test("a piece is emitted the moment it is complete, not at the end of the reply", () => {
  const c = new ClauseChunker();
  assert.deepEqual(c.push("嗯"), []);
  assert.deepEqual(c.push("嗯，"), ["嗯嗯，"]);
  assert.deepEqual(c.push("我在"), []);
  assert.deepEqual(c.push("呢！！"), ["我在呢！！"]);
  assert.deepEqual(c.flush(), []);
});

test("what she heard is the pieces fully played when she spoke", () => {
  const pieces = [
    { text: "好呀，", durationMs: 600 },
    { text: "我记下啦。", durationMs: 900 },
    { text: "还有别的吗？", durationMs: 800 },
  ];
  assert.equal(heardText(pieces, 100), "");
  assert.equal(heardText(pieces, 1600), "好呀，我记下啦。");
  assert.equal(heardText(pieces, 5000), "好呀，我记下啦。还有别的吗？");
});
