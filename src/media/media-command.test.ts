import { test } from "node:test";
import assert from "node:assert/strict";
import { parseMediaCommand, parseMinutes, parseNumber } from "./media-command.js";

test("zh requests become commands", () => {
  const cases: [string, unknown][] = [
    ["放首周杰伦的歌", { type: "play-query", query: "周杰伦" }],
    ["放《晴天》", { type: "play-query", query: "晴天" }],
    ["我想听《七里香》", { type: "play-query", query: "七里香" }],
    ["来点轻松的", { type: "play-relaxing" }],
    ["放首歌吧", { type: "play-mine" }],
    ["来点音乐", { type: "play-mine" }],
    ["下一首", { type: "next" }],
    ["暂停", { type: "pause" }],
    ["继续", { type: "resume" }],
    ["别放了", { type: "stop" }],
    ["大声点", { type: "volume", delta: 15 }],
    ["小声一点", { type: "volume", delta: -15 }],
    ["这首是什么歌", { type: "what" }],
    ["30 分钟后停", { type: "sleep-timer", minutes: 30 }],
    ["半小时后关掉", { type: "sleep-timer", minutes: 30 }],
    ["放雨声", { type: "sleep-sound", soundId: "rain", minutes: null }],
    ["帮我放三十分钟的雨声", { type: "sleep-sound", soundId: "rain", minutes: 30 }],
    ["来点白噪音", { type: "sleep-sound", soundId: "white-noise", minutes: null }],
    ["海浪声", { type: "sleep-sound", soundId: "waves", minutes: null }],
    ["带我做5分钟呼吸练习", { type: "meditation", meditationId: "breathing-478", minutes: 5 }],
    ["我想冥想十分钟", { type: "meditation", meditationId: "body-scan", minutes: 10 }],
    ["放《下雨天》", { type: "play-query", query: "下雨天" }],
    ["放点助眠的声音", { type: "sleep-sound", soundId: "rain", minutes: null }],
  ];
  for (const [text, expected] of cases) assert.deepEqual(parseMediaCommand(text, "zh"), expected, text);
});

test("en requests become commands", () => {
  const cases: [string, unknown][] = [
    ["play some Jay Chou", { type: "play-query", query: "jay chou" }],
    ["Play songs by Adele", { type: "play-query", query: "adele" }],
    ["play something relaxing", { type: "play-relaxing" }],
    ["play some music", { type: "play-mine" }],
    ["next", { type: "next" }],
    ["pause the music", { type: "pause" }],
    ["resume", { type: "resume" }],
    ["stop the music", { type: "stop" }],
    ["louder", { type: "volume", delta: 15 }],
    ["what song is this?", { type: "what" }],
    ["stop in 30 minutes", { type: "sleep-timer", minutes: 30 }],
    ["play some rain sounds for 30 minutes", { type: "sleep-sound", soundId: "rain", minutes: 30 }],
    ["play white noise", { type: "sleep-sound", soundId: "white-noise", minutes: null }],
    ["play November Rain", { type: "play-query", query: "november rain" }],
    ["play the rain for an hour", { type: "sleep-sound", soundId: "rain", minutes: 60 }],
    ["put on ocean sounds", { type: "sleep-sound", soundId: "waves", minutes: null }],
    ["start a 5 minute breathing exercise", { type: "meditation", meditationId: "breathing-478", minutes: 5 }],
    ["help me fall asleep", { type: "meditation", meditationId: "falling-asleep", minutes: null }],
  ];
  for (const [text, expected] of cases) assert.deepEqual(parseMediaCommand(text, "en"), expected, text);
});

test("ordinary conversation is left to the model", () => {
  for (const text of ["今天下雨了，好烦", "来点吃的", "我想听你说说话", "他唱歌很好听", "我昨天听了周杰伦的演唱会", "继续说", "停车场在哪", "你喜欢什么歌"]) {
    assert.equal(parseMediaCommand(text, "zh"), null, text);
  }
  for (const text of ["I love the rain in spring, it reminds me of home", "can you stop worrying about me", "let's play a game", "what is this"]) {
    assert.equal(parseMediaCommand(text, "en"), null, text);
  }
});

test("numbers and lengths", () => {
  assert.equal(parseNumber("三十"), 30);
  assert.equal(parseNumber("四十五"), 45);
  assert.equal(parseNumber("十"), 10);
  assert.equal(parseNumber("五"), 5);
  assert.equal(parseMinutes("一个小时"), 60);
  assert.equal(parseMinutes("for 2 hours"), 120);
  assert.equal(parseMinutes("放雨声"), null);
});
