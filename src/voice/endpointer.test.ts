import { test } from "node:test";
import assert from "node:assert/strict";
import { Endpointer, defaultEndpointRules, validateEndpointRules, type EndpointEvent } from "./endpointer.js";

const W = 512; // 32 ms windows at 16 kHz
/** Feeds a pattern of speech (true) / silence (false) runs given in milliseconds. */
function run(endpointer: Endpointer, runs: [boolean, number][]): EndpointEvent[] {
  const events: EndpointEvent[] = [];
  for (const [speech, ms] of runs) for (let i = 0; i < Math.round((ms * 16) / W); i++) events.push(...endpointer.push(speech, W));
  return events;
}
const ends = (events: EndpointEvent[]) => events.filter((e) => e.type === "speech-end");

test("a slow speaker's pauses do not end her turn; a long silence does", () => {
  const e = new Endpointer();
  const events = run(e, [
    [false, 500],
    [true, 900],
    [false, 600],
    [true, 700],
    [false, 500],
    [true, 400],
    [false, 1200],
  ]);
  assert.equal(events.filter((x) => x.type === "speech-start").length, 1);
  const end = ends(events);
  assert.equal(end.length, 1, "one utterance through two pauses of 600 and 500 ms");
  assert.equal(end[0]!.type === "speech-end" && end[0]!.reason, "silence");
  const [first] = end as Extract<EndpointEvent, { type: "speech-end" }>[];
  // Starts with the pre-roll before the first word, ends just after the last one (post-roll), not at the end of the silence.
  assert.ok(Math.abs(first!.startSample - (Math.round((500 * 16) / W) * W - 250 * 16)) <= W, `start ${first!.startSample}`);
  const lastSpeech = [500, 900, 600, 700, 500, 400].reduce((n, ms) => n + Math.round((ms * 16) / W) * W, 0);
  assert.ok(first!.endSample >= lastSpeech && first!.endSample <= lastSpeech + 200 * 16 + W, `end ${first!.endSample}`);
});

test("once the words already form a command, a shorter pause ends the turn", () => {
  const slow = new Endpointer();
  assert.equal(
    ends(
      run(slow, [
        [true, 800],
        [false, 500],
      ]),
    ).length,
    0,
  );
  const quick = new Endpointer();
  run(quick, [[true, 800]]);
  quick.setLooksComplete(true);
  assert.equal(ends(run(quick, [[false, 500]])).length, 1);
  // The hint is per utterance: the next one waits the full pause again.
  assert.equal(
    ends(
      run(quick, [
        [true, 800],
        [false, 500],
      ]),
    ).length,
    0,
  );
});

test("short bursts (a cough, a click) never start an utterance", () => {
  const e = new Endpointer();
  const events = run(e, [
    [true, 96],
    [false, 600],
    [true, 64],
    [false, 1000],
  ]);
  assert.deepEqual(events, []);
  assert.deepEqual(e.flush(), []);
});

test("a monologue is cut at the maximum length and the rest opens a new utterance; flush ends what is in progress", () => {
  const e = new Endpointer({ ...defaultEndpointRules, maxUtteranceMs: 3000 });
  const events = run(e, [[true, 4000]]);
  const end = ends(events);
  assert.equal(end.length, 1);
  assert.equal(end[0]!.type === "speech-end" && end[0]!.reason, "max-length");
  assert.equal(events.filter((x) => x.type === "speech-start").length, 2);
  const flushed = e.flush();
  assert.equal(flushed.length, 1);
  assert.equal(flushed[0]!.type === "speech-end" && flushed[0]!.reason, "flush");
});

test("rules out of range are refused by name", () => {
  assert.throws(() => validateEndpointRules({ ...defaultEndpointRules, endSilenceMs: 50 }), /endSilenceMs/);
  assert.throws(() => validateEndpointRules({ ...defaultEndpointRules, quickEndSilenceMs: 2000 }), /quickEndSilenceMs/);
});

test("what is being heard reports its voiced time and onset before it counts as an utterance (early barge-in)", () => {
  const e = new Endpointer();
  assert.equal(e.voicedMs, 0);
  const events = run(e, [
    [false, 320],
    [true, 64],
  ]);
  assert.equal(events.length, 0, "not an utterance yet");
  assert.ok(e.active);
  assert.equal(e.voicedMs, 64);
  assert.equal(e.onsetSample, 10 * W);
  run(e, [[false, 600]]);
  assert.equal(e.voicedMs, 0, "a burst that faded is forgotten");
  assert.throws(() => validateEndpointRules({ ...defaultEndpointRules, bargeInMinSpeechMs: 300 }), /bargeInMinSpeechMs/);
});
