// A whole spoken turn with real parts: Silero VAD, pocketsphinx, the real conversation service and
// storage, espeak-ng for the reply. The microphone switch gates it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createGuimiApp } from "../app/guimi-app.js";
import { makeTempDir } from "../testing/paths.js";
import { goForwardSamples, hasEspeak, hasPocketsphinx, installVadModel, sileroModelPath } from "./voice-fixtures.js";
import { parseWav, decodeSpeechWav } from "../perception/voice/index.js";
import { MicrophoneOffError } from "./voice-errors.js";
import { runFileTurn, synthesizeReply } from "./voice-turn.js";
import { loadSileroVad } from "./silero-vad.js";
import { createEspeakTextToSpeech } from "./text-to-speech.js";
import type { SpeechToText } from "./speech-to-text.js";

const skip = !hasPocketsphinx ? "pocketsphinx is not installed" : !hasEspeak ? "espeak-ng is not installed" : false;

test("a recording becomes a stored turn and a spoken reply; off until the microphone is on", { skip }, async () => {
  const temp = makeTempDir();
  installVadModel(temp.dir);
  const app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true });
  try {
    const status = app.voice.status!();
    assert.equal(status.available, true);
    assert.deepEqual(status.recognizer, { id: "pocketsphinx-en-us", languages: ["en"] });
    assert.match(String(status.note), /English only/);
    await assert.rejects(app.voice.listenFile(goForwardSamples()), MicrophoneOffError);
    assert.equal(app.store.list("default").length, 0, "nothing heard while the microphone is off");

    app.settings.update({ sensors: { microphone: true } });
    const result = await app.voice.listenFile(goForwardSamples());
    assert.equal(result.transcript, "go forward ten meters");
    assert.equal(result.turn?.source, "no-model");
    const stored = app.store.list("default");
    assert.deepEqual(
      stored.map((m) => [m.role, m.text]),
      [
        ["user", "go forward ten meters"],
        ["assistant", result.turn!.text],
      ],
    );
    const wav = parseWav(result.audio!);
    assert.ok(wav.samples.length / wav.sampleRate > 3, "the reply is spoken");
    // Her voice fed the mood (prosody), as her words did.
    const observed = app.mood.timeline({ from: new Date(0), to: new Date(Date.now() + 1000) }).observations.map((o) => o.modality);
    assert.ok(observed.includes("voice") && observed.includes("text"), observed.join(","));
  } finally {
    await app.close();
    temp.cleanup();
  }
});

test("a spoken command takes the fast path exactly as typed text", { skip: hasEspeak ? false : "espeak-ng is not installed" }, async () => {
  // pocketsphinx's general English model does not recognise espeak-ng's synthetic "remind me" reliably,
  // so this turn's recogniser returns what SenseVoice would; VAD, audio, conversation and storage are real.
  const temp = makeTempDir();
  const app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true });
  try {
    const tts = createEspeakTextToSpeech();
    const spoken = decodeSpeechWav(new Uint8Array(await tts.synthesize("remind me in ten minutes to stretch", "en"))).samples;
    const heard: number[] = [];
    const stt: SpeechToText = {
      id: "fixed",
      languages: ["en"],
      async transcribe(samples) {
        heard.push(samples.length);
        return { text: "remind me in ten minutes to stretch" };
      },
    };
    const result = await runFileTurn({ vad: loadSileroVad({ modelPath: sileroModelPath }), stt, tts, conversation: app.conversation }, spoken);
    assert.equal(heard.length, 1, "one utterance");
    assert.ok(heard[0]! > spoken.length * 0.6, "the utterance holds the speech");
    assert.equal(result.turn?.source, "reminder");
    const reminders = app.reminders.list();
    assert.equal(reminders.length, 1);
    assert.match(reminders[0]!.title, /stretch/);
    assert.ok(result.audio && parseWav(result.audio).samples.length > 0);
  } finally {
    await app.close();
    temp.cleanup();
  }
});

test("a reply is synthesised piece by piece into one WAV", { skip: hasEspeak ? false : "espeak-ng is not installed" }, async () => {
  const wav = parseWav((await synthesizeReply(createEspeakTextToSpeech(), "好呀，我记下啦。Have a nice day!", "zh"))!);
  assert.ok(wav.samples.length / wav.sampleRate > 1.5);
});
