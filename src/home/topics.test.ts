// Payload parsing at the MQTT boundary: the forms phones, Home Assistant and people send, and the
// errors that name what was wrong.
import { test } from "node:test";
import assert from "node:assert/strict";
import { homeTopics, parseCommand, parseInput } from "./topics.js";

const b = (s: string) => Buffer.from(s);

test("topics live under guimi/<device-id>/", () => {
  const t = homeTopics("desk");
  assert.equal(t.state, "guimi/desk/state");
  assert.equal(t.command("sensor/camera"), "guimi/desk/command/sensor/camera");
  assert.equal(t.inputs, "guimi/desk/input/#");
});

test("say and notify take plain text or JSON with a language", () => {
  assert.deepEqual(parseCommand("notify", b("  晚饭好了 ")), { ok: true, value: { kind: "say", text: "晚饭好了", lang: undefined, via: "notify" } });
  assert.deepEqual(parseCommand("say", b('{"text":"hi","lang":"en"}')), { ok: true, value: { kind: "say", text: "hi", lang: "en", via: "say" } });
  const bad = parseCommand("say", b('{"text":"hi","volume":3}'));
  assert.equal(bad.ok, false);
  assert.match(!bad.ok ? bad.error : "", /volume/);
});

test("switches take HA's ON/OFF, booleans, 1/0 and {on}", () => {
  for (const [payload, on] of [
    ["ON", true],
    ["off", false],
    ["true", true],
    ["0", false],
    ['{"on":true}', true],
  ] as const) {
    assert.deepEqual(parseCommand("dnd", b(payload)), { ok: true, value: { kind: "dnd", on } }, payload);
  }
  assert.deepEqual(parseCommand("sensor/camera", b("ON")), { ok: true, value: { kind: "sensor", sensor: "camera", on: true } });
  assert.match((parseCommand("dnd", b("maybe")) as { error: string }).error, /ON or OFF/);
  assert.match((parseCommand("sensor/nose", b("ON")) as { error: string }).error, /no sensor "nose"/);
});

test("phone alarm: HH:MM, an ISO time (HA's next_alarm sensor), or JSON; HA's 'unavailable' is no value", () => {
  assert.deepEqual(parseInput("phone/alarm", b("06:30")), { ok: true, value: { kind: "signal", body: { type: "phone.alarm_set", time: "06:30" } } });
  const iso = parseInput("phone/alarm", b("2026-03-03T06:30:00+08:00"));
  assert.equal(iso.ok && iso.value?.kind === "signal" && iso.value.body.time, "2026-03-03T06:30:00+08:00");
  const json = parseInput("phone/alarm", b('{"time":"06:30","at":"2026-03-02T20:00:00+08:00"}'));
  assert.equal(json.ok && json.value?.kind === "signal" && json.value.body.at, "2026-03-02T20:00:00+08:00");
  assert.deepEqual(parseInput("phone/alarm", b("unavailable")), { ok: true, value: null });
  assert.match((parseInput("phone/alarm", b("25:00")) as { error: string }).error, /time/);
});

test("location from HA person states, activity words, generic signals; unknown inputs named", () => {
  assert.deepEqual(parseInput("location", b("not_home")), { ok: true, value: { kind: "signal", body: { type: "location", place: "home", event: "left" } } });
  assert.deepEqual(parseInput("location", b("home")), { ok: true, value: { kind: "signal", body: { type: "location", place: "home", event: "arrived" } } });
  assert.deepEqual(parseInput("activity", b("Work")), { ok: true, value: { kind: "signal", body: { type: "activity", kind: "work" } } });
  assert.equal(parseInput("signal", b('{"type":"ack"}')).ok, true);
  assert.equal(parseInput("signal", b('{"type":"teleport"}')).ok, false);
  assert.match((parseInput("weather/now", b("sunny")) as { error: string }).error, /no input "weather\/now"/);
  assert.match((parseInput("activity", Buffer.alloc(20_000)) as { error: string }).error, /larger than/);
});

test("the MQTT scenario's messages become exactly the signals on its lines", async () => {
  const { readFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { projectRoot } = await import("../testing/paths.js");
  const lines = readFileSync(join(projectRoot, "src", "care", "scenarios", "phone-alarm-over-mqtt.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as { type: string; via?: string; at: string } & Record<string, unknown>)
    .filter((l) => l.via);
  assert.ok(lines.length >= 4);
  for (const { via, at: _at, ...expected } of lines) {
    const m = /^guimi\/<device-id>\/input\/(\S+) ← (\S+)/.exec(via!)!;
    const parsed = parseInput(m[1]!, b(m[2]!));
    assert.deepEqual(parsed, { ok: true, value: { kind: "signal", body: expected } }, via);
  }
});
