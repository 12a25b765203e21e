// A crisis said aloud gets the same safety reply as typed text, spoken, every time: the transcript goes
// through the conversation's fast path, where the crisis capability runs first.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createGuimiApp } from "../app/guimi-app.js";
import { makeTempDir } from "../testing/paths.js";
import { hasEspeak, sileroModelPath } from "./voice-fixtures.js";
import { decodeSpeechWav, parseWav } from "../perception/voice/index.js";
import { runFileTurn } from "./voice-turn.js";
import { loadSileroVad } from "./silero-vad.js";
import { createEspeakTextToSpeech } from "./text-to-speech.js";
import type { SpeechToText } from "./speech-to-text.js";

const cases = [
  { lang: "zh" as const, said: "我不想活了", reply: /安全|热线|陪着你|12356|400/u },
  { lang: "en" as const, said: "i want to kill myself tonight", reply: /safe|988|help|line/iu },
];

for (const c of cases) {
  test(`a spoken crisis (${c.lang}) gets the safety reply, spoken, and a safety event`, {
    skip: hasEspeak ? false : "espeak-ng is not installed",
  }, async () => {
    // The recogniser returns what SenseVoice would hear (pocketsphinx has no Chinese); VAD, the conversation,
    // the crisis capability, storage and speech are real.
    const temp = makeTempDir();
    const app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true });
    try {
      const tts = createEspeakTextToSpeech();
      const spoken = decodeSpeechWav(new Uint8Array(await tts.synthesize(c.said, c.lang))).samples;
      const stt: SpeechToText = { id: "fixed", languages: [c.lang], transcribe: async () => ({ text: c.said }) };
      const result = await runFileTurn({ vad: loadSileroVad({ modelPath: sileroModelPath }), stt, tts, conversation: app.conversation }, spoken);
      assert.equal(result.transcript, c.said);
      assert.equal(result.turn?.source, "crisis");
      assert.match(result.turn!.text, c.reply);
      assert.ok(result.audio && parseWav(result.audio).samples.length > 0, "the safety reply is spoken");
      assert.equal(app.data.list("safety").length, 1, "a safety event is recorded in 我的数据");
    } finally {
      await app.close();
      temp.cleanup();
    }
  });
}
