import { test } from "node:test";
import assert from "node:assert/strict";
import { chineseNumber, resolveDates, resolveTimeRange } from "./date-resolution.js";

const china = 480;
// Friday 2024-05-03, 20:00 in Beijing.
const now = new Date("2024-05-03T12:00:00Z");
const day = (d: Date) => new Date(d.getTime() + china * 60_000).toISOString().slice(0, 10);

test("Chinese relative dates resolve in the user's zone", () => {
  const cases: [string, string][] = [
    ["下周三面试", "2024-05-08"],
    ["明天下午三点开会", "2024-05-04"],
    ["后天去医院", "2024-05-05"],
    ["上周六去爬山了", "2024-04-27"],
    ["周末去看演唱会", "2024-05-04"],
    ["下个月5号出差", "2024-06-05"],
    ["5月20日约会", "2024-05-20"],
    ["15号交报告", "2024-05-15"],
    ["三天后考试", "2024-05-06"],
    ["昨天好累", "2024-05-02"],
  ];
  for (const [text, expected] of cases) {
    const first = resolveDates(text, now, china)[0];
    assert.ok(first, `no date in ${text}`);
    assert.equal(day(first.date), expected, text);
  }
});

test("English dates resolve through chrono", () => {
  assert.equal(day(resolveDates("I have an interview next Wednesday", now, china)[0]!.date), "2024-05-08");
  assert.equal(day(resolveDates("last Saturday we went camping", now, china)[0]!.date), "2024-04-27");
  assert.equal(resolveDates("I may go", now, china).length, 0);
});

test("question periods become ranges", () => {
  const lastWeek = resolveTimeRange("我上周干嘛了", now, china)!;
  assert.equal(day(lastWeek.start), "2024-04-22");
  assert.equal(day(new Date(lastWeek.end.getTime() - 1)), "2024-04-28");
  const may = resolveTimeRange("what did I do in May", new Date("2024-08-01T00:00:00Z"), 0)!;
  assert.equal(may.start.toISOString(), "2024-05-01T00:00:00.000Z");
  assert.equal(may.end.toISOString(), "2024-06-01T00:00:00.000Z");
  assert.equal(resolveTimeRange("what does Melanie like to paint?", now, 0), null);
  assert.equal(chineseNumber("二十一"), 21);
});
