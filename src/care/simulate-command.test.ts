import { test } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { runSimulateCommand, type SimulationOutput } from "../cli/simulate-command.js";
import { zoneForOffset } from "./simulation-timeline.js";

async function simulate(input: string, options: { json?: boolean; includeChat?: boolean } = {}) {
  let out = "";
  let err = "";
  const outputs: SimulationOutput[] = [];
  const code = await runSimulateCommand({ input, output: (t) => (out += t), error: (t) => (err += t), onOutput: (o) => outputs.push(o), ...options });
  return { code, out, err, outputs };
}

test("bad lines: exit code 2 naming the line and the field, nothing run", async () => {
  const cases: [string, RegExp][] = [
    ['{"at":"2026-03-02T08:00:00+08:00","type":"tick"}\n{"at":"2026-03-02T09:00:00","type":"tick"}', /line 2: at: expected an ISO time with offset/],
    ['{"at":"2026-03-02T08:00:00+08:00","type":"activity","kind":"nap"}', /line 1: kind/],
    ['{"at":"2026-03-02T08:00:00+08:00","type":"dance"}', /line 1: type: expected one of/],
    ['{"at":"2026-03-02T08:00:00+08:00","type":"weather","condition":"rain","tempC":"warm"}', /line 1: tempC/],
    ['{"at":"2026-03-02T08:00:00+08:00","type":"phone.alarm_set","time":"soon"}', /line 1: time/],
    ['{"at":"2026-03-02T08:00:00+08:00","type":"settings","quietHours":"late"}', /line 1: quietHours/],
    ['{"at":"2026-03-02T08:00:00+08:00","type":"settings","quietHours":{"start":"25:00","end":"07:00"}}', /line 1: quietHours\.start/],
    ['{"at":"2026-03-02T08:00:00+08:00","type":"tick"}\n\n{"at":"2026-03-02T07:00:00+08:00","type":"tick"}', /line 3: at: earlier/],
    ["{not json", /line 1: not valid JSON/],
    ['{"at":"2026-03-02T08:00:00+08:00","type":"utterance","text":""}', /line 1: text/],
  ];
  for (const [input, message] of cases) {
    const result = await simulate(input, { json: true });
    assert.equal(result.code, 2, input);
    assert.match(JSON.parse(result.err).error, message);
    assert.equal(result.out, "");
  }
  const readable = await simulate('{"at":"x","type":"tick"}');
  assert.equal(readable.code, 2);
  assert.match(readable.err, /^error: line 1: at/);
});

test("unknown extra fields are ignored; a calendar time without offset is read in the line's offset", async () => {
  const input = [
    '{"at":"2026-03-02T20:00:00+08:00","type":"activity","kind":"screen","note":"on the sofa"}',
    '{"at":"2026-03-02T20:00:00+08:00","type":"phone.calendar","title":"面试","start":"2026-03-03T10:00"}',
    '{"at":"2026-03-04T09:30:00+08:00","type":"utterance","text":"早"}',
  ].join("\n");
  const result = await simulate(input, { json: true });
  assert.equal(result.code, 0, result.err);
  assert.ok(result.outputs.some((o) => o.rule === "event-follow-up" && o.at === "2026-03-04T09:30:00+08:00" && o.text.includes("面试")));
});

test("readable and JSON output; open chat with no model is left out unless asked for", async () => {
  const input = [
    '{"at":"2026-03-02T10:00:00+08:00","type":"utterance","text":"在吗"}',
    '{"at":"2026-03-02T10:01:00+08:00","type":"utterance","text":"十分钟后提醒我关火"}',
    '{"at":"2026-03-02T10:20:00+08:00","type":"tick"}',
  ].join("\n");
  const readable = await simulate(input);
  assert.equal(readable.code, 0);
  assert.match(readable.out, /2026-03-02T10:01:00\+08:00 {2}\[reply · reminder\]/);
  assert.match(readable.out, /2026-03-02T10:11:00\+08:00 {2}\[reminder · reminder\] .*关火/);
  assert.match(readable.out, /为什么: /);
  assert.equal(readable.outputs.length, 2);
  const chat = await simulate(input, { json: true, includeChat: true });
  assert.deepEqual(
    chat.outputs.map((o) => o.rule),
    ["no-model", "reminder", "reminder"],
  );
  assert.deepEqual(
    chat.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).rule),
    ["no-model", "reminder", "reminder"],
  );
});

test("a stream works as input (stdin), and an empty timeline says nothing", async () => {
  const code = await runSimulateCommand({ input: Readable.from([Buffer.from('{"at":"2026-03-02T10:00:00+08:00","type":"tick"}\n')]), output: () => undefined });
  assert.equal(code, 0);
  assert.equal((await simulate("# nothing here\n\n")).code, 0);
});

test("fixed offsets map to zones with exactly that offset", () => {
  assert.equal(zoneForOffset(480), "Asia/Shanghai");
  assert.equal(zoneForOffset(-300), "Etc/GMT+5");
  assert.equal(zoneForOffset(60), "Etc/GMT-1");
  assert.equal(zoneForOffset(330), "Asia/Kolkata");
  assert.throws(() => zoneForOffset(17));
});

test("reasonable input forms are read, not refused", async () => {
  const input = [
    '{"at":"2026-03-02T19:00:00+08:00","type":"settings","quietHours":"22:00-07:00","dnd":"false","lang":"en-US"}',
    '{"at":"2026-03-02T19:00:00+08:00","type":"activity","kind":"Screen"}',
    '{"at":"2026-03-02T19:01:00+08:00","type":"phone.alarm_set","time":"2026-03-03T05:30:00"}',
    '{"at":"2026-03-02T19:02:00+08:00","type":"phone.alarm_set","time":"6:30 am"}',
    '{"at":"2026-03-02T19:03:00+08:00","type":"touch","pressure":"soft","pattern":"pat"}',
    '{"at":"2026-03-02T19:04:00+08:00","type":"weather","condition":"drizzle","tempC":"9°C"}',
    '{"at":"2026-03-02T19:05:00+08:00","type":"phone.calendar","title":"exam","start":"2026-03-05"}',
    '{"at":"2026-03-02T19:06:00+08:00","type":"location","place":"office","event":"enter"}',
    '{"at":"2026-03-02T19:07:00+08:00","type":"device.power","state":"ON"}',
    '{"at":"2026-03-02T21:45:00+08:00","type":"tick"}',
  ].join("\n");
  const result = await simulate(input, { json: true });
  assert.equal(result.code, 0, result.err);
  // The 05:30 alarm (no offset: her own clock) gets its nudge at 21:30, in English.
  const nudge = result.outputs.find((o) => o.rule === "early-alarm-bedtime");
  assert.equal(nudge?.at, "2026-03-02T21:30:00+08:00");
  assert.equal(nudge?.lang, "en");
});
