// Speech out on its own: driven by the bus, silent until she turns it on, replies only when she asked,
// a new reply interrupts, music ducks while it speaks, and nothing is said after stopSpeaking().
import assert from "node:assert/strict";
import { test } from "node:test";
import { RecordingBus } from "../testing/recording-bus.js";
import { speechOutCapability } from "./speech-out.js";
import type { TextToSpeech } from "./text-to-speech.js";

test("says what Guimi says first, and replies when asked, through the voice it was given", async () => {
  const bus = new RecordingBus();
  const switches = { enabled: false, replies: false };
  const ducks: boolean[] = [];
  const spoken: string[] = [];
  let interrupts = 0;
  const tts: TextToSpeech = {
    synthesize: async () => Buffer.alloc(0),
    speak: async (text, lang) => void spoken.push(`${lang}:${text}`),
    interrupt: () => void (interrupts += 1),
  };
  const speech = speechOutCapability.create({ bus, speech: () => switches, duck: (on) => ducks.push(on) });
  const care = (text: string, lang: "zh" | "en") => bus.emit("care-message", { kind: "care", rule: "t", reason: "t", text, lang, messageId: 1, at: "" });
  const reply = (text: string, finish = "done") => bus.emit("reply-end", { conversationId: "default", replyId: 1, text, finish, source: "model" });

  speech.speakWith(tts);
  care("喝口水吧", "zh");
  assert.deepEqual(spoken, [], "silent until she turns speech on");
  switches.enabled = true;
  care("喝口水吧", "zh");
  reply("Sure, I'll remind you.");
  switches.replies = true;
  reply("好的，二十分钟后提醒你。");
  reply("never mind", "cancelled");
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(spoken, ["zh:喝口水吧", "zh:好的，二十分钟后提醒你。"]);
  assert.deepEqual(ducks, [true, true, false, false]);
  assert.deepEqual(
    bus.of("speech").map((s) => s.speaking),
    [true, false],
  );
  bus.emit("reply-start", { conversationId: "default", replyId: 2, userMessageId: 2, lang: "zh", source: "model" });
  speech.interrupt();
  assert.equal(interrupts, 2);

  speech.stopSpeaking();
  care("还在吗", "zh");
  speech.interrupt();
  assert.equal(spoken.length, 2, "nothing said after stopSpeaking");
  assert.equal(interrupts, 2, "no voice to interrupt after stopSpeaking");
});
